// The state database's schema, as an ordered list of migrations. Each runs in its own transaction
// and is recorded in `schema_migrations`, so a store opened by a newer keyless is upgraded in place
// and a failed migration leaves the previous version intact. Never edit a shipped migration: add one.
import type Database from "better-sqlite3";
import { KeylessError } from "../core/errors.js";

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: "snapshots, pull requests, branches, key events, verifications",
    sql: `
      CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        json TEXT NOT NULL
      );
      CREATE INDEX snapshots_by_kind ON snapshots (kind, at, id);

      CREATE TABLE pull_requests (
        repo TEXT NOT NULL,
        branch TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'migration',
        number INTEGER NOT NULL,
        url TEXT NOT NULL,
        base_branch TEXT NOT NULL,
        head_sha TEXT NOT NULL,
        plan_hash TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'merged', 'closed')),
        opened_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        merged_at TEXT,
        merge_sha TEXT,
        opted_out INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (repo, branch)
      );

      CREATE TABLE branches (
        repo TEXT NOT NULL,
        branch TEXT NOT NULL,
        head_sha TEXT NOT NULL,
        plan_hash TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (repo, branch)
      );

      CREATE TABLE key_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        access_key_id TEXT NOT NULL,
        account_id TEXT NOT NULL,
        action TEXT NOT NULL,
        at TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX key_events_by_key ON key_events (access_key_id, at, id);

      CREATE TABLE verifications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        access_key_id TEXT NOT NULL,
        at TEXT NOT NULL,
        verdict TEXT NOT NULL,
        reasons TEXT NOT NULL
      );
      CREATE INDEX verifications_by_key ON verifications (access_key_id, at, id);
    `,
  },
  {
    version: 2,
    description: "scan cache: GitHub answers with their ETags, workflow files by tree",
    // kind 'http': a REST answer (key: path and query; tag: its ETag; body: status, link, JSON text).
    // kind 'workflows': a repo's workflow files (key: owner/name; tag: the tree ids they came from).
    // Never a token or a secret value: GitHub only ever returns secret names and dates.
    sql: `
      CREATE TABLE scan_cache (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        tag TEXT NOT NULL,
        body TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (kind, key)
      );
    `,
  },
];

export function schemaVersion(db: Database.Database): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const row = db.prepare("SELECT MAX(version) AS version FROM schema_migrations").get() as { version: number | null };
  return row.version ?? 0;
}

/** Brings the database to the last migration's version; returns the versions before and after. */
export function migrate(db: Database.Database, file: string, migrations: Migration[] = MIGRATIONS): { from: number; to: number } {
  const from = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new KeylessError(
      "StateTooNew",
      `${file} was written by a newer keyless (state version ${from}; this one knows up to ${latest}).`,
      "Upgrade keyless, or point --state at another file.",
    );
  }
  const record = db.prepare("INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.description);
    })();
  }
  return { from, to: Math.max(from, latest) };
}

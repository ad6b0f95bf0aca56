// The StateStore on SQLite (better-sqlite3): one file, WAL journal, synchronous commits, schema
// migrations on open. Each public write is one statement or one transaction, so a process killed
// mid-run leaves every earlier write whole and no later one half done.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { KeylessError } from "../core/errors.js";
import { makeDirNoFollow, refuseSymlinks, writeFilesUnder } from "../core/no-follow.js";
import { migrate, MIGRATIONS, type Migration } from "./migrations.js";
import type { BranchRecord, KeyAction, KeyEvent, PrRecord, ScanCacheEntry, Snapshot, SnapshotKind, StateStore, Verdict, Verification } from "./store.js";
import { redactStoredJson } from "./redact.js";

/** Where the state lives unless told otherwise, relative to the working folder. */
export const DEFAULT_STATE_PATH = ".keyless/state.db";

/** `--state` first, then KEYLESS_STATE, then .keyless/state.db under `cwd`. */
export function resolveStatePath(cwd: string, flag?: string, env: Record<string, string | undefined> = {}): string {
  return resolve(cwd, flag ?? env.KEYLESS_STATE ?? DEFAULT_STATE_PATH);
}

export interface OpenOptions {
  /** Migrations to bring the file to (tests); the shipped list by default. */
  migrations?: Migration[];
}

/** Opens (creating the folder and file on first use) and migrates the state database at `path`. */
export function openStateStore(path: string, options: OpenOptions = {}): StateStore {
  const dir = dirname(path);
  // SQLite follows links, and writes -wal/-shm/-journal files beside the database: a checkout that
  // commits .keyless (or any of these) as a link must not redirect the state.
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) refuseSymlinks(file);
  if (!existsSync(dir)) {
    makeDirNoFollow(dir);
    // The state holds scan snapshots (names, ARNs, dates — never secret values); still, nobody
    // means to commit it.
    if (dir.endsWith(".keyless")) writeFilesUnder(dir, [{ path: ".gitignore", text: "*\n" }]);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: 5000 });
    db.pragma("journal_mode = WAL");
  } catch (error) {
    throw new KeylessError("StateUnreadable", `Cannot open the state database ${path}: ${(error as Error).message}.`, "Check the path given to --state (or KEYLESS_STATE), its permissions, and that it is a keyless state file.", { cause: error });
  }
  return prepareStore(db, path, options);
}

/** Opens the state at `path` only if it exists: a dry run reads the state but never creates it. */
export function openExistingStateStore(path: string): StateStore | undefined {
  return existsSync(path) ? openStateStore(path) : undefined;
}

/** A store that lives in memory (tests, and dry runs with no state yet). */
export function openMemoryStateStore(options: OpenOptions = {}): StateStore {
  return prepareStore(new Database(":memory:"), ":memory:", options);
}

function prepareStore(db: Database.Database, path: string, options: OpenOptions): StateStore {
  try {
    // FULL: a commit is on disk before the call returns, so a recorded branch or PR survives a crash right after.
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    migrate(db, path, options.migrations ?? MIGRATIONS);
  } catch (error) {
    db.close();
    if (error instanceof KeylessError) throw error;
    throw new KeylessError("StateUnreadable", `Cannot read the state database ${path}: ${(error as Error).message}.`, "Check that --state (or KEYLESS_STATE) names a keyless state file; move a damaged one aside to start afresh.", { cause: error });
  }
  return new SqliteStateStore(db);
}

interface PrRow {
  repo: string;
  branch: string;
  kind: string;
  number: number;
  url: string;
  base_branch: string;
  head_sha: string;
  plan_hash: string;
  state: PrRecord["state"];
  opened_at: string;
  updated_at: string;
  merged_at: string | null;
  merge_sha: string | null;
  opted_out: number;
}

function prFromRow(row: PrRow): PrRecord {
  return {
    repo: row.repo,
    number: row.number,
    url: row.url,
    branch: row.branch,
    baseBranch: row.base_branch,
    headSha: row.head_sha,
    planHash: row.plan_hash,
    state: row.state,
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    ...(row.merged_at ? { mergedAt: row.merged_at } : {}),
    ...(row.merge_sha ? { mergeSha: row.merge_sha } : {}),
    ...(row.opted_out ? { optedOut: true } : {}),
    kind: row.kind === "terraform" ? "terraform" : "migration",
  };
}

class SqliteStateStore implements StateStore {
  constructor(private readonly db: Database.Database) {}

  saveSnapshot(kind: SnapshotKind, json: string, at: string): number {
    const result = this.db.prepare("INSERT INTO snapshots (kind, at, json) VALUES (?, ?, ?)").run(kind, at, redactStoredJson(json));
    return Number(result.lastInsertRowid);
  }

  latestSnapshot(kind: SnapshotKind): Snapshot | undefined {
    return this.db.prepare("SELECT id, kind, at, json FROM snapshots WHERE kind = ? ORDER BY at DESC, id DESC LIMIT 1").get(kind) as Snapshot | undefined;
  }

  snapshotTimes(kind: SnapshotKind): Array<{ id: number; at: string }> {
    return this.db.prepare("SELECT id, at FROM snapshots WHERE kind = ? ORDER BY at, id").all(kind) as Array<{ id: number; at: string }>;
  }

  snapshot(id: number): Snapshot | undefined {
    return this.db.prepare("SELECT id, kind, at, json FROM snapshots WHERE id = ?").get(id) as Snapshot | undefined;
  }

  upsertPr(r: PrRecord): void {
    this.db
      .prepare(
        `INSERT INTO pull_requests (repo, branch, kind, number, url, base_branch, head_sha, plan_hash, state, opened_at, updated_at, merged_at, merge_sha, opted_out)
         VALUES (@repo, @branch, @kind, @number, @url, @baseBranch, @headSha, @planHash, @state, @openedAt, @updatedAt, @mergedAt, @mergeSha, @optedOut)
         ON CONFLICT (repo, branch) DO UPDATE SET kind = excluded.kind, number = excluded.number, url = excluded.url,
           base_branch = excluded.base_branch, head_sha = excluded.head_sha, plan_hash = excluded.plan_hash, state = excluded.state,
           opened_at = excluded.opened_at, updated_at = excluded.updated_at, merged_at = excluded.merged_at,
           merge_sha = excluded.merge_sha, opted_out = excluded.opted_out`,
      )
      .run({ ...r, kind: r.kind ?? "migration", mergedAt: r.mergedAt ?? null, mergeSha: r.mergeSha ?? null, optedOut: r.optedOut ? 1 : 0 });
  }

  getPr(repo: string, branch?: string): PrRecord | undefined {
    const row = branch
      ? this.db.prepare("SELECT * FROM pull_requests WHERE repo = ? AND branch = ?").get(repo, branch)
      : this.db.prepare("SELECT * FROM pull_requests WHERE repo = ? AND kind = 'migration' ORDER BY updated_at DESC LIMIT 1").get(repo);
    return row ? prFromRow(row as PrRow) : undefined;
  }

  listPrs(): PrRecord[] {
    return (this.db.prepare("SELECT * FROM pull_requests ORDER BY repo, branch").all() as PrRow[]).map(prFromRow);
  }

  recordBranch(r: BranchRecord): void {
    this.db
      .prepare(
        `INSERT INTO branches (repo, branch, head_sha, plan_hash, at) VALUES (@repo, @branch, @headSha, @planHash, @at)
         ON CONFLICT (repo, branch) DO UPDATE SET head_sha = excluded.head_sha, plan_hash = excluded.plan_hash, at = excluded.at`,
      )
      .run(r);
  }

  getBranch(repo: string, branch: string): BranchRecord | undefined {
    const row = this.db.prepare("SELECT repo, branch, head_sha AS headSha, plan_hash AS planHash, at FROM branches WHERE repo = ? AND branch = ?").get(repo, branch);
    return row as BranchRecord | undefined;
  }

  recordKeyEvent(e: KeyEvent): void {
    this.db.prepare("INSERT INTO key_events (access_key_id, account_id, action, at, detail) VALUES (?, ?, ?, ?, ?)").run(e.accessKeyId, e.accountId, e.action, e.at, e.detail ?? null);
  }

  keyEvents(accessKeyId?: string): KeyEvent[] {
    const rows = (
      accessKeyId
        ? this.db.prepare("SELECT * FROM key_events WHERE access_key_id = ? ORDER BY at, id").all(accessKeyId)
        : this.db.prepare("SELECT * FROM key_events ORDER BY at, id").all()
    ) as Array<{ access_key_id: string; account_id: string; action: KeyAction; at: string; detail: string | null }>;
    return rows.map((r) => ({ accessKeyId: r.access_key_id, accountId: r.account_id, action: r.action, at: r.at, ...(r.detail !== null ? { detail: r.detail } : {}) }));
  }

  recordVerification(v: Verification): void {
    this.db.prepare("INSERT INTO verifications (access_key_id, at, verdict, reasons) VALUES (?, ?, ?, ?)").run(v.accessKeyId, v.at, v.verdict, JSON.stringify(v.reasons));
  }

  latestVerifications(): Verification[] {
    // The newest row per key: ties on `at` go to the later insert.
    const rows = this.db
      .prepare(
        `SELECT access_key_id, at, verdict, reasons FROM verifications v
         WHERE id = (SELECT id FROM verifications w WHERE w.access_key_id = v.access_key_id ORDER BY at DESC, id DESC LIMIT 1)
         ORDER BY access_key_id`,
      )
      .all() as Array<{ access_key_id: string; at: string; verdict: Verdict; reasons: string }>;
    return rows.map((r) => ({ accessKeyId: r.access_key_id, at: r.at, verdict: r.verdict, reasons: JSON.parse(r.reasons) as string[] }));
  }

  cachedAnswer(kind: ScanCacheEntry["kind"], key: string): ScanCacheEntry | undefined {
    return this.db.prepare("SELECT kind, key, tag, body, at FROM scan_cache WHERE kind = ? AND key = ?").get(kind, key) as ScanCacheEntry | undefined;
  }

  cacheAnswers(entries: ScanCacheEntry[]): void {
    if (entries.length === 0) return;
    const put = this.db.prepare(
      `INSERT INTO scan_cache (kind, key, tag, body, at) VALUES (@kind, @key, @tag, @body, @at)
       ON CONFLICT (kind, key) DO UPDATE SET tag = excluded.tag, body = excluded.body, at = excluded.at`,
    );
    this.db.transaction(() => {
      for (const entry of entries) put.run(entry);
    })();
  }

  transaction<T>(fn: () => T): T {
    // better-sqlite3 nests transactions as savepoints, so a store method or an inner
    // transaction() inside fn joins the outer one.
    return this.db.transaction(() => {
      const result = fn();
      // A promise would let the transaction commit before its awaited writes run.
      if (typeof (result as { then?: unknown } | null)?.then === "function") throw new Error("StateStore.transaction takes a synchronous function");
      return result;
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

// The StateStore on SQLite (better-sqlite3): one file, WAL journal, synchronous commits, schema
// migrations on open. The statements are shared with PostgreSQL (sql-store.ts).
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { KeylessError } from "../core/errors.js";
import { makeDirNoFollow, refuseSymlinks, writeFilesUnder } from "../core/no-follow.js";
import { migrate, MIGRATIONS, type Migration } from "./migrations.js";
import { refuseAsync, type SqlDriver, type SqlValue } from "./sql-driver.js";
import { SqlStateStore } from "./sql-store.js";
import type { StateStore } from "./store.js";
import { openPgStateStore } from "./pg-store.js";
import { lockFile, type LockOptions } from "./run-lock.js";
import { isPostgresUrl } from "./state-url.js";

/** Where the state lives unless told otherwise, relative to the working folder. */
export const DEFAULT_STATE_PATH = ".keyless/state.db";

/**
 * `--state` first, then KEYLESS_STATE_URL, then KEYLESS_STATE, then .keyless/state.db under `cwd`.
 * A postgres:// connection string is kept as given (print it through maskStateUrl).
 */
export function resolveStatePath(cwd: string, flag?: string, env: Record<string, string | undefined> = {}): string {
  const state = flag ?? (env.KEYLESS_STATE_URL || undefined) ?? env.KEYLESS_STATE ?? DEFAULT_STATE_PATH;
  return isPostgresUrl(state) ? state.trim() : resolve(cwd, state);
}

export interface OpenOptions {
  /** Migrations to bring the file to (tests); the shipped list by default. */
  migrations?: Migration[];
  /** Take the run lock: only one writing run at a time (run-lock.ts). */
  lock?: LockOptions;
}

/**
 * Opens (creating the folder and file on first use) and migrates the state database at `path`,
 * or the PostgreSQL database a postgres:// `path` names.
 */
export function openStateStore(path: string, options: OpenOptions = {}): StateStore {
  if (isPostgresUrl(path)) return openPgStateStore(path, options) as StateStore;
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
  if (!options.lock) return prepareStore(db, path, options);
  let release: () => void;
  try {
    release = lockFile(path, options.lock);
  } catch (error) {
    db.close();
    throw error;
  }
  try {
    const store = prepareStore(db, path, options);
    store.afterClose(release);
    return store;
  } catch (error) {
    release();
    throw error;
  }
}

/** Opens the state at `path` only if it exists: a dry run reads the state but never creates it. */
export function openExistingStateStore(path: string): StateStore | undefined {
  if (isPostgresUrl(path)) return openPgStateStore(path, { existing: true });
  return existsSync(path) ? openStateStore(path) : undefined;
}

/** A store that lives in memory (tests, and dry runs with no state yet). */
export function openMemoryStateStore(options: OpenOptions = {}): StateStore {
  return prepareStore(new Database(":memory:"), ":memory:", options);
}

function prepareStore(db: Database.Database, path: string, options: OpenOptions): SqlStateStore {
  const driver = new SqliteDriver(db);
  try {
    // FULL: a commit is on disk before the call returns, so a recorded branch or PR survives a crash right after.
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    migrate(driver, path, options.migrations ?? MIGRATIONS);
  } catch (error) {
    db.close();
    if (error instanceof KeylessError) throw error;
    throw new KeylessError("StateUnreadable", `Cannot read the state database ${path}: ${(error as Error).message}.`, "Check that --state (or KEYLESS_STATE) names a keyless state file; move a damaged one aside to start afresh.", { cause: error });
  }
  return new SqlStateStore(driver);
}

class SqliteDriver implements SqlDriver {
  readonly dialect = "sqlite";

  constructor(private readonly db: Database.Database) {}

  all<T>(sql: string, params: SqlValue[] = []): T[] {
    const statement = this.db.prepare(sql);
    if (statement.reader) return statement.all(...params) as T[];
    statement.run(...params);
    return [];
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  transaction<T>(fn: () => T): T {
    // better-sqlite3 nests transactions as savepoints, so a store method or an inner
    // transaction() inside fn joins the outer one.
    return this.db.transaction(() => {
      const result = fn();
      refuseAsync(result);
      return result;
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

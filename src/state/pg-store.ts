// The StateStore on PostgreSQL, for teams and CI where the state must outlive the runner: the same
// statements and migrations as SQLite (sql-store.ts, migrations.ts), on one connection made
// synchronous by pg-sync.ts. The state lives in the connection's schema (the first of its
// search_path): one database can hold several states, one per schema. Writers take the run lock
// (run-lock.ts) as a session advisory lock keyed by database and schema.
import { createHash } from "node:crypto";
import { KeylessError } from "../core/errors.js";
import { migrate, MIGRATIONS, type Migration } from "./migrations.js";
import { PgError, SyncPgConnection } from "./pg-sync.js";
import { acquire, thisRun, type LockHolder, type LockOptions } from "./run-lock.js";
import { refuseAsync, type SqlDriver, type SqlValue } from "./sql-driver.js";
import { SqlStateStore } from "./sql-store.js";
import { maskStateUrl, scrubPassword } from "./state-url.js";
import type { StateStore } from "./store.js";

export interface PgOpenOptions {
  migrations?: Migration[];
  /** Take the run lock (writers). */
  lock?: LockOptions;
  /** Only open a state that exists (a dry run never creates one). */
  existing?: boolean;
}

const REACH = "Check the connection string given to --state (or KEYLESS_STATE_URL), that the server is reachable, and the user's permissions (docs/config.md, \"State in PostgreSQL\").";

/** `?` placeholders (what SQLite takes) become $1, $2…; keyless's statements hold no literal `?`. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

class PgDriver implements SqlDriver {
  readonly dialect = "postgres";
  private depth = 0;

  constructor(
    private readonly conn: SyncPgConnection,
    private readonly url: string,
  ) {}

  all<T>(sql: string, params: SqlValue[] = []): T[] {
    return this.run(() => this.conn.query<T>(numbered(sql), params));
  }

  exec(sql: string): void {
    this.run(() => this.conn.query(sql));
  }

  transaction<T>(fn: () => T): T {
    // Nested calls become savepoints, as better-sqlite3 does, so an inner transaction joins the outer one.
    const savepoint = this.depth === 0 ? undefined : `keyless_${this.depth}`;
    this.exec(savepoint ? `SAVEPOINT ${savepoint}` : "BEGIN");
    this.depth++;
    let result: T;
    try {
      result = fn();
      refuseAsync(result);
    } catch (error) {
      this.depth--;
      try {
        this.exec(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}` : "ROLLBACK");
      } catch {
        // The connection is gone: the server rolls the transaction back by itself.
      }
      throw error;
    }
    this.depth--;
    this.exec(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : "COMMIT");
    return result;
  }

  close(): void {
    this.conn.close();
  }

  private run<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof PgError)) throw error;
      const message = scrubPassword(error.message, this.url);
      throw new KeylessError("StateDatabaseFailed", `The state database ${maskStateUrl(this.url)} answered: ${message}${error.sqlState ? ` (SQLSTATE ${error.sqlState})` : ""}.`, REACH, { cause: new Error(message) });
    }
  }
}

/** A signed 64-bit advisory lock key for this state (database and schema) and purpose. */
function lockKey(database: string, schema: string, purpose: string): string {
  const digest = createHash("sha256").update(`keyless-state\n${database}\n${schema}\n${purpose}`).digest();
  return digest.readBigInt64BE(0).toString();
}

function connect(url: string): SyncPgConnection {
  try {
    return new SyncPgConnection(url);
  } catch (error) {
    const message = scrubPassword((error as Error).message, url);
    throw new KeylessError("StateUnreachable", `Cannot connect to the state database ${maskStateUrl(url)}: ${message}.`, REACH, { cause: new Error(message) });
  }
}

export function openPgStateStore(url: string, options: PgOpenOptions = {}): StateStore | undefined {
  const label = maskStateUrl(url);
  const driver = new PgDriver(connect(url), url);
  let release: (() => void) | undefined;
  try {
    const scope = driver.all<{ database: string; schema: string | null }>("SELECT current_database() AS database, current_schema() AS schema")[0];
    if (!scope?.schema) {
      throw new KeylessError("StateUnreadable", `The state database ${label} has no schema to keep the state in (its search_path names none that exists).`, "Create the schema (CREATE SCHEMA keyless), or set search_path in the connection string: ?options=-c%20search_path%3Dkeyless.");
    }
    if (options.existing && !driver.all<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")[0]?.present) {
      driver.close();
      return undefined;
    }
    if (options.lock) release = takeRunLock(driver, label, lockKey(scope.database, scope.schema, "run"), options.lock);
    // Two runs opening an old state at once (readers take no run lock) upgrade it one after the other.
    const migrating = lockKey(scope.database, scope.schema, "migrate");
    driver.all("SELECT pg_advisory_lock(?::bigint)", [migrating]);
    try {
      migrate(driver, label, options.migrations ?? MIGRATIONS);
    } finally {
      driver.all("SELECT pg_advisory_unlock(?::bigint)", [migrating]);
    }
  } catch (error) {
    driver.close();
    throw error;
  }
  const store = new SqlStateStore(driver);
  if (release) {
    const done = release;
    // Before the connection ends (which releases the advisory lock), the holder's record goes.
    store.beforeClose(done);
  }
  return store;
}

/** Takes the session advisory lock and records this run as its holder; returns what forgets the record. */
function takeRunLock(driver: PgDriver, label: string, key: string, options: LockOptions): () => void {
  const holder = (): LockHolder | undefined => {
    if (!driver.all<{ present: boolean }>("SELECT to_regclass('run_lock') IS NOT NULL AS present")[0]?.present) return undefined;
    const row = driver.all<{ host: string; pid: number; command: string; started_at: string }>("SELECT host, pid, command, started_at FROM run_lock WHERE id = 1")[0];
    return row && { host: row.host, pid: row.pid, command: row.command, startedAt: row.started_at };
  };
  acquire(label, () => driver.all<{ locked: boolean }>("SELECT pg_try_advisory_lock(?::bigint) AS locked", [key])[0]?.locked === true, holder, options);
  const me = thisRun();
  // Only the lock's holder ever creates or writes this table, so two runs never race on it.
  driver.exec("CREATE TABLE IF NOT EXISTS run_lock (id INTEGER PRIMARY KEY CHECK (id = 1), host TEXT NOT NULL, pid INTEGER NOT NULL, command TEXT NOT NULL, started_at TEXT NOT NULL)");
  driver.all(
    `INSERT INTO run_lock (id, host, pid, command, started_at) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, command = excluded.command, started_at = excluded.started_at`,
    [me.host, me.pid, me.command, me.startedAt],
  );
  return () => driver.all("DELETE FROM run_lock WHERE id = 1 AND pid = ? AND started_at = ?", [me.pid, me.startedAt]);
}

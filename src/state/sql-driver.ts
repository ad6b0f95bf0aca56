// What the state store needs from a database, so that one SqlStateStore serves SQLite and
// PostgreSQL alike: positional `?` parameters, rows as plain objects, nested transactions.
// Both drivers are synchronous (PostgreSQL's through a worker thread, see pg-sync.ts), so a write
// is committed before the call returns and a transaction's function cannot await.

export type Dialect = "sqlite" | "postgres";

export type SqlValue = string | number | null;

export interface SqlDriver {
  readonly dialect: Dialect;
  /** Every row the statement returns. */
  all<T>(sql: string, params?: SqlValue[]): T[];
  /** Runs one or more statements without parameters (migrations). */
  exec(sql: string): void;
  /** Runs fn in a transaction; nested calls join it (as savepoints). */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export function first<T>(driver: SqlDriver, sql: string, params?: SqlValue[]): T | undefined {
  return driver.all<T>(sql, params)[0];
}

/** A promise would let the transaction commit before its awaited writes run. */
export function refuseAsync(result: unknown): void {
  if (typeof (result as { then?: unknown } | null)?.then === "function") throw new Error("StateStore.transaction takes a synchronous function");
}

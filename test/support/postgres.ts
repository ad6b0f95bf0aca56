// PostgreSQL for tests: one server per vitest run, started by the first test file that asks
// (the others wait for it), stopped by postgres-global.ts. Each test gets its own schema, so
// states never mix. Without PostgreSQL on the machine the tests are skipped with a message —
// except under CI=true, where they fail: CI installs PostgreSQL (.ci/run) and must run them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { postgresBinDir, startPostgres } from "./postgres-server.js";

let admin: Promise<string | undefined> | undefined;

async function waitFor(file: string, failed: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!existsSync(file)) {
    if (existsSync(failed)) throw new Error(`PostgreSQL did not start: ${readFileSync(failed, "utf8")}`);
    if (Date.now() > deadline) throw new Error("PostgreSQL did not start in 2 minutes");
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function start(): Promise<string | undefined> {
  const bin = postgresBinDir();
  if (!bin) {
    if (process.env.CI === "true") throw new Error("PostgreSQL is not installed (no initdb found) and CI=true: .ci/run installs it; its tests must run, not skip.");
    console.warn("PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin, pg_config or PATH): the PostgreSQL state tests are skipped. apt-get install postgresql to run them.");
    return undefined;
  }
  const dir = inject("keylessPgDir");
  const urlFile = join(dir, "url");
  const failed = join(dir, "failed");
  try {
    // mkdir is atomic: exactly one test process starts the server.
    mkdirSync(join(dir, "starting"));
  } catch {
    await waitFor(urlFile, failed);
    return readFileSync(urlFile, "utf8");
  }
  try {
    const url = await startPostgres(bin, dir);
    writeFileSync(urlFile, url);
    return url;
  } catch (error) {
    const e = error as { message: string; stderr?: Buffer };
    writeFileSync(failed, `${e.message}\n${e.stderr?.toString() ?? ""}`);
    throw error;
  }
}

/** The server's admin connection string, or undefined (skip) when PostgreSQL is not installed here. */
export function postgresAdminUrl(): Promise<string | undefined> {
  admin ??= start();
  return admin;
}

export async function adminQuery<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * A connection string to a new, empty state (its own schema, set as the search_path). `password`
 * is accepted and ignored by the server (trust), so a test can check it is never printed.
 */
export async function freshPgState(options: { password?: string } = {}): Promise<string> {
  const url = await postgresAdminUrl();
  if (!url) throw new Error("PostgreSQL is not available");
  const schema = `t_${randomBytes(6).toString("hex")}`;
  await adminQuery(url, `CREATE SCHEMA ${schema}`);
  const withPassword = options.password ? url.replace("keyless@", `keyless:${encodeURIComponent(options.password)}@`) : url;
  return `${withPassword}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** Runs a statement in a state's schema (the test's view of the database, beside keyless's). */
export function stateQuery<T = Record<string, unknown>>(stateUrl: string, sql: string): Promise<T[]> {
  return adminQuery<T>(stateUrl, sql);
}

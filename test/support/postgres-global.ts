// vitest globalSetup: names the folder where one PostgreSQL server for the whole run lives. The
// server is started lazily, by the first test that asks for it (test/support/postgres.ts), so a
// run without PostgreSQL tests pays nothing; this teardown stops it if it was started.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { stopPostgres } from "./postgres-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    keylessPgDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "keyless-pg-"));
  project.provide("keylessPgDir", dir);
  return () => {
    if (existsSync(join(dir, "data", "postmaster.pid"))) stopPostgres(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}

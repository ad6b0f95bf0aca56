// The run lock, on both backends, between two processes: the second run names the first (its pid
// and command), stops with exit code 75 or waits for it, and takes over the lock of a run that died.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freshPgState, postgresAdminUrl } from "../../test/support/postgres.js";
import { openExistingStateStore, openStateStore } from "./sqlite-store.js";

const HOLDER = resolve(import.meta.dirname, "../../test/support/hold-state-lock.ts");

const backends = [{ name: "sqlite", fresh: async () => join(mkdtempSync(join(tmpdir(), "keyless-lock-")), "state.db") }];
if (await postgresAdminUrl()) backends.push({ name: "postgres", fresh: () => freshPgState({ password: "lock-test-pw" }) });

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** Starts the other run; resolves once it holds the lock. */
function holdLock(state: string, ms: number): Promise<ChildProcess> {
  // node itself (not the tsx launcher), so that the child's pid is the holder's and a kill reaches it.
  const child = spawn(process.execPath, ["--import", "tsx", HOLDER, state, String(ms)], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((done, fail) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("held") && done(child));
    child.once("exit", (code) => fail(new Error(`the holder exited (${code}) before taking the lock`)));
  });
}

describe.each(backends)("run lock ($name)", (backend) => {
  it("a second writer is told who holds the lock and stops with exit code 75; a reader needs no lock", async () => {
    const state = await backend.fresh();
    const other = await holdLock(state, 60_000);
    let error: unknown;
    try {
      openStateStore(state, { lock: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "StateLocked", exitCode: 75 });
    const message = (error as Error).message;
    expect(message).toContain(`pid ${other.pid} on `);
    expect(message).toContain(" 60000` (pid");
    expect(message).not.toContain("lock-test-pw");
    const reader = openExistingStateStore(state);
    expect(reader?.listPrs()).toEqual([]);
    reader?.close();
  });

  it("--wait-for-lock: waits, saying for whom, and goes on once the other run lets go", async () => {
    const state = await backend.fresh();
    const other = await holdLock(state, 1500);
    const told: string[] = [];
    const started = Date.now();
    const store = openStateStore(state, { lock: { waitSeconds: 30, onWait: (m) => told.push(m) } });
    expect(Date.now() - started).toBeGreaterThan(200);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(`pid ${other.pid} `);
    store.upsertPr({ repo: "acme/api", number: 1, url: "u", branch: "b", baseBranch: "main", headSha: "h", planHash: "p", state: "open", openedAt: "t", updatedAt: "t" });
    // While this run holds it, the lock is this run's.
    expect(() => openStateStore(state, { lock: {} })).toThrow(new RegExp(`pid ${process.pid} `));
    store.close();
    openStateStore(state, { lock: {} }).close();
  });

  it("a run that was killed leaves no lock behind", async () => {
    const state = await backend.fresh();
    const other = await holdLock(state, 60_000);
    other.kill("SIGKILL");
    await new Promise((r) => other.once("exit", r));
    const store = openStateStore(state, { lock: { waitSeconds: 10 } });
    store.close();
  });
});

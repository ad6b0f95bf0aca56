// PostgreSQL state through the built CLI: `audit` then `pr --apply` with --state postgres://… against
// the sandbox keep the same records as with a SQLite file, a rerun writes nothing, the password in
// the connection string is never printed, and a run that finds the lock held names its holder and
// stops with exit code 75. Needs PostgreSQL on the machine (skipped without it, failing under CI=true).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStateStore, type StateStore } from "../../src/state/index.js";
import { writeAcmeRefs } from "../support/acme-refs.js";
import { runCli, tempDir } from "../support/cli.js";
import { trap } from "../support/crash.js";
import { freshPgState, postgresAdminUrl } from "../support/postgres.js";
import { startSandboxProcess, type SandboxProcess } from "../support/sandbox-process.js";

const PASSWORD = "pg-e2e-Secret-9f3";

/** What a later run reads back: every PR record and how many snapshots of each kind. */
function records(store: StateStore) {
  const prs = store.listPrs().map((p) => ({ repo: p.repo, branch: p.branch, kind: p.kind, state: p.state, number: p.number, planHash: p.planHash, baseBranch: p.baseBranch }));
  const snapshots = Object.fromEntries((["inventory", "audit", "plan"] as const).map((k) => [k, store.snapshotTimes(k).length]));
  return { prs, snapshots };
}

/** audit, then pr --apply, on a new sandbox, with `state`; returns what the state holds. */
async function auditThenPr(state: string, sandbox: SandboxProcess): Promise<{ pr: { code: number; stdout: string; stderr: string }; audit: { code: number; stdout: string; stderr: string }; dir: string }> {
  const dir = await tempDir("keyless-pg-e2e-");
  const refs = await writeAcmeRefs(dir);
  // audit takes its state (the scan cache) from the environment.
  const stateEnv = state.startsWith("postgres://") ? { KEYLESS_STATE_URL: state } : { KEYLESS_STATE: state };
  const audit = await runCli(["audit", "--org", "acme", "--quiet", "--out", dir, ...refs], { env: { ...sandbox.env, ...stateEnv }, cwd: dir });
  expect(audit.code, audit.stderr).toBe(0);
  const pr = await runCli(["pr", "--from", dir, "--apply", "--no-diff", "--state", state, ...refs], { env: sandbox.env, cwd: dir });
  expect(pr.code, pr.stdout + pr.stderr).toBe(0);
  return { pr, audit, dir };
}

const available = await postgresAdminUrl();

describe.skipIf(!available)("state in PostgreSQL, through the CLI", () => {
  const sandboxes: SandboxProcess[] = [];
  let url: string;
  let sqliteRecords: ReturnType<typeof records>;
  let first: Awaited<ReturnType<typeof auditThenPr>>;

  beforeAll(async () => {
    url = await freshPgState({ password: PASSWORD });
    const onSqlite = await startSandboxProcess(["--limits", "none"]);
    const onPg = await startSandboxProcess(["--limits", "none"]);
    sandboxes.push(onSqlite, onPg);
    const file = join(await tempDir("keyless-pg-e2e-sqlite-"), "state.db");
    const [, pg] = await Promise.all([auditThenPr(file, onSqlite), auditThenPr(url, onPg)]);
    first = pg;
    const sqlite = openStateStore(file);
    sqliteRecords = records(sqlite);
    sqlite.close();
  }, 300_000);

  afterAll(async () => {
    await Promise.all(sandboxes.map((s) => s.stop()));
  });

  it("keeps the same records as SQLite, and never prints the password", () => {
    const store = openStateStore(url);
    const pg = records(store);
    store.close();
    expect(pg.prs.length).toBeGreaterThan(0);
    expect(pg).toEqual(sqliteRecords);
    for (const output of [first.audit.stdout, first.audit.stderr, first.pr.stdout, first.pr.stderr]) expect(output).not.toContain(PASSWORD);
    expect(first.pr.stderr).toContain("state: postgres://keyless:***@127.0.0.1:");
  });

  it("a rerun of pr --apply writes nothing and changes no record", async () => {
    const env = sandboxes[1]!.env;
    const before = (await trap(env)).writes;
    const store = openStateStore(url);
    const was = records(store);
    store.close();
    const again = await runCli(["pr", "--from", first.dir, "--apply", "--no-diff", "--state", url, ...(await writeAcmeRefs(first.dir))], { env, cwd: first.dir });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect((await trap(env)).log.slice(before)).toEqual([]);
    const after = openStateStore(url);
    expect(records(after).prs).toEqual(was.prs);
    after.close();
  });

  it("while another run holds the lock, pr --apply names it and stops with exit code 75 (KEYLESS_STATE_URL)", async () => {
    const env = sandboxes[1]!.env;
    const holder = openStateStore(url, { lock: {} });
    try {
      const blocked = await runCli(["pr", "--from", first.dir, "--apply", "--no-diff", ...(await writeAcmeRefs(first.dir))], { env: { ...env, KEYLESS_STATE_URL: url }, cwd: first.dir });
      expect(blocked.code, blocked.stdout + blocked.stderr).toBe(75);
      expect(blocked.stderr).toContain("error[StateLocked]");
      expect(blocked.stderr).toContain(`pid ${process.pid} on `);
      expect(blocked.stderr).not.toContain(PASSWORD);
      // A dry run reads the state without the lock.
      const dry = await runCli(["pr", "--from", first.dir, "--no-diff", "--state", url, ...(await writeAcmeRefs(first.dir))], { env, cwd: first.dir });
      expect(dry.code, dry.stderr).toBe(0);
    } finally {
      holder.close();
    }
  });
});

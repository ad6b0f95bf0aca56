import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { freshPgState, postgresAdminUrl, stateQuery } from "../../test/support/postgres.js";
import { MIGRATIONS, type Migration } from "./migrations.js";
import { openExistingStateStore, openStateStore, resolveStatePath } from "./sqlite-store.js";
import type { PrRecord } from "./store.js";

const dir = () => mkdtempSync(join(tmpdir(), "keyless-state-"));

/**
 * Where a state lives, and the test's own look at it (beside keyless's): the same suite runs on a
 * SQLite file and on a PostgreSQL schema (a server the test setup starts; skipped, with a message,
 * only when PostgreSQL is not installed and CI is not set).
 */
interface Backend {
  name: string;
  fresh(): Promise<string>;
  rows(state: string, sql: string): Promise<unknown[]>;
  hasTable(state: string, table: string): Promise<boolean>;
}

const sqlite: Backend = {
  name: "sqlite",
  fresh: async () => join(dir(), "state.db"),
  rows: async (state, sql) => {
    const raw = new Database(state, { readonly: true });
    try {
      return raw.prepare(sql).all();
    } finally {
      raw.close();
    }
  },
  hasTable: async (state, table) => (await sqlite.rows(state, `SELECT name FROM sqlite_master WHERE name = '${table}'`)).length > 0,
};

const postgres: Backend = {
  name: "postgres",
  fresh: () => freshPgState(),
  rows: (state, sql) => stateQuery(state, sql),
  hasTable: async (state, table) => (await stateQuery<{ t: string | null }>(state, `SELECT to_regclass('${table}')::text AS t`))[0]?.t !== null,
};

const backends = (await postgresAdminUrl()) ? [sqlite, postgres] : [sqlite];

const pr = (over: Partial<PrRecord> = {}): PrRecord => ({
  repo: "acme/api",
  number: 7,
  url: "https://github.com/acme/api/pull/7",
  branch: "keyless/oidc-migration",
  baseBranch: "main",
  headSha: "a".repeat(40),
  planHash: "p1",
  state: "open",
  openedAt: "2026-11-01T00:00:00.000Z",
  updatedAt: "2026-11-01T00:00:00.000Z",
  ...over,
});

describe("openStateStore", () => {
  it("creates .keyless/ and the file on first use, keeps what was written across opens, in WAL mode", () => {
    const path = join(dir(), ".keyless", "state.db");
    expect(openExistingStateStore(path)).toBeUndefined();
    const store = openStateStore(path);
    store.upsertPr(pr());
    store.saveSnapshot("plan", "{\"a\":1}", "2026-11-01T00:00:00.000Z");
    store.close();
    expect(readFileSync(join(path, "..", ".gitignore"), "utf8")).toBe("*\n");

    const again = openExistingStateStore(path)!;
    expect(again.getPr("acme/api")).toEqual({ ...pr(), kind: "migration" });
    expect(again.latestSnapshot("plan")?.json).toBe("{\"a\":1}");
    again.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(raw.prepare("SELECT version FROM schema_migrations").all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    raw.close();
  });

  it("resolves --state, then KEYLESS_STATE, then .keyless/state.db", () => {
    expect(resolveStatePath("/w", "s.db", { KEYLESS_STATE: "/e.db" })).toBe("/w/s.db");
    expect(resolveStatePath("/w", undefined, { KEYLESS_STATE: "/e.db" })).toBe("/e.db");
    expect(resolveStatePath("/w")).toBe("/w/.keyless/state.db");
  });

  it("says clearly when the file is not a state database", () => {
    const path = join(dir(), "state.db");
    writeFileSync(path, "this is not sqlite, just text long enough to be read as a header......");
    expect(() => openStateStore(path)).toThrow(/Cannot (open|read) the state database/);
  });

  it("refuses a .keyless folder or a state file that a checkout committed as a link", () => {
    const elsewhere = dir();
    const work = dir();
    symlinkSync(elsewhere, join(work, ".keyless"));
    expect(() => openStateStore(join(work, ".keyless", "state.db"))).toThrow(expect.objectContaining({ code: "SymlinkRefused" }));
    expect(readdirSync(elsewhere)).toEqual([]);

    const victim = join(elsewhere, "victim");
    writeFileSync(victim, "precious");
    const other = dir();
    symlinkSync(victim, join(other, "state.db"));
    expect(() => openStateStore(join(other, "state.db"))).toThrow(expect.objectContaining({ code: "SymlinkRefused" }));
    symlinkSync(victim, join(other, "state2.db-wal"));
    expect(() => openStateStore(join(other, "state2.db"))).toThrow(expect.objectContaining({ code: "SymlinkRefused" }));
    expect(readFileSync(victim, "utf8")).toBe("precious");
  });
});

describe.each(backends)("migrations ($name)", (backend) => {
  const latest = MIGRATIONS.at(-1)!.version;
  const v2: Migration = { version: latest + 1, description: "notes", sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);" };

  it("upgrades an existing file in place and keeps its rows", async () => {
    const path = await backend.fresh();
    const v1 = openStateStore(path);
    v1.upsertPr(pr());
    v1.close();
    openStateStore(path, { migrations: [...MIGRATIONS, v2] }).close();
    expect(await backend.rows(path, "SELECT version FROM schema_migrations ORDER BY version")).toEqual([...MIGRATIONS, v2].map((m) => ({ version: m.version })));
    expect(await backend.rows(path, "SELECT CAST(COUNT(*) AS INTEGER) AS n FROM notes")).toEqual([{ n: 0 }]);
    const again = openStateStore(path, { migrations: [...MIGRATIONS, v2] });
    expect(again.getPr("acme/api")?.number).toBe(7);
    again.close();
  });

  it("rolls a failing migration back whole: the version and the schema stay as they were", async () => {
    const path = await backend.fresh();
    openStateStore(path).close();
    const broken: Migration = { version: latest + 1, description: "half", sql: "CREATE TABLE half (id INTEGER); CREATE TABLE oops (" };
    expect(() => openStateStore(path, { migrations: [...MIGRATIONS, broken] })).toThrow();
    expect(await backend.rows(path, "SELECT MAX(version) AS v FROM schema_migrations")).toEqual([{ v: latest }]);
    expect(await backend.hasTable(path, "half")).toBe(false);
  });

  it("refuses a file written by a newer keyless", async () => {
    const path = await backend.fresh();
    openStateStore(path, { migrations: [...MIGRATIONS, v2] }).close();
    expect(() => openStateStore(path)).toThrow(/newer keyless/);
  });
});

describe.each(backends)("scan cache ($name)", (backend) => {
  it("upgrades a version-1 file with its pull requests intact, and keeps cached answers across opens", async () => {
    const path = await backend.fresh();
    const v1 = openStateStore(path, { migrations: MIGRATIONS.slice(0, 1) });
    v1.upsertPr(pr());
    v1.close();
    const store = openStateStore(path);
    expect(store.getPr("acme/api")?.number).toBe(7);
    store.cacheAnswers([
      { kind: "http", key: "/repos/acme/api/actions/secrets?per_page=100", tag: 'W/"1"', body: "{}", at: "2026-11-01T00:00:00.000Z" },
      { kind: "workflows", key: "acme/api", tag: "t1", body: "[]", at: "2026-11-01T00:00:00.000Z" },
    ]);
    store.cacheAnswers([{ kind: "http", key: "/repos/acme/api/actions/secrets?per_page=100", tag: 'W/"2"', body: "{\"x\":1}", at: "2026-11-02T00:00:00.000Z" }]);
    store.close();
    const again = openStateStore(path);
    expect(again.cachedAnswer("http", "/repos/acme/api/actions/secrets?per_page=100")).toMatchObject({ tag: 'W/"2"', body: "{\"x\":1}" });
    expect(again.cachedAnswer("workflows", "acme/api")?.tag).toBe("t1");
    expect(again.cachedAnswer("workflows", "acme/web")).toBeUndefined();
    again.close();
  });
});

describe.each(backends)("transaction ($name)", (backend) => {
  it("an error thrown inside leaves nothing of what it wrote, in the file too", async () => {
    const path = await backend.fresh();
    const store = openStateStore(path);
    store.upsertPr(pr({ planHash: "before" }));
    expect(() =>
      store.transaction(() => {
        store.upsertPr(pr({ planHash: "after" }));
        store.recordBranch({ repo: "acme/api", branch: "keyless/oidc-migration", headSha: "b".repeat(40), planHash: "after", at: "2026-11-02T00:00:00.000Z" });
        store.recordKeyEvent({ accessKeyId: "AKIAEXAMPLE000000001", accountId: "111111111111", action: "deactivated", at: "2026-11-02T00:00:00.000Z" });
        store.saveSnapshot("inventory", "{}", "2026-11-02T00:00:00.000Z");
        throw new Error("crash mid-run");
      }),
    ).toThrow("crash mid-run");
    store.close();
    const reopened = openStateStore(path);
    expect(reopened.getPr("acme/api")?.planHash).toBe("before");
    expect(reopened.getBranch("acme/api", "keyless/oidc-migration")).toBeUndefined();
    expect(reopened.keyEvents()).toEqual([]);
    expect(reopened.latestSnapshot("inventory")).toBeUndefined();
  });

  it("nests: an inner transaction's writes go with the outer one", async () => {
    const store = openStateStore(await backend.fresh());
    expect(() =>
      store.transaction(() => {
        store.transaction(() => store.recordKeyEvent({ accessKeyId: "AKIAEXAMPLE000000001", accountId: "1", action: "deactivated", at: "t" }));
        throw new Error("outer fails");
      }),
    ).toThrow();
    expect(store.keyEvents()).toEqual([]);
    expect(store.transaction(() => 42)).toBe(42);
  });

  it("refuses an async function, whose writes would escape the transaction", async () => {
    const store = openStateStore(await backend.fresh());
    expect(() => store.transaction(async () => store.recordKeyEvent({ accessKeyId: "K", accountId: "1", action: "deleted", at: "t" }))).toThrow(/synchronous/);
    expect(store.keyEvents()).toEqual([]);
  });
});

describe.each(backends)("records ($name)", (backend) => {
  it("keeps one PR per repo and branch; getPr(repo) is the migration PR, the Terraform PR is asked by branch", async () => {
    const store = openStateStore(await backend.fresh());
    store.upsertPr(pr());
    store.upsertPr(pr({ state: "merged", mergedAt: "2026-11-03T00:00:00.000Z", mergeSha: "c".repeat(40), updatedAt: "2026-11-03T00:00:00.000Z" }));
    store.upsertPr(pr({ branch: "keyless/oidc-terraform", kind: "terraform", number: 8, updatedAt: "2026-11-09T00:00:00.000Z" }));
    store.upsertPr(pr({ repo: "acme/web", state: "closed", optedOut: true }));
    expect(store.listPrs()).toHaveLength(3);
    expect(store.getPr("acme/api")).toMatchObject({ number: 7, state: "merged", mergeSha: "c".repeat(40), kind: "migration" });
    expect(store.getPr("acme/api", "keyless/oidc-terraform")).toMatchObject({ number: 8, kind: "terraform" });
    expect(store.getPr("acme/web")?.optedOut).toBe(true);
    expect(store.getPr("acme/none")).toBeUndefined();
  });

  it("lists in the same order on every backend: byte order, whatever the server's collation", async () => {
    const store = openStateStore(await backend.fresh());
    const repos = ["acme/b-c", "acme/Zeta", "acme/alpha", "acme/bc", "acme/_x", "acme/Ärger", "acme/B"];
    for (const repo of repos) store.upsertPr(pr({ repo }));
    for (const key of ["Kb", "K_", "KA", "Ka"]) store.recordVerification({ accessKeyId: key, at: "2026-11-05T00:00:00.000Z", verdict: "ready", reasons: [] });
    expect(store.listPrs().map((p) => p.repo)).toEqual(["acme/B", "acme/Zeta", "acme/_x", "acme/alpha", "acme/b-c", "acme/bc", "acme/Ärger"]);
    expect(store.latestVerifications().map((v) => v.accessKeyId)).toEqual(["KA", "K_", "Ka", "Kb"]);
    store.close();
  });

  it("snapshots: latest by time, times oldest first without the json", async () => {
    const store = openStateStore(await backend.fresh());
    const a = store.saveSnapshot("audit", "{\"n\":1}", "2026-11-01T00:00:00.000Z");
    const b = store.saveSnapshot("audit", "{\"n\":2}", "2026-11-08T00:00:00.000Z");
    store.saveSnapshot("plan", "{}", "2026-11-09T00:00:00.000Z");
    expect(store.latestSnapshot("audit")).toEqual({ id: b, kind: "audit", at: "2026-11-08T00:00:00.000Z", json: "{\"n\":2}" });
    expect(store.snapshotTimes("audit")).toEqual([{ id: a, at: "2026-11-01T00:00:00.000Z" }, { id: b, at: "2026-11-08T00:00:00.000Z" }]);
    expect(store.snapshot(a)?.json).toBe("{\"n\":1}");
  });

  it("key events in time order, per key; the newest verification per key", async () => {
    const store = openStateStore(await backend.fresh());
    store.recordKeyEvent({ accessKeyId: "K1", accountId: "1", action: "deactivated", at: "2026-11-02T00:00:00.000Z" });
    store.recordKeyEvent({ accessKeyId: "K2", accountId: "1", action: "deactivated", at: "2026-11-01T00:00:00.000Z" });
    store.recordKeyEvent({ accessKeyId: "K1", accountId: "1", action: "secret-deleted", at: "2026-11-09T00:00:00.000Z", detail: "repo acme/api: AWS_ACCESS_KEY_ID" });
    expect(store.keyEvents().map((e) => e.accessKeyId)).toEqual(["K2", "K1", "K1"]);
    expect(store.keyEvents("K1")[1]).toEqual({ accessKeyId: "K1", accountId: "1", action: "secret-deleted", at: "2026-11-09T00:00:00.000Z", detail: "repo acme/api: AWS_ACCESS_KEY_ID" });

    store.recordVerification({ accessKeyId: "K1", at: "2026-11-02T00:00:00.000Z", verdict: "waiting", reasons: ["PR not merged"] });
    store.recordVerification({ accessKeyId: "K1", at: "2026-11-05T00:00:00.000Z", verdict: "ready", reasons: [] });
    store.recordVerification({ accessKeyId: "K2", at: "2026-11-05T00:00:00.000Z", verdict: "blocked", reasons: ["used outside GitHub"] });
    expect(store.latestVerifications()).toEqual([
      { accessKeyId: "K1", at: "2026-11-05T00:00:00.000Z", verdict: "ready", reasons: [] },
      { accessKeyId: "K2", at: "2026-11-05T00:00:00.000Z", verdict: "blocked", reasons: ["used outside GitHub"] },
    ]);
  });

  it("a state opened twice (two processes) sees the other's committed writes", async () => {
    const path = await backend.fresh();
    const a = openStateStore(path);
    const b = openStateStore(path);
    a.upsertPr(pr());
    expect(b.getPr("acme/api")?.number).toBe(7);
    a.close();
    b.close();
    if (backend === sqlite) expect(existsSync(path)).toBe(true);
  });
});

// Drift through the CLI: a second audit against the same `keyless sandbox` compares with the first
// (kept in the state store) and reports what came back — a key created since, a retired key's user
// given a new one, a migrated repository on keys again, a deleted credential secret back.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CreateAccessKeyCommand, ListAccessKeysCommand, ListUsersCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStateStore } from "../../src/state/index.js";
import { runCli, tempDir } from "../support/cli.js";
import { sdkClients } from "../support/sandbox/aws.js";
import { startSandboxProcess, type SandboxProcess } from "../support/sandbox-process.js";

interface WireFinding {
  ruleId: string;
  message: string;
  subject: Record<string, string>;
}

async function auditJson(dir: string): Promise<{ summary: Record<string, unknown>; findings: WireFinding[]; links: Array<{ repo: string; secretNames: string[]; scope?: string }>; repos: Array<{ fullName: string; usages: number; archived: boolean }> }> {
  return JSON.parse(await readFile(join(dir, "audit.json"), "utf8"));
}

const drift = (findings: WireFinding[]) => findings.filter((f) => /^KL13[0-3]$/.test(f.ruleId));

describe("drift since the last scan", () => {
  let sandbox: SandboxProcess;
  let dir: string;
  beforeAll(async () => {
    sandbox = await startSandboxProcess();
    dir = await tempDir("keyless-drift-");
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
  });

  const audit = (out: string) => runCli(["audit", "--org", "acme", "--quiet", "--state", join(dir, "state.db"), "--out", join(dir, out)], { env: sandbox.env, cwd: dir });

  it("says the first audit has nothing to compare with, then reports each kind of drift, then only what is still drifting", async () => {
    const first = await audit("r1");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("since the last scan: first audit recorded in the state store");
    const before = await auditJson(join(dir, "r1"));
    expect(drift(before.findings)).toEqual([]);

    // Someone creates a key for a user whose key keyless had retired.
    const { iam } = sdkClients(sandbox.env.AWS_ENDPOINT_URL as string, { accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID as string, secretAccessKey: sandbox.env.AWS_SECRET_ACCESS_KEY as string });
    const users = (await iam.send(new ListUsersCommand({}))).Users ?? [];
    let chosen: { user: string; oldKey: string } | undefined;
    for (const u of users) {
      const keys = (await iam.send(new ListAccessKeysCommand({ UserName: u.UserName }))).AccessKeyMetadata ?? [];
      if (keys.length === 1 && keys[0]?.AccessKeyId !== sandbox.env.AWS_ACCESS_KEY_ID) {
        chosen = { user: u.UserName as string, oldKey: keys[0]?.AccessKeyId as string };
        break;
      }
    }
    expect(chosen, "a management-account user with one key").toBeDefined();
    const created = (await iam.send(new CreateAccessKeyCommand({ UserName: chosen?.user }))).AccessKey;
    const newKey = created?.AccessKeyId as string;
    expect(newKey).toMatch(/^AKIA/);

    // What earlier keyless runs left in the state store: the user's old key deleted (before the new one
    // was created), a repository's migration merged, one of its credential secrets deleted.
    const usingKeys = new Set(before.repos.filter((r) => r.usages > 0 && !r.archived).map((r) => r.fullName));
    const secretLink = before.links.find((l) => usingKeys.has(l.repo) && l.scope === "repo" && l.secretNames.length > 0);
    expect(secretLink, "a repo-scoped credential secret of a repo using keys").toBeDefined();
    const migratedRepo = secretLink?.repo as string;
    const secretName = (secretLink?.secretNames[0] as string).toUpperCase();
    const retiredAt = new Date(Date.parse(created?.CreateDate?.toISOString() as string) - 3_600_000).toISOString();
    const store = openStateStore(join(dir, "state.db"));
    try {
      store.recordKeyEvent({ accessKeyId: chosen?.oldKey as string, accountId: "000000000000", action: "deleted", at: retiredAt });
      store.recordKeyEvent({ accessKeyId: chosen?.oldKey as string, accountId: "000000000000", action: "secret-deleted", at: retiredAt, detail: `repo ${migratedRepo} secret ${secretName}` });
      store.upsertPr({ repo: migratedRepo, number: 1, url: "https://example.invalid/pr/1", branch: "keyless/oidc", baseBranch: "main", headSha: "0".repeat(40), planHash: "x", state: "merged", openedAt: retiredAt, updatedAt: retiredAt, mergedAt: retiredAt });
    } finally {
      store.close();
    }

    const second = await audit("r2");
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/since the last scan \(\d{4}-\d\d-\d\d \d\d:\d\d\): 1 keys created, 1 retired users given a key, 1 migrated repos back on keys, 1 secrets reappeared/);
    const after = await auditJson(join(dir, "r2"));
    const found = drift(after.findings);
    expect(found.filter((f) => f.ruleId === "KL130").map((f) => f.subject.accessKeyId)).toEqual([newKey]);
    expect(found.filter((f) => f.ruleId === "KL131").map((f) => f.subject.accessKeyId)).toEqual([newKey]);
    expect(new Set(found.filter((f) => f.ruleId === "KL132").map((f) => f.subject.repo))).toEqual(new Set([migratedRepo]));
    expect(found.filter((f) => f.ruleId === "KL133").map((f) => f.message)).toEqual([`The repo ${migratedRepo} secret ${secretName} holds AWS credentials again: keyless deleted it.`]);
    expect(after.summary.sinceLastScan).toMatchObject({ keysCreated: 1, usersGivenNewKeys: 1, reposBackOnKeys: 1, secretsReappeared: 1 });
    const md = await readFile(join(dir, "r2", "audit.md"), "utf8");
    expect(md).toContain("**Since the last scan**");

    // A third audit: the new key was seen last time, so it is no longer "created since"; what keyless
    // did (retired, migrated, deleted) still stands against what is there now.
    const third = await audit("r3");
    expect(third.code, third.stderr).toBe(0);
    const rules = drift((await auditJson(join(dir, "r3"))).findings).map((f) => f.ruleId);
    expect(rules).not.toContain("KL130");
    expect(rules).toContain("KL131");
    expect(rules).toContain("KL133");
  }, 240_000);
});

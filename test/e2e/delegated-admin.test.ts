// Starting from a delegated administrator instead of the management account: Organizations lets it
// list the organization (read-only calls), keyless enters the member accounts through an audit role
// that trusts it (what a team deploys with a StackSet), and every report says where the scan ran from.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { buildScenario, SANDBOX_AWS_DELEGATED_CREDENTIALS } from "../../src/sandbox/scenario/index.js";
import type { World } from "../../src/sandbox/world.js";
import { runCli, tempDir } from "../support/cli.js";

const AUDIT_ROLE = "keyless-delegated-audit";

/** acme, plus a read-only audit role in every member account that trusts the delegated administrator. */
function delegatedWorld(register: boolean): { world: World; security: string; mgmt: string } {
  const world = buildScenario("acme");
  const security = world.aws.organization.delegatedAdministrators?.[0]?.accountId as string;
  const mgmt = world.aws.organization.managementAccountId;
  if (!register) delete world.aws.organization.delegatedAdministrators;
  for (const a of world.aws.accounts) {
    if (a.id === mgmt || a.id === security) continue;
    world.aws.iam[a.id]?.roles.push({
      roleName: AUDIT_ROLE, roleId: `AROADELEGATEDAUDIT${a.id.slice(0, 3)}`, arn: `arn:aws:iam::${a.id}:role/${AUDIT_ROLE}`, path: "/", createDate: world.now, maxSessionDuration: 3600,
      assumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${security}:root` }, Action: "sts:AssumeRole" }] }),
      attachedPolicies: [{ arn: "arn:aws:iam::aws:policy/ReadOnlyAccess", name: "ReadOnlyAccess" }], inlinePolicies: [],
    });
  }
  return { world, security, mgmt };
}

async function auditFrom(sandbox: Sandbox): Promise<{ code: number; stderr: string; json: any; md: string }> {
  const out = await tempDir();
  const env = { ...sandbox.env, AWS_ACCESS_KEY_ID: SANDBOX_AWS_DELEGATED_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: SANDBOX_AWS_DELEGATED_CREDENTIALS.secretAccessKey };
  const run = await runCli(["audit", "--org", "acme", "--audit-role", AUDIT_ROLE, "--quiet", "--out", out], { env });
  const read = async (f: string) => (run.code === 0 ? readFile(join(out, f), "utf8") : "");
  return { code: run.code, stderr: run.stderr, json: run.code === 0 ? JSON.parse(await read("audit.json")) : undefined, md: await read("audit.md") };
}

describe("keyless audit from a delegated administrator", () => {
  const { world, security, mgmt } = delegatedWorld(true);
  let sandbox: Sandbox;
  let result: Awaited<ReturnType<typeof auditFrom>>;
  beforeAll(async () => {
    sandbox = await startSandbox({ world });
    result = await auditFrom(sandbox);
  });
  afterAll(async () => sandbox?.close());

  it("reads the whole organization: every account listed, every member entered through the audit role", () => {
    expect(result.code).toBe(0);
    const accounts = result.json.accounts as Array<{ id: string; reachable: boolean; ouPath: string[] }>;
    expect(accounts.map((a) => a.id).sort()).toEqual(world.aws.accounts.map((a) => a.id).sort());
    // OU paths come from the read-only OU calls a delegated administrator may make.
    expect(accounts.find((a) => a.id === security)?.ouPath).toEqual(["Root", "Security"]);
    const unreachable = accounts.filter((a) => !a.reachable).map((a) => a.id);
    // The management account has no role trusting the delegated administrator (StackSets skip it);
    // the others are suspended (acme-research-sandbox denies only the default audit role, not this one).
    const alwaysUnreadable = world.aws.accounts.filter((a) => a.status !== "ACTIVE").map((a) => a.id);
    expect(alwaysUnreadable.length).toBeGreaterThan(0);
    expect(unreachable.sort()).toEqual([mgmt, ...alwaysUnreadable].sort());
    expect(result.json.keys.filter((k: { accountId: string }) => k.accountId === security).length).toBeGreaterThan(0);
  });

  it("says which account the scan ran from, and that it is a delegated administrator for which services", () => {
    expect(result.json.scope.awsScannedFrom).toEqual({ accountId: security, kind: "delegated-administrator", servicePrincipals: ["guardduty.amazonaws.com", "securityhub.amazonaws.com"] });
    expect(result.json.scope.awsManagementAccountId).toBe(mgmt);
    expect(result.md).toContain(`AWS scanned from ${security}, a delegated administrator for guardduty.amazonaws.com, securityhub.amazonaws.com, not the management account ${mgmt}.`);
  });
});

describe("keyless audit from a member account that is not a delegated administrator", () => {
  const { world, security } = delegatedWorld(false);
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ world });
  });
  afterAll(async () => sandbox?.close());

  it("scans its own account only, and says why", async () => {
    const result = await auditFrom(sandbox);
    expect(result.code).toBe(0);
    expect(result.json.accounts.map((a: { id: string }) => a.id)).toEqual([security]);
    expect(result.json.scope.awsScannedFrom).toEqual({ accountId: security, kind: "member" });
    expect(result.md).toMatch(/a member account that is neither the management account \d{12} nor a delegated administrator/);
    expect(JSON.stringify(result.json)).toContain(`scanning only account ${security}`);
  });
});

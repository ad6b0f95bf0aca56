// Per-repository overrides from keyless.config.yaml: accounts and permissions when no key is linked,
// existing roles, a skipped repository whose key then waits, and hostile-free role names.
import { describe, expect, it } from "vitest";
import { planSmall, PROD, smallInventory, smallRepo, STAGING, TOOLING, workflow } from "../../test/support/plan.js";

const KEY = "AKIAPRODKEYAAAAAAAAA";
const files = { ".github/workflows/deploy.yml": workflow(["push:", "  branches: [main]"]) };
const inventory = () => smallInventory({ repos: [smallRepo("api", files)], users: [{ accountId: PROD, userName: "ci-api", keyId: KEY }] });

describe("plan.repos overrides", () => {
  it("plans an unlinked repo from configured accounts and managed policies", () => {
    const unlinked = planSmall(inventory());
    expect(unlinked.repos[0]?.issues.map((i) => i.code)).toEqual(["UnknownTargetAccount"]);
    const plan = planSmall(inventory(), { repos: { "acme/api": { targetAccounts: [STAGING], deployRoles: { [STAGING]: { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } } } } });
    expect(plan.repos[0]?.status).toBe("ready");
    const deploy = plan.roles.find((r) => r.kind === "deploy");
    expect(deploy).toMatchObject({ accountId: STAGING, permissions: { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], sources: ["keyless.config.yaml (plan.repos.<repo>.deployRoles)"] } });
    // Accounts alone do not say which permissions the role needs.
    const noPolicies = planSmall(inventory(), { repos: { "acme/api": { targetAccounts: [STAGING] } } });
    expect(noPolicies.repos[0]?.issues.map((i) => i.code)).toEqual(["MissingPermissionData"]);
  });

  it("chains into an existing deploy role and from an existing entry role, and says what to change by hand", () => {
    const existing = `arn:aws:iam::${PROD}:role/deployer`;
    const entry = `arn:aws:iam::${TOOLING}:role/gh-entry`;
    const plan = planSmall(inventory(), { repos: { "acme/api": { entryRoleArn: entry, deployRoles: { [PROD]: { arn: existing } } } } }, [{ accessKeyId: KEY, repo: "acme/api" }]);
    expect(plan.roles).toEqual([]);
    expect(plan.repos[0]?.assignments[0]).toMatchObject({ entryRoleArn: entry, chainRoleArn: existing });
    expect(plan.existingRoleChanges[0]?.statements[0]?.Principal).toEqual({ AWS: entry });
    expect(plan.repos[0]?.issues.map((i) => i.code)).toEqual(["ExistingEntryRole"]);
  });

  it("plans from local checkouts alone (no AWS side) when the config names the accounts and policies", () => {
    const local = inventory();
    delete local.aws;
    const bare = planSmall(local);
    expect(bare.issues.map((i) => i.code)).toEqual(["NoToolingAccount"]);
    const plan = planSmall(local, { toolingAccountId: TOOLING, repos: { "acme/api": { targetAccounts: [PROD], deployRoles: { [PROD]: { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"] } } } } });
    expect(plan.repos[0]?.status).toBe("ready");
    expect(plan.providers).toEqual([expect.objectContaining({ accountId: TOOLING, exists: false })]);
    expect(plan.keys).toEqual([]);
  });

  it("leaves a skipped repository out, and its key waits for it", () => {
    const plan = planSmall(inventory(), { repos: { "acme/api": { skip: true } } }, [{ accessKeyId: KEY, repo: "acme/api" }]);
    expect(plan.repos[0]?.status).toBe("skipped");
    expect(plan.roles).toEqual([]);
    expect(plan.keys[0]).toMatchObject({ disposition: "waiting", waitingFor: ["acme/api"], steps: [] });
  });

  it("keeps role names within IAM's 64 characters and unique per account, even when long names collide", () => {
    const long = "a-very-long-repository-name-that-goes-on-and-on-and-on-and-on";
    const names = [`${long}-one`, `${long}-two`];
    const repos = names.map((n) => smallRepo(n, { ".github/workflows/deploy.yml": workflow(["push:", "  branches: [main]"]) }));
    const inv = smallInventory({ repos, users: [{ accountId: PROD, userName: "ci", keyId: KEY }] });
    const plan = planSmall(inv, {}, names.map((n) => ({ accessKeyId: KEY, repo: `acme/${n}` })));
    const entries = plan.roles.filter((r) => r.kind === "entry").map((r) => r.name);
    expect(entries.length).toBe(2);
    expect(entries.every((n) => n.length <= 64 && /^[\w+=,.@-]+-[0-9a-f]{8}$/.test(n))).toBe(true);
    expect(new Set(entries.map((n) => n.toLowerCase())).size).toBe(2);
    expect(planSmall(inv, {}, names.map((n) => ({ accessKeyId: KEY, repo: `acme/${n}` }))).roles.map((r) => r.name)).toEqual(plan.roles.map((r) => r.name));
  });
});

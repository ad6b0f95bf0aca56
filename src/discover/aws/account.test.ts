import { afterEach, describe, expect, it } from "vitest";
import type { IamUser } from "../../inventory/schema.js";
import { startAwsFake, type AwsFake } from "../../sandbox/aws/index.js";
import { buildScenario } from "../../sandbox/scenario/index.js";
import type { World } from "../../sandbox/world.js";
import { RequestCounter } from "../request-counter.js";
import { awsConnection, noSleep } from "../../../test/support/discover.js";
import { readAccount } from "./account.js";
import { assumedRole } from "./assumed-role.js";
import { accountClients, managementClients, type AccountClients } from "./clients.js";
import { RateGates } from "./rate-gate.js";

const fakes: AwsFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

/** IAM's answer to a role that lacks the permission for these operations. */
function deny(clients: AccountClients, accountId: string, ...operations: string[]): void {
  clients.iam.middlewareStack.add(
    ((next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      const operation = (context.commandName ?? "").replace(/Command$/, "");
      if (operations.includes(operation)) {
        throw Object.assign(new Error(`User: arn:aws:sts::${accountId}:assumed-role/Audit/keyless is not authorized to perform: iam:${operation}`), { name: "AccessDenied" });
      }
      return next(args);
    }) as never,
    { step: "initialize", name: `deny${operations.join("")}` },
  );
}

async function read(world: World, denied: string[] = [], accountId = world.aws.organization.managementAccountId) {
  const fake = await startAwsFake(world);
  fakes.push(fake);
  const connection = awsConnection(fake);
  const counter = new RequestCounter();
  // Other accounts are entered through the audit role, as discover does.
  const credentials =
    accountId === world.aws.organization.managementAccountId
      ? undefined
      : assumedRole(managementClients(connection, counter).sts, { roleArn: `arn:aws:iam::${accountId}:role/${world.aws.auditRoleName}`, sessionName: "test", durationSeconds: 3600 });
  const clients = accountClients(connection, counter, { accountId, credentials, lookupGates: new RateGates(1000) });
  if (denied.length > 0) deny(clients, accountId, ...denied);
  const result = await readAccount(accountId, clients, new Map(), {
    cloudTrail: true, now: new Date(world.now), maxEventsPerKey: 50, globalEventsRegion: "us-east-1", sleep: noSleep,
  });
  return { result, requests: fake.requests, accountId };
}

/** Users with their policies in a fixed order: the two ways of reading them list them differently. */
const normalised = (users: IamUser[]) =>
  users
    .map((u) => ({ ...u, groups: [...u.groups].sort(), policies: [...u.policies].sort((a, b) => `${a.source}/${a.group}/${a.name}`.localeCompare(`${b.source}/${b.group}/${b.name}`)) }))
    .sort((a, b) => a.userName.localeCompare(b.userName));

/** The scenario account with the most users holding keys, and a group among them. */
function busiestAccount(world: World): string {
  const score = (id: string) => {
    const iam = world.aws.iam[id];
    return (iam?.accessKeys.length ?? 0) + 10 * (iam?.users.some((u) => u.groups.length > 0 && iam.accessKeys.some((k) => k.userName === u.userName)) ? 1 : 0);
  };
  return world.aws.accounts.filter((a) => a.status === "ACTIVE" && !a.denyAuditRole).map((a) => a.id).sort((a, b) => score(b) - score(a))[0]!;
}

/** A scenario account with roles that trust GitHub's OIDC provider. */
function trustingAccount(world: World): string {
  const trusting = (id: string) => world.aws.iam[id]?.roles.filter((r) => r.assumeRolePolicyDocument.includes("token.actions.githubusercontent.com")).length ?? 0;
  const found = world.aws.accounts.find((a) => a.status === "ACTIVE" && !a.denyAuditRole && trusting(a.id) > 0);
  if (!found) throw new Error("scenario has no GitHub-trusting role");
  return found.id;
}

describe("readAccount", () => {
  it("reads policies and GitHub-trusting roles from the authorization details, with no per-user policy calls", async () => {
    const world = buildScenario("acme");
    const accountId = busiestAccount(world);
    const { result, requests } = await read(world, [], accountId);
    const iam = world.aws.iam[accountId]!;
    const holders = new Set(iam.accessKeys.filter((k) => k.userName !== "<root_account>").map((k) => k.userName));
    expect(new Set(result.users.map((u) => u.userName))).toEqual(holders);
    // Each user's policies are the world's: attached with documents, inline, and through groups.
    for (const user of result.users) {
      const planted = iam.users.find((u) => u.userName === user.userName)!;
      expect(user.groups.sort()).toEqual([...planted.groups].sort());
      const direct = user.policies.filter((p) => p.source === "attached" || p.source === "inline").map((p) => p.name).sort();
      expect(direct).toEqual([...planted.attachedPolicies.map((p) => p.name), ...planted.inlinePolicies.map((p) => p.name)].sort());
      for (const p of user.policies.filter((q) => q.arn)) expect(p.document).toMatch(/"Statement"/);
    }
    expect(result.users.some((u) => u.policies.some((p) => p.source.startsWith("group-")))).toBe(true);
    expect(requests.get("iam:GetAccountAuthorizationDetails")).toBeGreaterThan(0);
    for (const op of ["ListAttachedUserPolicies", "ListUserPolicies", "GetUserPolicy", "ListGroupsForUser", "ListAttachedGroupPolicies", "ListGroupPolicies", "ListRoles"]) {
      expect(requests.get(`iam:${op}`) ?? 0, op).toBe(0);
    }

    const other = trustingAccount(world);
    const roles = await read(buildScenario("acme"), [], other);
    const planted = world.aws.iam[other]!.roles.filter((r) => r.assumeRolePolicyDocument.includes("token.actions.githubusercontent.com"));
    const byName = (a: [string, unknown], b: [string, unknown]) => a[0].localeCompare(b[0]);
    expect(roles.result.githubTrustingRoles.map((r): [string, unknown] => [r.roleName, JSON.parse(r.trustPolicy)]).sort(byName)).toEqual(
      planted.map((r): [string, unknown] => [r.roleName, JSON.parse(r.assumeRolePolicyDocument)]).sort(byName),
    );
    expect(roles.requests.get("iam:ListRoles") ?? 0).toBe(0);
  });

  it("falls back to per-user calls when iam:GetAccountAuthorizationDetails is denied, and finds the same", async () => {
    const world = buildScenario("acme");
    for (const accountId of [busiestAccount(world), trustingAccount(world)]) {
      const fast = await read(buildScenario("acme"), [], accountId);
      const slow = await read(buildScenario("acme"), ["GetAccountAuthorizationDetails"], accountId);
      expect(normalised(slow.result.users)).toEqual(normalised(fast.result.users));
      expect(slow.result.accessKeys).toEqual(fast.result.accessKeys);
      expect(slow.result.githubTrustingRoles).toEqual(fast.result.githubTrustingRoles);
      expect(slow.result.cloudTrail).toEqual(fast.result.cloudTrail);
      expect(slow.result.skipped).toEqual([]); // nothing is missing, so nothing is reported skipped
      expect(slow.requests.get("iam:GetAccountAuthorizationDetails") ?? 0).toBe(0); // denied before it reached IAM
      expect(slow.requests.get("iam:ListAttachedUserPolicies")).toBe(fast.result.users.length);
      expect(slow.requests.get("iam:ListRoles")).toBeGreaterThan(0);
    }
  });

  it("takes the holders of keys from the authorization details when the credential report may not be generated", async () => {
    const world = buildScenario("acme");
    const { result, requests, accountId } = await read(world, ["GenerateCredentialReport"]);
    const planted = world.aws.iam[accountId]?.accessKeys ?? [];
    expect(result.accessKeys.map((k) => k.accessKeyId).sort()).toEqual(planted.filter((k) => k.userName !== "<root_account>").map((k) => k.accessKeyId).sort());
    expect(result.accessKeys.some((k) => k.isRoot)).toBe(false); // unknown without the report, and said so:
    expect(result.skipped).toEqual([
      { side: "aws", target: `${accountId}/credential-report`, code: "AccessDenied", reason: expect.stringMatching(/^credential report unavailable, users listed instead and root keys unknown: .*GenerateCredentialReport/) },
    ]);
    // Only users that hold keys are kept (their policies are read, nobody else's).
    expect(new Set(result.users.map((u) => u.userName))).toEqual(new Set(planted.filter((k) => k.userName !== "<root_account>").map((k) => k.userName)));
    expect(requests.get("iam:ListUsers") ?? 0).toBe(0);
    // Without the report, every key's last use is asked of IAM.
    expect(requests.get("iam:GetAccessKeyLastUsed")).toBe(result.accessKeys.length);
  });

  it("lists users when neither the credential report nor the authorization details can be read", async () => {
    const world = buildScenario("acme");
    const { result, requests, accountId } = await read(world, ["GenerateCredentialReport", "GetAccountAuthorizationDetails"]);
    const planted = world.aws.iam[accountId]?.accessKeys ?? [];
    expect(result.accessKeys.map((k) => k.accessKeyId).sort()).toEqual(planted.filter((k) => k.userName !== "<root_account>").map((k) => k.accessKeyId).sort());
    expect(requests.get("iam:ListUsers")).toBeGreaterThan(0);
  });

  it("takes last use from a credential report built during the scan, and asks IAM when the report is an older one", async () => {
    const world = buildScenario("acme");
    const accountId = busiestAccount(world);
    const fresh = await read(world, [], accountId);
    const keys = fresh.result.accessKeys.filter((k) => !k.isRoot);
    expect(keys.length).toBeGreaterThan(1);
    expect(fresh.requests.get("iam:GetAccessKeyLastUsed") ?? 0).toBe(0);
    // IAM's own answer for every key, to the second.
    const planted = world.aws.iam[accountId]!.accessKeys;
    for (const key of keys) {
      const truth = planted.find((k) => k.accessKeyId === key.accessKeyId)!;
      expect(key.lastUsed?.date && Date.parse(key.lastUsed.date)).toBe(truth.lastUsed && Math.floor(Date.parse(truth.lastUsed.date) / 1000) * 1000);
      expect(key.lastUsed?.serviceName).toBe(truth.lastUsed?.serviceName);
      expect(key.lastUsed?.region).toBe(truth.lastUsed?.region);
    }

    // A report IAM reuses (built an hour before the scan) may predate the keys' latest use.
    const older = buildScenario("acme");
    older.aws.iam[accountId]!.credentialReportGeneratedAt = new Date(Date.parse(older.now) - 3600_000).toISOString();
    const stale = await read(older, [], accountId);
    expect(stale.requests.get("iam:GetAccessKeyLastUsed")).toBe(keys.length);
    expect(stale.result.accessKeys).toEqual(fresh.result.accessKeys);
  });
});

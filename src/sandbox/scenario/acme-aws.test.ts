import { describe, expect, it } from "vitest";
import { AWS_MANAGED_POLICIES } from "../aws/managed-policies.js";
import type { IamAccount } from "../world.js";
import { buildScenario } from "./index.js";

const world = buildScenario("acme");
const { aws } = world;
const now = Date.parse(world.now);
const DAY = 86_400_000;
const iamOf = (name: string): IamAccount => {
  const account = aws.accounts.find((a) => a.name === name);
  const iam = account ? aws.iam[account.id] : undefined;
  if (!iam) throw new Error(`no account ${name}`);
  return iam;
};
const allKeys = Object.entries(aws.iam).flatMap(([accountId, iam]) => iam.accessKeys.map((k) => ({ ...k, accountId })));
const allUsers = Object.entries(aws.iam).flatMap(([accountId, iam]) => iam.users.map((u) => ({ ...u, accountId, iam })));

describe("acme organization", () => {
  it("has about eight accounts in the OU tree Root → Security, Infrastructure, Workloads → Prod/Staging/Dev, Sandbox", () => {
    expect(aws.accounts.length).toBeGreaterThanOrEqual(8);
    expect(aws.accounts.length).toBeLessThanOrEqual(10);
    const root = aws.roots[0];
    const ouPath = (id: string): string => {
      if (id === root?.id) return "Root";
      const ou = aws.ous.find((o) => o.id === id);
      return ou ? `${ouPath(ou.parentId)}/${ou.name}` : "?";
    };
    expect(aws.ous.map((o) => ouPath(o.id)).sort()).toEqual(
      ["Root/Infrastructure", "Root/Sandbox", "Root/Security", "Root/Workloads", "Root/Workloads/Dev", "Root/Workloads/Prod", "Root/Workloads/Staging"],
    );
    const mgmt = aws.accounts.find((a) => a.id === aws.organization.managementAccountId);
    expect(mgmt?.parentId).toBe(root?.id);
    expect(mgmt?.name).toBe("acme-management");
    expect(ouPath(aws.accounts.find((a) => a.name === "acme-prod")?.parentId ?? "")).toBe("Root/Workloads/Prod");
  });

  it("has one account the audit role cannot enter and one suspended account, and says so in the truth", () => {
    const denied = aws.accounts.filter((a) => a.denyAuditRole);
    expect(denied).toHaveLength(1);
    expect(world.truth.unreachableAccounts).toEqual(denied.map((a) => a.id));
    expect(aws.accounts.filter((a) => a.status === "SUSPENDED")).toHaveLength(1);
  });

  it("lets the management account enter every member through OrganizationAccountAccessRole", () => {
    for (const a of aws.accounts) {
      if (a.id === aws.organization.managementAccountId) continue;
      const role = aws.iam[a.id]?.roles.find((r) => r.roleName === "OrganizationAccountAccessRole");
      expect(JSON.parse(role?.assumeRolePolicyDocument ?? "{}").Statement[0].Principal.AWS).toBe(`arn:aws:iam::${aws.organization.managementAccountId}:root`);
    }
  });
});

describe("acme IAM users and keys", () => {
  it("has 25+ users and 30+ keys", () => {
    expect(allUsers.length).toBeGreaterThanOrEqual(25);
    expect(allKeys.length).toBeGreaterThanOrEqual(30);
    for (const k of allKeys) {
      if (k.userName === "<root_account>") continue;
      const owner = allUsers.find((u) => u.accountId === k.accountId && u.userName === k.userName);
      expect(owner, k.userName).toBeDefined();
      expect(Date.parse(k.createDate)).toBeGreaterThanOrEqual(Date.parse(owner?.createDate ?? ""));
    }
  });

  it("plants the key situations an audit must report", () => {
    const active = allKeys.filter((k) => k.status === "Active");
    // old: more than a year
    expect(active.filter((k) => now - Date.parse(k.createDate) > 365 * DAY).length).toBeGreaterThanOrEqual(3);
    // never used
    expect(active.filter((k) => !k.lastUsed).length).toBeGreaterThanOrEqual(2);
    // unused for months
    expect(active.filter((k) => k.lastUsed && now - Date.parse(k.lastUsed.date) > 90 * DAY).length).toBeGreaterThanOrEqual(2);
    // already inactive
    expect(allKeys.filter((k) => k.status === "Inactive").length).toBeGreaterThanOrEqual(2);
    // two active keys on one user
    const perUser = new Map<string, number>();
    for (const k of active) perUser.set(`${k.accountId}/${k.userName}`, (perUser.get(`${k.accountId}/${k.userName}`) ?? 0) + 1);
    expect([...perUser.values()].some((n) => n === 2)).toBe(true);
    // a root access key
    expect(allKeys.filter((k) => k.userName === "<root_account>")).toHaveLength(1);
    // used keys say where and on what
    for (const k of allKeys.filter((k) => k.lastUsed)) {
      expect(k.lastUsed?.serviceName).toMatch(/^[a-z0-9-]+$/);
      expect(k.lastUsed?.region).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    }
  });

  it("has admin-equivalent users three ways: attached AdministratorAccess, through a group, and an inline *:* policy", () => {
    const admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    const withKey = (u: (typeof allUsers)[number]) => allKeys.some((k) => k.accountId === u.accountId && k.userName === u.userName && k.status === "Active");
    const direct = allUsers.filter((u) => u.attachedPolicies.some((p) => p.arn === admin));
    const viaGroup = allUsers.filter((u) => u.groups.some((g) => u.iam.groups.find((x) => x.groupName === g)?.attachedPolicies.some((p) => p.arn === admin)));
    const inline = allUsers.filter((u) =>
      u.inlinePolicies.some((p) => {
        const s = JSON.parse(p.document).Statement as Array<{ Effect: string; Action: string; Resource: string }>;
        return s.some((x) => x.Effect === "Allow" && x.Action === "*" && x.Resource === "*");
      }),
    );
    for (const set of [direct, viaGroup, inline]) expect(set.filter(withKey).length).toBeGreaterThanOrEqual(1);
  });

  it("keeps customer managed policies in iam.policies, with documents for every one attached", () => {
    for (const iam of Object.values(aws.iam)) {
      const attached = [...iam.users, ...iam.groups, ...iam.roles].flatMap((x) => x.attachedPolicies).filter((p) => !p.arn.startsWith("arn:aws:iam::aws:"));
      for (const p of attached) {
        const policy = iam.policies.find((x) => x.arn === p.arn);
        expect(policy, p.arn).toBeDefined();
        expect(JSON.parse(policy?.document ?? "{}").Version).toBe("2012-10-17");
      }
    }
    expect(allUsers.some((u) => u.attachedPolicies.some((p) => p.arn === "arn:aws:iam::aws:policy/AmazonS3FullAccess"))).toBe(true);
    // AWS managed policies must be ones the AWS fake serves, or GetPolicy would answer NoSuchEntity.
    const known = new Set(AWS_MANAGED_POLICIES.map((p) => p.arn));
    const usedManaged = Object.values(aws.iam).flatMap((iam) => [...iam.users, ...iam.groups, ...iam.roles].flatMap((x) => x.attachedPolicies)).filter((p) => p.arn.startsWith("arn:aws:iam::aws:"));
    for (const p of usedManaged) expect(known, p.arn).toContain(p.arn);
  });
});

describe("acme GitHub OIDC in AWS", () => {
  const tooling = iamOf("acme-tooling");
  const trust = (name: string) => {
    const role = tooling.roles.find((r) => r.roleName === name);
    return JSON.parse(role?.assumeRolePolicyDocument ?? "{}").Statement[0];
  };

  it("has one provider for token.actions.githubusercontent.com with the sts audience", () => {
    const providers = Object.values(aws.iam).flatMap((a) => a.oidcProviders);
    expect(providers).toHaveLength(1);
    expect(tooling.oidcProviders[0]).toMatchObject({ url: "token.actions.githubusercontent.com", clientIdList: ["sts.amazonaws.com"] });
  });

  it("has a repo-scoped role for the OIDC repo, a weak org-wide one, and one written for the immutable subject", () => {
    const good = trust("gha-identity-service");
    expect(good.Principal.Federated).toBe(tooling.oidcProviders[0]?.arn);
    expect(good.Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(good.Condition.StringEquals["token.actions.githubusercontent.com:aud"]).toBe("sts.amazonaws.com");
    expect(good.Condition.StringLike["token.actions.githubusercontent.com:sub"]).toBe("repo:acme/identity-service:ref:refs/tags/v*");
    expect(trust("gha-shared-deployer").Condition.StringLike["token.actions.githubusercontent.com:sub"]).toBe("repo:acme/*");
    const org = world.github.orgs[0];
    const edge = world.github.repos.find((r) => r.name === "edge-router");
    expect(trust("gha-edge-router").Condition.StringLike["token.actions.githubusercontent.com:sub"]).toBe(`repo:acme@${org?.id}/edge-router@${edge?.id}:ref:refs/heads/main`);
  });
});

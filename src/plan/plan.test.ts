// The acme plan end to end: what a platform team reviewing it would check — tooling account, roles
// per environment, the order of steps, which keys retire when, which never do, what is blocked and why.
import { beforeAll, describe, expect, it } from "vitest";
import { buildPlan } from "./index.js";
import { DEFAULT_PLAN_CONFIG } from "./config.js";
import { PlanWire, type Plan } from "./schema.js";
import { acmeFixture, NOW, planOf, type Fixture } from "../../test/support/plan.js";

let fixture: Fixture;
let plan: Plan;
beforeAll(() => {
  fixture = acmeFixture();
  plan = planOf(fixture);
});

const repo = (name: string) => plan.repos.find((r) => r.repo === `acme/${name}`);
const rolesOf = (name: string) => plan.roles.filter((r) => repo(name)?.roles.includes(r.id));
const step = (id: string) => plan.steps.find((s) => s.id === id);
const accountId = (name: string) => fixture.inventory.aws?.accounts.find((a) => a.name === name)?.id as string;

describe("the acme plan", () => {
  it("matches its schema with nothing left over, and is the same on every run", () => {
    // zod drops fields its schema does not name: equality means every field is documented.
    expect(PlanWire.parse(plan)).toEqual(plan);
    const again = planOf(fixture);
    expect(JSON.stringify(again)).toBe(JSON.stringify(plan));
  });

  it("puts the provider and the entry roles in the account named tooling, and reads the provider it already has", () => {
    expect(plan.config.toolingAccountId).toBe(accountId("acme-tooling"));
    expect(plan.providers).toEqual([expect.objectContaining({ accountId: accountId("acme-tooling"), exists: true })]);
    for (const r of plan.roles.filter((r) => r.kind === "entry")) expect(r.accountId).toBe(accountId("acme-tooling"));
    expect(plan.accounts[0]).toMatchObject({ kind: "tooling", module: `tooling-${accountId("acme-tooling")}`, applyAfter: [] });
    for (const a of plan.accounts.slice(1)) expect(a.applyAfter).toEqual([`tooling-${accountId("acme-tooling")}`]);
  });

  it("gives each environment its own entry role, chaining only into that environment's account", () => {
    const roles = rolesOf("billing-api");
    const entries = roles.filter((r) => r.kind === "entry").map((r) => [r.name, r.subjects?.map((s) => s.value), r.permissions.inlinePolicies[0]?.document.Statement[0]?.Resource]);
    expect(entries).toEqual([
      ["gha-billing-api-env-production", ["repo:acme/billing-api:environment:production"], `arn:aws:iam::${accountId("acme-prod")}:role/keyless/gha-billing-api-deploy`],
      ["gha-billing-api-env-staging", ["repo:acme/billing-api:environment:staging"], `arn:aws:iam::${accountId("acme-staging")}:role/keyless/gha-billing-api-deploy`],
    ]);
    const prodDeploy = roles.find((r) => r.kind === "deploy" && r.accountId === accountId("acme-prod"));
    expect(prodDeploy?.trustedRoleArns).toEqual([`arn:aws:iam::${accountId("acme-tooling")}:role/keyless/gha-billing-api-env-production`]);
  });

  it("copies the key user's permissions: managed policies by ARN, inline and group policies inline", () => {
    const networking = plan.roles.find((r) => r.repo === "acme/status-page" && r.kind === "deploy");
    expect(networking?.permissions.managedPolicyArns).toEqual([`arn:aws:iam::${accountId("acme-shared-services")}:policy/ci-s3-deploy`]);
    const users = fixture.inventory.aws?.users ?? [];
    for (const role of plan.roles.filter((r) => r.kind === "deploy")) {
      const key = plan.keys.find((k) => role.description.includes(k.accessKeyId));
      const user = users.find((u) => u.accountId === key?.accountId && u.userName === key?.userName);
      if (!user) continue;
      expect(role.permissions.managedPolicyArns).toEqual([...new Set(user.policies.flatMap((p) => (p.arn ? [p.arn] : [])))].sort());
      expect(role.permissions.inlinePolicies.length).toBe(user.policies.filter((p) => !p.arn).length);
    }
  });

  it("never trusts a pull request, an org-wide wildcard, or a subject without the repository", () => {
    for (const role of plan.roles.filter((r) => r.subjects)) {
      for (const s of role.subjects ?? []) {
        expect(s.value).not.toMatch(/:pull_request$/);
        expect(s.value.startsWith(`repo:${role.repo}:`) || /^repo:acme@\d+\/[^/]+@\d+:/.test(s.value)).toBe(true);
      }
      const text = JSON.stringify(role.trustPolicy);
      expect(text).not.toContain("ForAllValues");
      expect(text).toContain('"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"');
    }
  });

  it("uses the immutable subject for repos created after 2026-07-15", () => {
    const young = (fixture.inventory.github?.repos ?? []).filter((r) => Date.parse(r.createdAt) >= Date.parse("2026-07-15T00:00:00Z") && plan.repos.some((p) => p.repo === r.fullName && p.status === "ready"));
    expect(young.length).toBeGreaterThan(0);
    for (const r of young) {
      expect(repo(r.name)?.subject.format).toBe("immutable");
      for (const role of rolesOf(r.name).filter((x) => x.subjects)) for (const s of role.subjects ?? []) expect(s.value.startsWith(`repo:acme@${r.ownerId}/${r.name}@${r.id}:`)).toBe(true);
    }
  });

  it("plans release/* exactly (GitHub's * stops at '/': a StringNotLike keeps release/a/b out), and takes the refs the config names instead", () => {
    const checkout = repo("checkout-service");
    expect(checkout?.status).toBe("ready");
    expect(checkout?.issues.map((i) => i.code)).not.toContain("InexactRefPattern");
    const production = plan.roles.find((r) => r.arn === checkout?.assignments.find((a) => a.job === "production")?.entryRoleArn);
    expect(production?.subjects?.map((s) => [s.operator, s.value, s.notLike])).toEqual([
      ["StringLike", "repo:acme/checkout-service:ref:refs/heads/release/*", ["repo:acme/checkout-service:ref:refs/heads/release/*/*"]],
    ]);
    // The config's refs replace the pattern, each kept only where the triggers and the if: allow it.
    const named = planOf(fixture, { repos: { "acme/checkout-service": { refs: ["refs/heads/release/2026.1", "refs/heads/hotfix/1"] } } });
    const pinned = named.repos.find((r) => r.repo === "acme/checkout-service");
    expect(pinned?.status).toBe("ready");
    const entry = named.roles.find((r) => r.arn === pinned?.assignments.find((a) => a.job === "production")?.entryRoleArn);
    expect(entry?.subjects?.map((s) => `${s.operator} ${s.value}`)).toEqual(["StringEquals repo:acme/checkout-service:ref:refs/heads/release/2026.1"]);
  });

  it("assigns every migrated usage an entry role, a chained deploy role, its ExternalId and at most an hour", () => {
    for (const r of plan.repos.filter((r) => r.status === "ready")) {
      expect(r.assignments.length).toBeGreaterThan(0);
      for (const a of r.assignments) {
        expect(a.entryRoleArn).toMatch(new RegExp(`^arn:aws:iam::${plan.config.toolingAccountId}:role/keyless/`));
        expect(a.chainRoleArn).toBeDefined();
        expect(a.maxSessionSeconds).toBe(3600);
        const deploy = plan.roles.find((x) => x.arn === a.chainRoleArn);
        if (deploy) expect(a.externalId).toBe(deploy.externalId);
      }
    }
  });

  it("chains into the role a job used to assume with its key, and says how to change that role's trust", () => {
    const a = repo("inventory-worker")?.assignments[0];
    expect(a?.chainRoleArn).toBe(`arn:aws:iam::${accountId("acme-prod")}:role/inventory-deployer`);
    const change = plan.existingRoleChanges.find((c) => c.roleArn === a?.chainRoleArn);
    expect(change?.statements[0]).toMatchObject({ Principal: { AWS: a?.entryRoleArn }, Action: ["sts:AssumeRole", "sts:TagSession"], Condition: { StringEquals: { "sts:ExternalId": a?.externalId } } });
    expect(step(`merge-pr:acme/inventory-worker`)?.dependsOn).toContain(`update-existing-role:${a?.chainRoleArn}`);
  });

  it("orders every step after what it depends on: Terraform, PR, verify, deactivate, wait, delete", () => {
    const position = new Map(plan.steps.map((s) => [s.id, s.order]));
    for (const s of plan.steps) for (const d of s.dependsOn) expect(position.get(d), `${s.id} after ${d}`).toBeLessThan(s.order);
    const id = "AKIAY4CSTAL66TUJVT2R";
    const chain = [`merge-pr:acme/billing-api`, `verify:acme/billing-api`, `deactivate-key:${id}`, `wait:${id}`, `delete-key:${id}`];
    expect(chain.map((c) => step(c)?.kind)).toEqual(["merge-pr", "verify", "deactivate-key", "wait", "delete-key"]);
    expect(step(`wait:${id}`)?.waitDays).toBe(7);
    expect(step(`deactivate-key:${id}`)?.rollback).toContain("--status Active");
    expect(step(`delete-secrets:acme/billing-api`)?.dependsOn).toEqual(expect.arrayContaining([`wait:${id}`, "verify:acme/billing-api"]));
  });

  it("retires a key shared by several repos only after all of them are verified", () => {
    // Both deploy on tags v*, planned exactly (no '/' in the tag name).
    const named = plan;
    const shared = named.keys.find((k) => k.repos.length > 1 && k.disposition === "retire-after-migration");
    expect(shared?.repos).toEqual(["acme/chat-plugin-github", "acme/chat-plugin-jira"]);
    expect(named.steps.find((s) => s.id === `deactivate-key:${shared?.accessKeyId}`)?.dependsOn).toEqual(["verify:acme/chat-plugin-github", "verify:acme/chat-plugin-jira"]);
  });

  it("never schedules a key used outside GitHub for deactivation, and deletes unused keys straight away", () => {
    const outside = fixture.world?.truth.keysUsedOutsideGithub ?? [];
    expect(outside.length).toBeGreaterThan(0);
    for (const id of outside) {
      expect(plan.steps.filter((s) => s.accessKeyId === id)).toEqual([]);
      const k = plan.keys.find((k) => k.accessKeyId === id);
      if (k) expect(k.disposition).toBe("keep-used-outside-github");
    }
    const unused = fixture.analysis.findings.filter((f) => f.ruleId === "KL104" && !f.suppressed && f.subject.type === "key");
    expect(unused.length).toBeGreaterThan(0);
    for (const f of unused) {
      const id = f.subject.type === "key" ? f.subject.accessKeyId : "";
      if (outside.includes(id)) continue;
      expect(plan.steps.filter((s) => s.accessKeyId === id).map((s) => [s.kind, s.dependsOn])).toEqual([["delete-key", []]]);
    }
  });

  it("blocks what it cannot plan, says why, and keeps the key waiting", () => {
    expect(repo("orders-service")?.issues.map((i) => i.code)).toContain("UnknownTargetAccount");
    expect(repo("pr-preview-envs")?.issues.map((i) => i.code)).toContain("PullRequestSubject");
    const blocked = plan.repos.filter((r) => r.status === "blocked");
    for (const r of blocked) {
      expect(r.issues.some((i) => i.severity === "blocker")).toBe(true);
      expect(r.assignments).toEqual([]);
      expect(plan.steps.some((s) => s.id === `merge-pr:${r.repo}`)).toBe(false);
    }
    const waiting = plan.keys.find((k) => k.repos.includes("acme/pr-preview-envs"));
    expect(waiting?.disposition).toBe("waiting");
    expect(waiting?.steps).toEqual([]);
  });

  it("blocks a reusable workflow whose callers need different roles (payments-gateway: staging and production)", () => {
    expect(repo("payments-gateway")?.status).toBe("blocked");
    expect(repo("payments-gateway")?.issues.map((i) => i.code)).toContain("CallersNeedDifferentRoles");
  });

  it("takes the region from the job, else from where the key was used", () => {
    const kube = repo("kubernetes-deploy");
    const key = fixture.inventory.aws?.accessKeys.find((k) => k.accessKeyId === kube?.keys[0]);
    expect(kube?.assignments[0]?.region).toBeDefined();
    expect([key?.lastUsed?.region, ...(fixture.inventory.aws?.cloudTrail ?? []).filter((e) => e.accessKeyId === key?.accessKeyId).map((e) => e.awsRegion)]).toContain(kube?.assignments[0]?.region);
    expect(repo("billing-api")?.assignments.map((a) => a.region)).toEqual(["eu-west-1", "eu-west-1"]);
  });

  it("asks for the tooling account when account names do not tell it", () => {
    const inventory = structuredClone(fixture.inventory);
    for (const a of inventory.aws?.accounts ?? []) a.name = a.name.replace("tooling", "platform").replace("shared-services", "platform-2");
    const p = buildPlan({ inventory, analysis: fixture.analysis, config: DEFAULT_PLAN_CONFIG, now: NOW });
    expect(p.issues.map((i) => i.code)).toEqual(["NoToolingAccount"]);
    expect(p.summary.reposReady).toBe(0);
    expect(p.roles).toEqual([]);
    const chosen = buildPlan({ inventory, analysis: fixture.analysis, config: { ...DEFAULT_PLAN_CONFIG, toolingAccountId: accountId("acme-security") }, now: NOW });
    expect(chosen.roles.filter((r) => r.kind === "entry").every((r) => r.accountId === accountId("acme-security"))).toBe(true);
  });

  it("in direct topology puts a provider and the role in each target account, with the key's permissions and no chaining", () => {
    const direct = planOf(fixture, { topology: "direct" });
    expect(direct.roles.every((r) => r.kind === "direct")).toBe(true);
    expect(direct.accounts.every((a) => a.kind === "target" && a.applyAfter.length === 0)).toBe(true);
    const billing = direct.repos.find((r) => r.repo === "acme/billing-api");
    expect(billing?.assignments.every((a) => a.chainRoleArn === undefined && a.externalId === undefined)).toBe(true);
    const accounts = new Set(direct.roles.map((r) => r.accountId));
    expect(new Set(direct.providers.map((p) => p.accountId))).toEqual(new Set([...accounts, accountId("acme-prod")]));
    expect(direct.steps.some((s) => s.id.startsWith("update-existing-role:"))).toBe(true);
  });

  it("leaves out the ExternalId when the config says so", () => {
    const p = planOf(fixture, { externalId: false });
    for (const r of p.roles.filter((r) => r.kind === "deploy")) {
      expect(r.externalId).toBeUndefined();
      expect(r.trustPolicy.Statement[0]?.Condition).toBeUndefined();
    }
  });
});

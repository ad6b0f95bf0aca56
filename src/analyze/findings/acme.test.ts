// The catalogue over the acme sandbox: the planted risks (root key, admin users, two active keys, old,
// unused and unlinked keys, a weak OIDC trust, fork-triggered workflows) come out as findings, every
// repo's SARIF validates, and every fingerprint is unique.
import { describe, expect, it } from "vitest";
import type { Inventory, Policy } from "../../inventory/schema.js";
import { findAwsManagedPolicy } from "../../sandbox/aws/managed-policies.js";
import { buildScenario } from "../../sandbox/scenario/index.js";
import type { World } from "../../sandbox/world.js";
import { linkKeys } from "../links/index.js";
import { worldToInventory } from "../../../test/support/world-to-inventory.js";
import { DEFAULT_ANALYSIS_CONFIG, type AnalysisContext } from "../model.js";
import { analyzeRepoWorkflows, type RepoWorkflowAnalysis } from "../workflows/index.js";
import { validateSarif } from "../../../test/support/report/sarif-schema.js";
import { findingsByRepo, findingsForRepo, sarifLog } from "../../report/sarif/index.js";
import { RULES, runRules } from "../rules/index.js";

/** worldToInventory leaves out policies and OIDC roles (the links do not need them): add them as discover reads them. */
function withIam(world: World, inventory: Inventory): Inventory {
  const aws = inventory.aws;
  if (!aws) return inventory;
  const doc = (accountId: string, arn: string) => findAwsManagedPolicy(arn)?.document ?? world.aws.iam[accountId]?.policies.find((p) => p.arn === arn)?.document;
  const users = aws.users.map((u) => {
    const iam = world.aws.iam[u.accountId];
    const wu = iam?.users.find((x) => x.userName === u.userName);
    const policies: Policy[] = [
      ...(wu?.attachedPolicies ?? []).map((p): Policy => ({ name: p.name, arn: p.arn, document: doc(u.accountId, p.arn), source: "attached" })),
      ...(wu?.inlinePolicies ?? []).map((p): Policy => ({ name: p.name, document: p.document, source: "inline" })),
      ...(wu?.groups ?? []).flatMap((g) => {
        const group = iam?.groups.find((x) => x.groupName === g);
        return [
          ...(group?.attachedPolicies ?? []).map((p): Policy => ({ name: p.name, arn: p.arn, document: doc(u.accountId, p.arn), source: "group-attached", group: g })),
          ...(group?.inlinePolicies ?? []).map((p): Policy => ({ name: p.name, document: p.document, source: "group-inline", group: g })),
        ];
      }),
    ];
    return { ...u, policies };
  });
  const githubTrustingRoles = Object.entries(world.aws.iam).flatMap(([accountId, iam]) =>
    iam.roles.filter((r) => r.assumeRolePolicyDocument.includes("token.actions.githubusercontent.com")).map((r) => ({ accountId, roleName: r.roleName, arn: r.arn, trustPolicy: r.assumeRolePolicyDocument })),
  );
  return { ...inventory, aws: { ...aws, users, githubTrustingRoles } };
}

function acmeContext(world: World): AnalysisContext {
  const inventory = withIam(world, worldToInventory(world));
  const now = new Date(world.now);
  const workflows = new Map<string, RepoWorkflowAnalysis>();
  for (const r of inventory.github?.repos ?? []) {
    workflows.set(r.fullName, analyzeRepoWorkflows({ repo: r.fullName, files: r.workflows.filter((w) => w.text).map((w) => ({ path: w.path, text: w.text ?? "" })) }));
  }
  const { links } = linkKeys({ inventory, workflows, mappings: [], now });
  return { inventory, workflows, usages: [...workflows.values()].flatMap((w) => w.usages), links, config: DEFAULT_ANALYSIS_CONFIG, now };
}

describe("rules over the acme sandbox", () => {
  const world = buildScenario("acme");
  const ctx = acmeContext(world);
  const findings = runRules(ctx);
  const byRule = (id: string) => findings.filter((f) => f.ruleId === id);
  const keysOf = (id: string) => byRule(id).map((f) => (f.subject.type === "key" ? f.subject.accessKeyId : "")).sort();
  const rolesOf = (id: string) => byRule(id).map((f) => (f.subject.type === "role" ? f.subject.arn.replace(/.*:role\//, "") : "")).sort();

  it("KL101 at every planted usage line, and never in a repo already on OIDC", () => {
    const at = new Set(byRule("KL101").map((f) => `${f.location?.repo}:${f.location?.path}:${f.location?.line}`));
    const missing = world.truth.usages.filter((u) => !at.has(`${u.repo}:${u.path}:${u.line}`));
    expect(missing).toEqual([]);
    expect(byRule("KL101")).toHaveLength(ctx.usages.filter((u) => u.kind !== "literal-key-id").length);
    expect(byRule("KL101").filter((f) => world.truth.oidcRepos.includes(f.location?.repo ?? ""))).toEqual([]);
  });

  it("the planted key risks: root key, admins, two active keys, keys used outside GitHub", () => {
    const roots = Object.values(world.aws.iam).flatMap((iam) => iam.accessKeys.filter((k) => k.userName === "<root_account>").map((k) => k.accessKeyId));
    expect(keysOf("KL107")).toEqual(roots.sort());
    const admins = byRule("KL106").map((f) => f.message.replace(/.* of IAM user (\S+) .*/, "$1")).sort();
    expect(admins).toEqual(["alice.nguyen", "legacy-deployer", "terraform-ci", "terraform-org"]);
    expect(byRule("KL105").map((f) => f.message)).toEqual([expect.stringContaining("IAM user mobile-deployer")]);
    expect(keysOf("KL110")).toEqual([...world.truth.keysUsedOutsideGithub].sort());
  });

  it("the weak OIDC trust, and the name-based trust that immutable subjects break", () => {
    expect(rolesOf("KL111")).toEqual(["gha-shared-deployer"]);
    expect(byRule("KL111")[0]?.severity).toBe("high");
    expect(rolesOf("KL112")).toEqual(["gha-shared-deployer"]);
    expect(byRule("KL112")[0]?.message).toContain("acme/edge-router");
  });

  it("unlinked keys and secrets agree with the links' own lists", () => {
    const result = linkKeys({ inventory: ctx.inventory, workflows: ctx.workflows, mappings: [], now: ctx.now });
    expect([...keysOf("KL113"), ...keysOf("KL104")].sort()).toEqual([...result.unlinkedKeys].sort());
    const secrets = byRule("KL114").map((f) => (f.subject.type === "secret" ? `${f.subject.repo}:${f.subject.name}` : ""));
    expect(secrets).toEqual(result.unlinkedSecrets.map((s) => `${s.repo}:${s.name}`));
  });

  it("fingerprints are unique; each repo's SARIF validates and shows its key findings at a workflow line", () => {
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(findings.length);
    const perRepo = findingsByRepo(findings, ctx);
    for (const repo of ctx.inventory.github?.repos ?? []) {
      const located = perRepo.get(repo.fullName.toLowerCase())?.located ?? [];
      const log = sarifLog({ findings: located, rules: RULES, toolVersion: "0.1.0" });
      expect(validateSarif(log), `${repo.fullName}: ${JSON.stringify(validateSarif.errors)}`).toBe(true);
    }
    const legacy = findingsForRepo(findings, "acme/legacy-monolith", ctx).located.map((f) => f.ruleId);
    expect(legacy).toEqual(expect.arrayContaining(["KL101", "KL102", "KL103", "KL106"]));
  });
});

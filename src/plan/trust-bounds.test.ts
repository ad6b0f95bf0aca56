// Issue 9, trust policies: a trust is never broader than the workflow. An unknown claim of a custom
// subject template is never a wildcard (another organization could forge it); an `if:` never widens
// what the triggers allow; GitHub's `*` (no `/`) is never silently planned as IAM's `*` (any text);
// branch filters are matched in linear time. Attacks are run through the IAM simulator.
import { describe, expect, it } from "vitest";
import type { Plan } from "./schema.js";
import { planSmall, PROD, simulateTrust, smallInventory, smallRepo, workflow } from "./test-helpers.js";

const KEY = "AKIAPRODKEYAAAAAAAAA";
const DEPLOY = ".github/workflows/deploy.yml";
const ISSUER = "token.actions.githubusercontent.com";

function planOne(files: Record<string, string>, repoFields: Parameters<typeof smallRepo>[2] = {}, config: Parameters<typeof planSmall>[1] = {}): Plan {
  const inventory = smallInventory({ repos: [smallRepo("api", files, repoFields)], users: [{ accountId: PROD, userName: "ci-api", keyId: KEY }] });
  return planSmall(inventory, config, [{ accessKeyId: KEY, repo: "acme/api" }]);
}

const subjectsOf = (plan: Plan) => plan.roles.filter((r) => r.subjects).flatMap((r) => (r.subjects ?? []).map((s) => `${s.operator} ${s.value}`)).sort();
const codesOf = (plan: Plan) => plan.repos.flatMap((r) => r.issues.map((i) => `${i.severity}:${i.code}`));
const statusOf = (plan: Plan) => plan.repos[0]?.status;

/** What IAM decides for a token with this `sub` on every role the plan assumes with a web identity. */
async function decisions(plan: Plan, sub: string): Promise<string[]> {
  const out: string[] = [];
  for (const role of plan.roles.filter((r) => r.subjects)) {
    const provider = plan.providers.find((p) => p.accountId === role.accountId)?.arn ?? "";
    out.push(await simulateTrust(role.trustPolicy, { principal: provider, action: "sts:AssumeRoleWithWebIdentity", roleArn: role.arn, context: { [`${ISSUER}:aud`]: "sts.amazonaws.com", [`${ISSUER}:sub`]: sub } }));
  }
  return out;
}

describe("custom subject templates (issue 9, item 1)", () => {
  const envJob = { [DEPLOY]: workflow(["push:", "  branches: [main]"], ["environment: production"]) };
  const actorFirst = { oidcSubject: { useDefault: false, includeClaimKeys: ["actor", "repo", "context"] }, environments: ["production"] };
  // Another organization's token, template [actor, workflow], workflow named to carry our text.
  const FORGED = "actor:eve:workflow:x:repo:acme/api:environment:production";

  it("blocks a template with a claim keyless cannot know, instead of matching it with *", async () => {
    const plan = planOne(envJob, actorFirst);
    expect(statusOf(plan)).toBe("blocked");
    expect(codesOf(plan)).toContain("blocker:UnknownClaim");
    const issue = plan.repos[0]?.issues.find((i) => i.code === "UnknownClaim");
    expect(issue?.remediation).toMatch(/claims/);
    expect(await decisions(plan, FORGED)).not.toContain("Allowed");
    expect(plan.roles).toEqual([]);
  });

  it("plans an exact subject when the config pins the claim, and the forged cross-org subject is denied", async () => {
    const plan = planOne(envJob, actorFirst, { repos: { "acme/api": { claims: { actor: "deploy-bot" } } } });
    expect(statusOf(plan)).toBe("ready");
    expect(subjectsOf(plan)).toEqual(["StringEquals actor:deploy-bot:repo:acme/api:environment:production"]);
    expect(await decisions(plan, "actor:deploy-bot:repo:acme/api:environment:production")).toContain("Allowed");
    expect(await decisions(plan, FORGED)).not.toContain("Allowed");
    expect(await decisions(plan, "actor:deploy-bot:workflow:x:repo:acme/api:environment:production")).not.toContain("Allowed");
  });

  it("blocks a template whose claim before the repository may itself contain ':' (a workflow name), even pinned", () => {
    const plan = planOne(envJob, { oidcSubject: { useDefault: false, includeClaimKeys: ["workflow", "repo", "context"] }, environments: ["production"] }, { repos: { "acme/api": { claims: { workflow: "deploy" } } } });
    expect(statusOf(plan)).toBe("blocked");
    expect(codesOf(plan)).toContain("blocker:AmbiguousSubjectTemplate");
  });

  it("does not count job_workflow_ref as naming the repository: another repository may call the same workflow", () => {
    const plan = planOne({ [DEPLOY]: workflow(["push:", "  branches: [main]"]) }, { oidcSubject: { useDefault: false, includeClaimKeys: ["job_workflow_ref", "context"] } });
    expect(codesOf(plan)).toContain("blocker:SubjectNotRepoScoped");
    expect(plan.roles).toEqual([]);
  });

  it("never lets a ref wildcard stand before a later claim, where it could absorb that claim", async () => {
    const files = { [DEPLOY]: workflow(["push:", "  branches: ['release/**']"]) };
    const plan = planOne(files, { oidcSubject: { useDefault: false, includeClaimKeys: ["repo", "context", "job_workflow_ref"] } });
    expect(statusOf(plan)).toBe("blocked");
    expect(codesOf(plan)).toContain("blocker:WildcardBeforeClaim");
    // The wildcard of `ref:` absorbing the workflow of another file: denied (no role at all).
    const sub = "repo:acme/api:ref:refs/heads/release/x:job_workflow_ref:acme/api/.github/workflows/other.yml@refs/heads/release/x:job_workflow_ref:acme/api/.github/workflows/deploy.yml@refs/heads/release/y";
    expect(await decisions(plan, sub)).not.toContain("Allowed");
    // Named refs make the subject exact, wildcard-free.
    const named = planOne(files, { oidcSubject: { useDefault: false, includeClaimKeys: ["repo", "context", "job_workflow_ref"] } }, { repos: { "acme/api": { refs: ["refs/heads/release/1.2"] } } });
    expect(subjectsOf(named)).toEqual(["StringEquals repo:acme/api:ref:refs/heads/release/1.2:job_workflow_ref:acme/api/.github/workflows/deploy.yml@refs/heads/release/1.2"]);
    // The last claim may hold the wildcard: nothing follows it.
    const last = planOne(files, { oidcSubject: { useDefault: false, includeClaimKeys: ["repo", "context"] } });
    expect(subjectsOf(last)).toEqual(["StringLike repo:acme/api:ref:refs/heads/release/*"]);
  });
});

describe("if: narrows, never widens (issue 9, item 2)", () => {
  const euProd = (filter: string) => ({ [DEPLOY]: workflow(["push:", `  branches: ['${filter}']`], ["if: startsWith(github.ref, 'refs/heads/eu')"]) });

  it("keeps the trigger's -prod when the if: narrows to eu, and denies eu-test", async () => {
    const plan = planOne(euProd("**-prod"));
    expect(subjectsOf(plan)).toEqual(["StringLike repo:acme/api:ref:refs/heads/eu*-prod"]);
    expect(await decisions(plan, "repo:acme/api:ref:refs/heads/eu-prod")).toContain("Allowed");
    expect(await decisions(plan, "repo:acme/api:ref:refs/heads/eu-test")).not.toContain("Allowed");
  });

  it("blocks a single-* filter that IAM would widen to names with '/', and denies eu-test and eu/x-prod", async () => {
    const plan = planOne(euProd("*-prod"));
    expect(statusOf(plan)).toBe("blocked");
    expect(codesOf(plan)).toContain("blocker:InexactRefPattern");
    expect(plan.repos[0]?.issues.find((i) => i.code === "InexactRefPattern")?.remediation).toMatch(/plan\.repos\.acme\/api\.refs/);
    for (const ref of ["refs/heads/eu-test", "refs/heads/eu/x-prod"]) expect(await decisions(plan, `repo:acme/api:ref:${ref}`)).not.toContain("Allowed");
  });

  it("blocks release/*: GitHub never runs it on release/a/b, IAM's * would admit it", async () => {
    const plan = planOne({ [DEPLOY]: workflow(["push:", "  branches: ['release/*']"]) });
    expect(codesOf(plan)).toContain("blocker:InexactRefPattern");
    expect(await decisions(plan, "repo:acme/api:ref:refs/heads/release/a/b")).not.toContain("Allowed");
  });

  it("takes the refs the config names, kept only where the triggers and the if: allow them", async () => {
    const refs = ["refs/heads/eu-prod", "refs/heads/eu-test", "refs/heads/us-prod", "refs/heads/eu/x-prod"];
    const plan = planOne(euProd("*-prod"), {}, { repos: { "acme/api": { refs } } });
    expect(statusOf(plan)).toBe("ready");
    expect(subjectsOf(plan)).toEqual(["StringEquals repo:acme/api:ref:refs/heads/eu-prod"]);
    for (const ref of refs.slice(1)) expect(await decisions(plan, `repo:acme/api:ref:${ref}`)).not.toContain("Allowed");
    // A configured `*` is IAM's, accepted as written, but still inside the filter read with `**`.
    const tags = planOne({ [DEPLOY]: workflow(["push:", "  tags: ['v*']"]) }, {}, { repos: { "acme/api": { refs: ["refs/tags/v*", "refs/heads/*"] } } });
    expect(subjectsOf(tags)).toEqual(["StringLike repo:acme/api:ref:refs/tags/v*"]);
  });

  it("narrows ref_name == x to both refs it may name, not to the trigger's pattern", () => {
    const plan = planOne({ [DEPLOY]: workflow(["push:", "  branches: ['**']", "  tags: ['**']"], ["if: github.ref_name == 'prod'"]) });
    expect(subjectsOf(plan)).toEqual(["StringEquals repo:acme/api:ref:refs/heads/prod", "StringEquals repo:acme/api:ref:refs/tags/prod"]);
  });

  it("applies a later negation to an exact ref, and blocks a wildcard a negation cuts into", () => {
    const exact = planOne({ [DEPLOY]: workflow(["push:", "  branches: ['**']"], ["if: github.ref == 'refs/heads/old'"]).replace("branches: ['**']", "branches: ['**', '!old']") });
    expect(codesOf(exact)).toContain("blocker:NoTrustableRef");
    const cut = planOne({ [DEPLOY]: workflow(["push:", "  branches: ['release/**', '!release/old']"]) });
    expect(codesOf(cut)).toContain("blocker:InexactRefPattern");
  });

  it("does not block a filter another trigger of the job already covers (push tags v* beside release events)", () => {
    const plan = planOne({ [DEPLOY]: workflow(["push:", "  tags: ['v*']", "release:", "  types: [published]"]) });
    expect(statusOf(plan)).toBe("ready");
    expect(subjectsOf(plan)).toEqual(["StringLike repo:acme/api:ref:refs/tags/*"]);
  });

  it("keeps the common exact cases ready: branches, tags, environments", () => {
    const plan = planOne({ [DEPLOY]: workflow(["push:", "  branches: [main, 'hotfix-1.2']", "  tags: [v1.0.0]"]) });
    expect(statusOf(plan)).toBe("ready");
    expect(subjectsOf(plan)).toEqual(["StringEquals repo:acme/api:ref:refs/heads/hotfix-1.2", "StringEquals repo:acme/api:ref:refs/heads/main", "StringEquals repo:acme/api:ref:refs/tags/v1.0.0"]);
  });
});

describe("branch filters are matched in linear time (issue 9, item 3)", () => {
  it("completes with a 40-star filter and a long if: ref that backtracking would never finish", () => {
    const filter = `${"*a".repeat(40)}*b`;
    const ref = `refs/heads/${"a".repeat(60)}c`;
    const plan = planOne({ [DEPLOY]: workflow(["push:", `  branches: ['${filter}']`], [`if: github.ref == '${ref}'`]) });
    expect(codesOf(plan)).toContain("blocker:NoTrustableRef");
    const match = planOne({ [DEPLOY]: workflow(["push:", `  branches: ['${filter}']`], [`if: github.ref == 'refs/heads/${"a".repeat(60)}b'`]) });
    expect(subjectsOf(match)).toEqual([`StringEquals repo:acme/api:ref:refs/heads/${"a".repeat(60)}b`]);
  });
});

describe("the ExternalId is no defence (issue 9, item 1)", () => {
  it("keeps a hop to its entry role by ARN alone: without an ExternalId no other principal of the tooling account gets in", async () => {
    const plan = planOne({ [DEPLOY]: workflow(["push:", "  branches: [main]"]) }, {}, { externalId: false });
    const deploy = plan.roles.find((r) => r.kind === "deploy");
    const entry = plan.roles.find((r) => r.kind === "entry");
    expect(deploy?.externalId).toBeUndefined();
    if (!deploy || !entry) throw new Error("expected an entry and a deploy role");
    const hop = (principal: string, identity = entry.permissions.inlinePolicies[0]?.document) =>
      simulateTrust(deploy.trustPolicy, { principal, action: "sts:AssumeRole", roleArn: deploy.arn, context: {}, ...(identity ? { identityPolicy: identity } : {}) });
    expect(await hop(entry.arn)).toBe("Allowed");
    const tooling = entry.accountId;
    for (const other of [`arn:aws:iam::${tooling}:role/keyless/gha-other-main`, `arn:aws:iam::${tooling}:root`, `arn:aws:iam::${tooling}:user/ci`]) {
      expect(await hop(other), other).not.toBe("Allowed");
    }
    expect(plan.notes.join("\n")).not.toMatch(/ExternalId/);
    const withId = planOne({ [DEPLOY]: workflow(["push:", "  branches: [main]"]) });
    expect(withId.notes.join("\n")).toMatch(/ExternalIds are derived.*public and no defence/);
  });
});

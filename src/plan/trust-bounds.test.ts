// Issue 9, trust policies: a trust is never broader than the workflow. An unknown claim of a custom
// subject template is never a wildcard (another organization could forge it); an `if:` never widens
// what the triggers allow; GitHub's `*` (no `/`) is never silently planned as IAM's `*` (any text);
// branch filters are matched in linear time. Attacks are run through the IAM simulator.
import { describe, expect, it } from "vitest";
import type { Plan } from "./schema.js";
import { planSmall, PROD, simulateTrust, smallInventory, smallRepo, workflow } from "../../test/support/plan.js";

const KEY = "AKIAPRODKEYAAAAAAAAA";
const DEPLOY = ".github/workflows/deploy.yml";
const ISSUER = "token.actions.githubusercontent.com";

function planOne(files: Record<string, string>, repoFields: Parameters<typeof smallRepo>[2] = {}, config: Parameters<typeof planSmall>[1] = {}): Plan {
  const inventory = smallInventory({ repos: [smallRepo("api", files, repoFields)], users: [{ accountId: PROD, userName: "ci-api", keyId: KEY }] });
  return planSmall(inventory, config, [{ accessKeyId: KEY, repo: "acme/api" }]);
}

const subjectsOf = (plan: Plan) =>
  plan.roles.filter((r) => r.subjects).flatMap((r) => (r.subjects ?? []).map((s) => `${s.operator} ${s.value}${s.notLike ? ` not ${s.notLike.join(", ")}` : ""}`)).sort();
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
    // GitHub's single * in the last claim: exact with its StringNotLike; before another claim still refused.
    const segment = { [DEPLOY]: workflow(["push:", "  branches: ['release/*']"]) };
    const lastSegment = planOne(segment, { oidcSubject: { useDefault: false, includeClaimKeys: ["repo", "context"] } });
    expect(subjectsOf(lastSegment)).toEqual(["StringLike repo:acme/api:ref:refs/heads/release/* not repo:acme/api:ref:refs/heads/release/*/*"]);
    expect(await decisions(lastSegment, "repo:acme/api:ref:refs/heads/release/1")).toEqual(["Allowed"]);
    expect(await decisions(lastSegment, "repo:acme/api:ref:refs/heads/release/1/2")).not.toContain("Allowed");
    expect(codesOf(planOne(segment, { oidcSubject: { useDefault: false, includeClaimKeys: ["repo", "context", "job_workflow_ref"] } }))).toContain("blocker:WildcardBeforeClaim");
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

  it("keeps a single-* filter exact with a StringNotLike: eu-prod in, eu-test and eu/x-prod out", async () => {
    const plan = planOne(euProd("*-prod"));
    expect(statusOf(plan)).toBe("ready");
    expect(subjectsOf(plan)).toEqual(["StringLike repo:acme/api:ref:refs/heads/eu*-prod not repo:acme/api:ref:refs/heads/eu*/*-prod"]);
    expect(await decisions(plan, "repo:acme/api:ref:refs/heads/eu-prod")).toContain("Allowed");
    expect(await decisions(plan, "repo:acme/api:ref:refs/heads/eu-west-prod")).toContain("Allowed");
    for (const ref of ["refs/heads/eu-test", "refs/heads/eu/x-prod", "refs/heads/us-prod"]) expect(await decisions(plan, `repo:acme/api:ref:${ref}`), ref).not.toContain("Allowed");
  });

  it("plans release/* as exactly GitHub's set: release/1.2 in; release/a/b, release-x and release out", async () => {
    const plan = planOne({ [DEPLOY]: workflow(["push:", "  branches: ['release/*']"]) });
    expect(statusOf(plan)).toBe("ready");
    expect(subjectsOf(plan)).toEqual(["StringLike repo:acme/api:ref:refs/heads/release/* not repo:acme/api:ref:refs/heads/release/*/*"]);
    expect(await decisions(plan, "repo:acme/api:ref:refs/heads/release/1.2")).toEqual(["Allowed"]);
    for (const ref of ["refs/heads/release/a/b", "refs/heads/release-x", "refs/heads/release", "refs/tags/release/1.2"]) {
      expect(await decisions(plan, `repo:acme/api:ref:${ref}`), ref).not.toContain("Allowed");
    }
    // Direct topology: the same statement on the one role.
    const direct = planOne({ [DEPLOY]: workflow(["push:", "  branches: ['release/*']"]) }, {}, { topology: "direct" });
    expect(await decisions(direct, "repo:acme/api:ref:refs/heads/release/1.2")).toEqual(["Allowed"]);
    expect(await decisions(direct, "repo:acme/api:ref:refs/heads/release/a/b")).not.toContain("Allowed");
  });

  it("plans tags v* exactly: v1.2.3 in, v1/evil out", async () => {
    const plan = planOne({ [DEPLOY]: workflow(["push:", "  tags: ['v*']"]) });
    expect(statusOf(plan)).toBe("ready");
    expect(subjectsOf(plan)).toEqual(["StringLike repo:acme/api:ref:refs/tags/v* not repo:acme/api:ref:refs/tags/v*/*"]);
    expect(await decisions(plan, "repo:acme/api:ref:refs/tags/v1.2.3")).toEqual(["Allowed"]);
    for (const ref of ["refs/tags/v1/evil", "refs/heads/v1.2.3", "refs/tags/x1"]) expect(await decisions(plan, `repo:acme/api:ref:${ref}`), ref).not.toContain("Allowed");
  });

  it("gives each pattern with exclusions its own statement, so one's NotLike never cuts into another's refs", async () => {
    // `*` excludes every name with a '/', which would cut release/1 (and the exact feature/x) out of a shared statement.
    const plan = planOne({ [DEPLOY]: workflow(["push:", "  branches: ['*', 'release/*', 'feature/x']"]) });
    expect(statusOf(plan)).toBe("ready");
    const role = plan.roles.find((r) => r.subjects);
    expect(role?.trustPolicy.Statement.map((s) => s.Sid)).toEqual(["GitHubActionsExact", "GitHubActionsSegment1", "GitHubActionsSegment2"]);
    for (const ref of ["main", "release/1", "feature/x"]) expect(await decisions(plan, `repo:acme/api:ref:refs/heads/${ref}`), ref).toEqual(["Allowed"]);
    for (const ref of ["a/b", "release/1/2", "feature/y"]) expect(await decisions(plan, `repo:acme/api:ref:refs/heads/${ref}`), ref).not.toContain("Allowed");
  });

  it("keeps several single * apart: a*/b* admits a1/b2, not a1/x/b2 nor a1/b2/c", async () => {
    const plan = planOne({ [DEPLOY]: workflow(["push:", "  branches: ['a*/b*']"]) });
    expect(subjectsOf(plan)).toEqual(["StringLike repo:acme/api:ref:refs/heads/a*/b* not repo:acme/api:ref:refs/heads/a*/*/b*, repo:acme/api:ref:refs/heads/a*/b*/*"]);
    expect(await decisions(plan, "repo:acme/api:ref:refs/heads/a1/b2")).toEqual(["Allowed"]);
    expect(await decisions(plan, "repo:acme/api:ref:refs/heads/a/b")).toEqual(["Allowed"]);
    for (const ref of ["a1/x/b2", "a1/b2/c", "a/b/b", "ab"]) expect(await decisions(plan, `repo:acme/api:ref:refs/heads/${ref}`), ref).not.toContain("Allowed");
  });

  it("still blocks what IAM cannot hold exactly: * beside **, ?, +, [...]", async () => {
    for (const filter of ["release/**/*", "v[0-9]*", "v*?", "v1+*", "*-prod/**"]) {
      const plan = planOne({ [DEPLOY]: workflow(["push:", `  branches: ['${filter}']`]) });
      expect(codesOf(plan), filter).toContain("blocker:InexactRefPattern");
      expect(plan.roles, filter).toEqual([]);
    }
  });

  it("takes the refs the config names instead, kept only where the triggers and the if: allow them", async () => {
    const refs = ["refs/heads/eu-prod", "refs/heads/eu-test", "refs/heads/us-prod", "refs/heads/eu/x-prod"];
    const plan = planOne(euProd("*-prod"), {}, { repos: { "acme/api": { refs } } });
    expect(statusOf(plan)).toBe("ready");
    expect(subjectsOf(plan)).toEqual(["StringEquals repo:acme/api:ref:refs/heads/eu-prod"]);
    for (const ref of refs.slice(1)) expect(await decisions(plan, `repo:acme/api:ref:${ref}`)).not.toContain("Allowed");
    // A configured `*` stops at '/' as in a filter, kept only inside the filter; `**` is any text,
    // which a single-* filter never contains; `*` beside `**` is no exact pattern and is refused.
    const tags = planOne({ [DEPLOY]: workflow(["push:", "  tags: ['v*']"]) }, {}, { repos: { "acme/api": { refs: ["refs/tags/v1.*", "refs/tags/v2**", "refs/heads/*", "refs/tags/v**/*"] } } });
    expect(subjectsOf(tags)).toEqual(["StringLike repo:acme/api:ref:refs/tags/v1.* not repo:acme/api:ref:refs/tags/v1.*/*"]);
    expect(codesOf(tags)).toContain("warning:ConfiguredRefPattern");
    expect(await decisions(tags, "repo:acme/api:ref:refs/tags/v1.2")).toEqual(["Allowed"]);
    for (const ref of ["refs/tags/v1.2/x", "refs/tags/v2.0", "refs/heads/main"]) expect(await decisions(tags, `repo:acme/api:ref:${ref}`), ref).not.toContain("Allowed");
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

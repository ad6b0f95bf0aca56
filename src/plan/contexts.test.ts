// What a job's role trusts, derived from small workflows: environments, branches, tags, the default
// branch for dispatch and schedule, `if:` narrowing, pull requests never, forks flagged, reusable
// workflows from their callers, self-hosted runners flagged, the immutable and custom subject forms.
import { describe, expect, it } from "vitest";
import type { Plan } from "./schema.js";
import { planSmall, PROD, smallInventory, smallRepo, TOOLING, workflow } from "../../test/support/plan.js";

const KEY = "AKIAPRODKEYAAAAAAAAA";
const map = [{ accessKeyId: KEY, repo: "acme/api" }];

function planOne(files: Record<string, string>, repoFields: Parameters<typeof smallRepo>[2] = {}, config: Parameters<typeof planSmall>[1] = {}): Plan {
  const inventory = smallInventory({ repos: [smallRepo("api", files, repoFields)], users: [{ accountId: PROD, userName: "ci-api", keyId: KEY }] });
  return planSmall(inventory, config, map);
}

const subjectsOf = (plan: Plan) => plan.roles.filter((r) => r.subjects).flatMap((r) => (r.subjects ?? []).map((s) => `${s.operator} ${s.value}`)).sort();
const codesOf = (plan: Plan) => plan.repos.flatMap((r) => r.issues.map((i) => `${i.severity}:${i.code}`));
const DEPLOY = ".github/workflows/deploy.yml";

describe("subjects a job's role trusts", () => {
  it("trusts the environment a job deploys to, whatever its triggers", () => {
    const plan = planOne({ [DEPLOY]: workflow(["push:", "  branches: [main, develop]"], ["environment: Production"]) }, { environments: ["production"] });
    // The environment's own spelling: GitHub names environments case-insensitively.
    expect(subjectsOf(plan)).toEqual(["StringEquals repo:acme/api:environment:production"]);
    expect(plan.repos[0]?.status).toBe("ready");
  });

  it("trusts exact branches with StringEquals and patterns with StringLike, in separate statements", () => {
    // `**` is any text, as IAM's `*` is; a single `*` (no '/') is a blocker (trust-bounds.test.ts).
    const plan = planOne({ [DEPLOY]: workflow(["push:", "  branches: [main, 'release/**']", "  tags: ['v**']"]) });
    expect(subjectsOf(plan)).toEqual([
      "StringEquals repo:acme/api:ref:refs/heads/main",
      "StringLike repo:acme/api:ref:refs/heads/release/*",
      "StringLike repo:acme/api:ref:refs/tags/v*",
    ]);
    const entry = plan.roles.find((r) => r.kind === "entry");
    expect(entry?.trustPolicy.Statement.map((s) => Object.keys(s.Condition ?? {}).join("+"))).toEqual(["StringEquals", "StringEquals+StringLike"]);
  });

  it("trusts the default branch for workflow_dispatch, schedule and repository_dispatch, and tags for release", () => {
    const plan = planOne({ [DEPLOY]: workflow(["workflow_dispatch:", "schedule:", "  - cron: '0 3 * * *'", "release:", "  types: [published]"]) }, { defaultBranch: "trunk" });
    expect(subjectsOf(plan)).toEqual(["StringEquals repo:acme/api:ref:refs/heads/trunk", "StringLike repo:acme/api:ref:refs/tags/*"]);
  });

  it("never trusts pull_request: a PR-only job blocks the repo, a mixed one is warned", () => {
    const prOnly = planOne({ [DEPLOY]: workflow(["pull_request:"]) });
    expect(prOnly.repos[0]?.status).toBe("blocked");
    expect(codesOf(prOnly)).toContain("blocker:PullRequestSubject");
    expect(prOnly.roles).toEqual([]);
    const mixed = planOne({ [DEPLOY]: workflow(["push:", "  branches: [main]", "pull_request:"]) });
    expect(codesOf(mixed)).toContain("warning:PullRequestSubject");
    expect(subjectsOf(mixed)).toEqual(["StringEquals repo:acme/api:ref:refs/heads/main"]);
  });

  it("narrows to what the job's if: lets through", () => {
    const files = { [DEPLOY]: workflow(["push:", "  branches: [main, 'release/**']"], ["if: startsWith(github.ref, 'refs/heads/release/') && github.event_name == 'push'"]) };
    expect(subjectsOf(planOne(files))).toEqual(["StringLike repo:acme/api:ref:refs/heads/release/*"]);
    const exact = { [DEPLOY]: workflow(["push:", "  branches: ['**']"], ["if: ${{ github.ref == 'refs/heads/main' }}"]) };
    expect(subjectsOf(planOne(exact))).toEqual(["StringEquals repo:acme/api:ref:refs/heads/main"]);
    // With || nothing is narrowed: the trust must cover every run the job can make.
    const either = { [DEPLOY]: workflow(["push:", "  branches: [main, develop]"], ["if: github.ref == 'refs/heads/main' || github.event_name == 'push'"]) };
    expect(subjectsOf(planOne(either))).toEqual(["StringEquals repo:acme/api:ref:refs/heads/develop", "StringEquals repo:acme/api:ref:refs/heads/main"]);
  });

  it("trusts only the default branch for a push to any branch, and says so", () => {
    const plan = planOne({ [DEPLOY]: workflow(["push:"]) });
    expect(subjectsOf(plan)).toEqual(["StringEquals repo:acme/api:ref:refs/heads/main"]);
    expect(codesOf(plan)).toContain("warning:AnyBranchPush");
  });

  it("blocks a computed environment unless the config lists the environments", () => {
    const files = { [DEPLOY]: workflow(["workflow_dispatch:", "  inputs:", "    env:", "      type: string"], ["environment: ${{ inputs.env }}"]) };
    expect(codesOf(planOne(files))).toContain("blocker:ComputedEnvironment");
    const listed = planOne(files, {}, { repos: { "acme/api": { environments: ["staging", "production"] } } });
    expect(subjectsOf(listed)).toEqual(["StringEquals repo:acme/api:environment:production", "StringEquals repo:acme/api:environment:staging"]);
  });

  it("flags fork-triggered workflows and self-hosted runners", () => {
    const files = { [DEPLOY]: workflow(["issue_comment:", "  types: [created]"]).replace("runs-on: ubuntu-latest", "runs-on: [self-hosted, linux]") };
    const codes = codesOf(planOne(files));
    expect(codes).toContain("warning:ForkTriggeredWorkflow");
    expect(codes).toContain("warning:SelfHostedRunner");
  });

  it("takes a reusable workflow's subject from its caller's triggers and the callee job's environment", () => {
    const callee = [
      "on:",
      "  workflow_call:",
      "    secrets:",
      "      KEY_ID: { required: true }",
      "      SECRET: { required: true }",
      "jobs:",
      "  ship:",
      "    runs-on: ubuntu-latest",
      "    environment: prod",
      "    steps:",
      "      - uses: aws-actions/configure-aws-credentials@v4",
      "        with:",
      "          aws-access-key-id: ${{ secrets.KEY_ID }}",
      "          aws-secret-access-key: ${{ secrets.SECRET }}",
      "          aws-region: eu-west-1",
      "",
    ].join("\n");
    const caller = [
      "on:",
      "  push:",
      "    tags: ['v*']",
      "jobs:",
      "  release:",
      "    uses: ./.github/workflows/ship.yml",
      "    secrets:",
      "      KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}",
      "      SECRET: ${{ secrets.AWS_SECRET_ACCESS_KEY }}",
      "",
    ].join("\n");
    const plan = planOne({ ".github/workflows/ship.yml": callee, ".github/workflows/release.yml": caller }, { environments: ["prod"] });
    expect(plan.repos[0]?.status).toBe("ready");
    expect(subjectsOf(plan)).toEqual(["StringEquals repo:acme/api:environment:prod"]);
    const paths = plan.repos[0]?.assignments.map((a) => `${a.path}#${a.job}`);
    expect(paths).toEqual([".github/workflows/release.yml#release", ".github/workflows/ship.yml#ship"]);
  });

  it("blocks a reusable workflow that no workflow of the repo calls", () => {
    const callee = workflow(["workflow_call:"]);
    expect(codesOf(planOne({ ".github/workflows/ship.yml": callee }))).toContain("blocker:CalleeWithoutCaller");
  });

  it("uses the immutable owner@id/name@id form for repos created from 2026-07-15, and the name form before", () => {
    const files = { [DEPLOY]: workflow(["push:", "  branches: [main]"]) };
    expect(subjectsOf(planOne(files, { createdAt: "2026-07-15T00:00:00Z" }))).toEqual(["StringEquals repo:acme@99/api@4245:ref:refs/heads/main"]);
    expect(subjectsOf(planOne(files, { createdAt: "2026-07-14T23:59:59Z" }))).toEqual(["StringEquals repo:acme/api:ref:refs/heads/main"]);
    expect(subjectsOf(planOne(files, { createdAt: "2026-08-01T00:00:00Z" }, { repos: { "acme/api": { subjectFormat: "name" } } }))).toEqual(["StringEquals repo:acme/api:ref:refs/heads/main"]);
    // Enterprise Server has no immutable subjects.
    expect(subjectsOf(planOne(files, { createdAt: "2026-08-01T00:00:00Z" }, { issuer: "https://ghe.example.com/_services/token" }))).toEqual(["StringEquals repo:acme/api:ref:refs/heads/main"]);
  });

  it("honours a custom include_claim_keys template", () => {
    const files = { [DEPLOY]: workflow(["push:", "  branches: [main]"]) };
    const custom = planOne(files, { oidcSubject: { useDefault: false, includeClaimKeys: ["repo", "context", "job_workflow_ref"] } });
    expect(subjectsOf(custom)).toEqual(["StringEquals repo:acme/api:ref:refs/heads/main:job_workflow_ref:acme/api/.github/workflows/deploy.yml@refs/heads/main"]);
    // A claim keyless cannot know blocks the repo (never `*`), unless the config pins its value.
    const template = { oidcSubject: { useDefault: false, includeClaimKeys: ["repository_id", "context", "actor"] } };
    const ids = planOne(files, template);
    expect(codesOf(ids)).toContain("blocker:UnknownClaim");
    expect(ids.roles).toEqual([]);
    const pinned = planOne(files, template, { repos: { "acme/api": { claims: { actor: "deploy-bot" } } } });
    expect(subjectsOf(pinned)).toEqual(["StringEquals repository_id:4245:ref:refs/heads/main:actor:deploy-bot"]);
    // A template that does not name the repository would let other repositories in.
    const owner = planOne(files, { oidcSubject: { useDefault: false, includeClaimKeys: ["repository_owner", "context"] } });
    expect(codesOf(owner)).toContain("blocker:SubjectNotRepoScoped");
    expect(owner.roles).toEqual([]);
  });

  it("escapes ${ in a branch name for IAM and matches it with StringLike", () => {
    const plan = planOne({ [DEPLOY]: workflow(["push:", "  branches: ['feat-${x}']"]) });
    expect(subjectsOf(plan)).toEqual(["StringLike repo:acme/api:ref:refs/heads/feat-${$}{x}"]);
  });

  it("puts the provider and entry roles in the GHES issuer's name", () => {
    const inventory = smallInventory({ repos: [smallRepo("api", { [DEPLOY]: workflow(["push:", "  branches: [main]"]) })], users: [{ accountId: PROD, userName: "ci-api", keyId: KEY }] });
    inventory.github = { ...(inventory.github as NonNullable<typeof inventory.github>), apiUrl: "https://ghe.example.com/api/v3" };
    const plan = planSmall(inventory, {}, map);
    expect(plan.config.issuer).toBe("https://ghe.example.com/_services/token");
    expect(plan.providers).toEqual([{ accountId: TOOLING, issuer: "https://ghe.example.com/_services/token", arn: `arn:aws:iam::${TOOLING}:oidc-provider/ghe.example.com/_services/token`, exists: false, clientIds: ["sts.amazonaws.com"] }]);
    const condition = plan.roles.find((r) => r.kind === "entry")?.trustPolicy.Statement[0]?.Condition?.StringEquals;
    expect(Object.keys(condition ?? {})).toEqual(["ghe.example.com/_services/token:aud", "ghe.example.com/_services/token:sub"]);
  });
});

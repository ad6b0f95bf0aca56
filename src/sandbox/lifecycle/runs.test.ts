// Simulated runs without HTTP: static keys a job still uses, reusable workflows and composite
// actions that assume roles, the id-token permission, and the clock.
import { beforeEach, describe, expect, test } from "vitest";
import { buildScenario } from "../scenario/index.js";
import type { World } from "../world.js";
import { createLifecycle, type Lifecycle } from "./lifecycle.js";
import { TOOLING } from "../../../test/support/lifecycle.js";

const STAGING_KEY = "AKIA2ZGND5QLXOYQESRD";
const STAGING_ACCOUNT = "789445794547";

let world: World;
let lifecycle: Lifecycle;
beforeEach(() => {
  world = buildScenario("acme");
  lifecycle = createLifecycle(world);
});

const repo = (name: string) => world.github.repos.find((r) => r.fullName === name)!;
const stagingKey = () => world.aws.iam[STAGING_ACCOUNT]!.accessKeys.find((k) => k.accessKeyId === STAGING_KEY)!;

describe("static keys in a simulated run", () => {
  test("a job still on keys uses them: a CloudTrail event from a runner, and the key's last-used date moves", () => {
    const [report] = lifecycle.simulateRun("acme/checkout-service");
    expect(report!.run).toMatchObject({ event: "push", headBranch: "main", conclusion: "success" });
    expect(report!.jobs.map((j) => [j.name, j.conclusion, j.keysUsed])).toEqual([
      ["staging", "success", [STAGING_KEY]],
      // `if: startsWith(github.ref, 'refs/heads/release/')` is false on main.
      ["production", "skipped", []],
    ]);
    const events = world.aws.cloudtrail.filter((e) => e.accessKeyId === STAGING_KEY && e.eventTime > report!.run.createdAt);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ eventName: "GetCallerIdentity", accountId: STAGING_ACCOUNT, userName: "gha-checkout-staging", userAgent: expect.stringContaining("configure-aws-credentials-for-github-actions") });
    expect(stagingKey().lastUsed?.date).toBe(events[0]!.eventTime);
    expect(world.now).toBe(report!.run.updatedAt);
  });

  test("a deactivated key fails the job, and nothing is logged with it", () => {
    stagingKey().status = "Inactive";
    const before = world.aws.cloudtrail.length;
    const [report] = lifecycle.simulateRun("acme/checkout-service");
    expect(report!.run.conclusion).toBe("failure");
    expect(report!.jobs[0]!.error).toContain("InvalidClientTokenId");
    expect(world.aws.cloudtrail.length).toBe(before);
  });

  test("a deleted secret leaves the job without credentials", () => {
    repo("acme/checkout-service").secrets = repo("acme/checkout-service").secrets.filter((s) => !s.name.startsWith("STAGING_"));
    const [report] = lifecycle.simulateRun("acme/checkout-service");
    expect(report!.jobs[0]).toMatchObject({ conclusion: "failure", error: expect.stringContaining("no longer set") });
  });
});

describe("roles assumed through reusable workflows and composite actions", () => {
  const trustFor = (sub: string) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${TOOLING}:oidc-provider/token.actions.githubusercontent.com` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": sub } } }] });
  const addRole = (name: string, sub: string) =>
    world.aws.iam[TOOLING]!.roles.push({ roleName: name, roleId: `AROATEST${name.toUpperCase().replace(/-/g, "").padEnd(13, "0").slice(0, 13)}`, arn: `arn:aws:iam::${TOOLING}:role/${name}`, path: "/", createDate: world.now, maxSessionDuration: 3600, assumeRolePolicyDocument: trustFor(sub), attachedPolicies: [], inlinePolicies: [] });

  test("a called workflow's job gets its environment from the caller's inputs; a composite action's step assumes for its job", () => {
    addRole("test-reusable", "repo:acme/billing-api:environment:staging");
    addRole("test-composite", "repo:acme/billing-api:ref:refs/heads/main");
    const files = repo("acme/billing-api").files;
    files[".github/workflows/release.yml"] = [
      "name: release", "on:", "  push:", "    branches: [main]", "permissions:", "  contents: read", "jobs:",
      "  staging:", "    uses: ./.github/workflows/deploy.yml", "    with:", "      stage: staging", "    permissions:", "      contents: read", "      id-token: write",
      "  image:", "    runs-on: ubuntu-latest", "    permissions:", "      id-token: write", "    steps:", "      - uses: ./.github/actions/aws-login", "        with:", "          region: eu-central-1",
      "  unpermitted:", "    uses: ./.github/workflows/deploy.yml", "    with:", "      stage: staging", "",
    ].join("\n");
    files[".github/workflows/deploy.yml"] = [
      "name: deploy (called)", "on:", "  workflow_call:", "    inputs:", "      stage: { type: string, required: true }", "jobs:", "  deploy:", "    runs-on: ubuntu-latest",
      "    environment: ${{ inputs.stage }}", "    permissions:", "      id-token: write", "    steps:", "      - uses: aws-actions/configure-aws-credentials@v6", "        with:",
      `          role-to-assume: arn:aws:iam::${TOOLING}:role/test-reusable`, "          aws-region: eu-central-1", "",
    ].join("\n");
    files[".github/actions/aws-login/action.yml"] = [
      "name: aws login", "inputs:", "  region:", "    default: us-east-1", "runs:", "  using: composite", "  steps:", "    - uses: aws-actions/configure-aws-credentials@v6", "      with:",
      `        role-to-assume: arn:aws:iam::${TOOLING}:role/test-composite`, "        aws-region: ${{ inputs.region }}", "",
    ].join("\n");
    const [report] = lifecycle.simulateRun("acme/billing-api", ".github/workflows/release.yml");
    const jobs = Object.fromEntries(report!.jobs.map((j) => [j.name, j]));
    expect(jobs["staging / deploy"]).toMatchObject({ conclusion: "success", subject: "repo:acme/billing-api:environment:staging", assumed: [{ roleArn: `arn:aws:iam::${TOOLING}:role/test-reusable`, via: "AssumeRoleWithWebIdentity" }] });
    expect(jobs["image"]).toMatchObject({ conclusion: "success", subject: "repo:acme/billing-api:ref:refs/heads/main" });
    // The caller grants no id-token: write, and a called workflow cannot raise it.
    expect(jobs["unpermitted / deploy"]).toMatchObject({ conclusion: "failure", error: expect.stringContaining("id-token") });
    expect(report!.run.conclusion).toBe("failure");
    const regions = world.aws.cloudtrail.filter((e) => e.eventName === "AssumeRoleWithWebIdentity" && e.eventTime > report!.run.createdAt).map((e) => e.awsRegion);
    expect(regions).toEqual(["eu-central-1", "eu-central-1"]);
  });
});

describe("simulateRun, advanceClock", () => {
  test("a workflow without a default-branch trigger runs on the trigger it has, or is refused", () => {
    // analytics-etl's ETL runs on a schedule and by hand, never on push.
    expect(lifecycle.simulateRun("acme/analytics-etl")).toEqual([]);
    expect(lifecycle.simulateRun("acme/analytics-etl", ".github/workflows/etl.yml")[0]!.run.event).toBe("schedule");
    expect(lifecycle.simulateRun("acme/analytics-etl", ".github/workflows/etl.yml", { event: "workflow_dispatch" })[0]!.run.event).toBe("workflow_dispatch");
    expect(() => lifecycle.simulateRun("acme/analytics-etl", ".github/workflows/nope.yml")).toThrow(/has no file/);
    expect(() => lifecycle.simulateRun("acme/nope")).toThrow(/no repository/);
  });

  test("run ids grow across the world and run numbers per workflow", () => {
    const first = lifecycle.simulateRun("acme/checkout-service")[0]!.run;
    const second = lifecycle.simulateRun("acme/checkout-service")[0]!.run;
    expect(second.id).toBe(first.id + 1);
    expect(second.runNumber).toBe(first.runNumber + 1);
    expect(Math.max(...world.github.repos.flatMap((r) => r.workflowRuns.map((x) => x.id)))).toBe(second.id);
  });

  test("the clock only moves forward", () => {
    const start = Date.parse(world.now);
    expect(Date.parse(lifecycle.advanceClock(7.5)) - start).toBe(7.5 * 86_400_000);
    expect(() => lifecycle.advanceClock(-1)).toThrow(/only moves forward/);
  });
});

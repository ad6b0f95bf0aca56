// The sandbox plays along end to end: a pull request merged through the real Octokit triggers a
// simulated run whose OIDC role assumptions land in CloudTrail, read back with the real SDK.
import { CloudTrailClient, LookupEventsCommand, type Event } from "@aws-sdk/client-cloudtrail";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Plan, RoleAssignment } from "../../plan/index.js";
import { startSandbox, type Sandbox } from "../index.js";
import { SANDBOX_AWS_CREDENTIALS, SANDBOX_GITHUB_TOKEN } from "../scenario/index.js";
import { acmeWithPlan, assignmentOf, mergeChange, migratedEtl, runnerRangeMatcher, TOOLING } from "../../../test/support/lifecycle.js";

const REPO = "acme/analytics-etl";
const ETL = ".github/workflows/etl.yml";
const OLD_KEY = "AKIAYSCAHTI4XQUEELQP";
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

let sandbox: Sandbox;
let plan: Plan;
let etl: RoleAssignment;
let octokit: Octokit;
beforeAll(async () => {
  const acme = acmeWithPlan();
  plan = acme.plan;
  etl = assignmentOf(plan, REPO);
  sandbox = await startSandbox({ world: acme.world });
  octokit = new Octokit({ baseUrl: sandbox.github!.url, auth: SANDBOX_GITHUB_TOKEN, log: quiet });
});
afterAll(() => sandbox.close());

/** CloudTrail of `account` (entered through its audit role), as discovery and verify read it. */
async function lookup(account: string, attribute: { AttributeKey: "EventName" | "AccessKeyId"; AttributeValue: string }, region = "eu-west-1"): Promise<Event[]> {
  const sts = new STSClient({ endpoint: sandbox.aws!.url, region, credentials: SANDBOX_AWS_CREDENTIALS });
  const session = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: "keyless-verify" }));
  const c = session.Credentials!;
  const trail = new CloudTrailClient({ endpoint: sandbox.aws!.url, region, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
  const out = await trail.send(new LookupEventsCommand({ LookupAttributes: [attribute], MaxResults: 50 }));
  return out.Events ?? [];
}
const record = (e: Event) => JSON.parse(e.CloudTrailEvent ?? "{}") as Record<string, any>;

async function latestRun(): Promise<{ id: number; conclusion: string | null; event: string; head_sha: string; head_branch: string | null; path: string }> {
  const runs = await octokit.actions.listWorkflowRunsForRepo({ owner: "acme", repo: "analytics-etl", per_page: 1 });
  return runs.data.workflow_runs[0]!;
}

describe("merging a pull request runs the workflow on the default branch", () => {
  test("before the Terraform is applied, the run fails: the entry role does not exist, and CloudTrail shows the refusal", async () => {
    const merged = await mergeChange(octokit, REPO, "keyless/oidc-migration", { [ETL]: migratedEtl(etl) });
    const run = await latestRun();
    expect(run).toMatchObject({ path: ETL, event: "push", head_branch: "main", head_sha: merged.sha, conclusion: "failure" });
    expect(sandbox.runs.at(-1)?.jobs[0]?.error).toContain("Not authorized to perform sts:AssumeRoleWithWebIdentity");

    const refused = (await lookup(TOOLING, { AttributeKey: "EventName", AttributeValue: "AssumeRoleWithWebIdentity" })).map(record).filter((r) => r.requestParameters?.roleArn === etl.entryRoleArn);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ errorCode: "AccessDenied", userIdentity: { type: "WebIdentityUser", userName: "repo:acme/analytics-etl:environment:production" } });
  });

  test("after the plan is applied, the next merge runs green: the token's role, then the chained deploy role, both in CloudTrail with the run id", async () => {
    const applied = sandbox.applyPlan(plan);
    expect(applied.errors).toEqual([]);
    const startedAt = sandbox.world.now;
    await mergeChange(octokit, REPO, "docs", { "README.md": "# analytics-etl\n\nNow on OIDC.\n" });
    const run = await latestRun();
    expect(run).toMatchObject({ path: ETL, event: "push", conclusion: "success" });

    const inRunnerRange = runnerRangeMatcher(sandbox.world.github.actionsIpRanges);
    const entry = (await lookup(TOOLING, { AttributeKey: "EventName", AttributeValue: "AssumeRoleWithWebIdentity" }))
      .map(record)
      .filter((r) => r.requestParameters?.roleArn === etl.entryRoleArn && !r.errorCode);
    expect(entry).toHaveLength(1);
    expect(entry[0]).toMatchObject({
      eventSource: "sts.amazonaws.com",
      awsRegion: "eu-west-1",
      userIdentity: { type: "WebIdentityUser", userName: "repo:acme/analytics-etl:environment:production", identityProvider: `arn:aws:iam::${TOOLING}:oidc-provider/token.actions.githubusercontent.com` },
      responseElements: { subjectFromWebIdentityToken: "repo:acme/analytics-etl:environment:production", audience: "sts.amazonaws.com" },
    });
    expect(entry[0]!.userAgent).toContain(`configure-aws-credentials-for-github-actions md/github-run-id#${run.id}`);
    expect(inRunnerRange(entry[0]!.sourceIPAddress)).toBe(true);
    expect(Date.parse(entry[0]!.eventTime)).toBeGreaterThan(Date.parse(startedAt));

    const deployAccount = etl.chainRoleArn!.split(":")[4]!;
    const chained = (await lookup(deployAccount, { AttributeKey: "EventName", AttributeValue: "AssumeRole" })).map(record).filter((r) => r.requestParameters?.roleArn === etl.chainRoleArn);
    expect(chained).toHaveLength(1);
    expect(chained[0]).toMatchObject({
      userIdentity: { type: "AssumedRole", sessionContext: { sessionIssuer: { arn: etl.entryRoleArn } } },
      requestParameters: { externalId: etl.externalId, durationSeconds: 3600 },
    });
    expect(chained[0]!.userAgent).toContain(`md/github-run-id#${run.id}`);

    // The old key is not what the new run used.
    const keyEvents = (await lookup(deployAccount, { AttributeKey: "AccessKeyId", AttributeValue: OLD_KEY })).filter((e) => e.EventTime!.getTime() >= Date.parse(startedAt));
    expect(keyEvents).toEqual([]);
  });

  test("a chained hop without the ExternalId is refused, and the run fails", async () => {
    await mergeChange(octokit, REPO, "drop-external-id", { [ETL]: migratedEtl(etl, { externalId: false }) });
    expect(await latestRun()).toMatchObject({ conclusion: "failure" });
    const job = sandbox.runs.at(-1)!.jobs[0]!;
    expect(job.assumed.map((a) => a.via)).toEqual(["AssumeRoleWithWebIdentity"]);
    expect(job.error).toContain(`is not authorized to perform: sts:AssumeRole on resource: ${etl.chainRoleArn}`);
  });

  test("a merge into a branch other than the default one runs nothing", async () => {
    const before = sandbox.runs.length;
    const repo = { owner: "acme", repo: "analytics-etl" };
    const { data: main } = await octokit.git.getRef({ ...repo, ref: "heads/main" });
    const parent = await octokit.git.getCommit({ ...repo, commit_sha: main.object.sha });
    const tree = await octokit.git.createTree({ ...repo, base_tree: parent.data.tree.sha, tree: [{ path: "notes.md", mode: "100644", type: "blob", content: "notes\n" }] });
    const commit = await octokit.git.createCommit({ ...repo, message: "notes", tree: tree.data.sha, parents: [main.object.sha] });
    await octokit.git.createRef({ ...repo, ref: "refs/heads/release", sha: main.object.sha });
    await octokit.git.createRef({ ...repo, ref: "refs/heads/feature", sha: commit.data.sha });
    const pull = await octokit.pulls.create({ ...repo, title: "into release", head: "feature", base: "release" });
    await octokit.pulls.merge({ ...repo, pull_number: pull.data.number });
    expect(sandbox.runs.length).toBe(before);
  });
});

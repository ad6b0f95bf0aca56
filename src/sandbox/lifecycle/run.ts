// One simulated workflow run: a WorkflowRun on the repo, then each job as a runner would do it,
// step by step — static keys its steps are handed (their CloudTrail events; see step-walk.ts for
// what counts), and its configure-aws-credentials steps through the STS fake's own logic (a minted
// OIDC token, AssumeRoleWithWebIdentity, chained AssumeRole). A refused key or assumption fails the
// job and the run. Time passes: the world's clock ends at the run's end. Nothing here asks the
// analyzer (src/analyze) what a workflow does: the runner is what the analyzer is tested against.

import { randomUUID } from "node:crypto";
import { AwsFault, assumeRoleCore, assumeRoleWithWebIdentityCore, type CallOrigin, type IdFactory, type StsEnv } from "../aws/index.js";
import { cacUserAgent } from "../scenario/index.js";
import type { Caller, GithubRepo, WorkflowRun, World } from "../world.js";
import { jobClaims, type JobContext } from "./claims.js";
import { mintToken } from "./oidc-issuer.js";
import { keyOutcome } from "./key-use.js";
import { secretsSource, type SecretsSource } from "./secrets-context.js";
import type { Trigger } from "./triggers.js";
import { parseYaml, planJobs, type CredentialStep, type JobPlan } from "./workflow-walk.js";

export interface JobReport {
  name: string;
  conclusion: "success" | "failure" | "skipped";
  /** The `sub` of the OIDC tokens the job was given. */
  subject?: string;
  assumed: Array<{ roleArn: string; via: "AssumeRoleWithWebIdentity" | "AssumeRole"; sessionArn: string }>;
  keysUsed: string[];
  error?: string;
  notes: string[];
}

export interface RunReport {
  repo: string;
  run: WorkflowRun;
  trigger: Trigger;
  jobs: JobReport[];
}

export interface RunRequest {
  repo: GithubRepo;
  workflowPath: string;
  trigger: Trigger;
  sha: string;
  actor: string;
  /** The run starts a second after this (default world.now). */
  startAfter?: Date;
}

const CAC = /^aws-actions\/configure-aws-credentials@/i;
const CLI_USER_AGENT = "aws-cli/2.27.50 md/awscrt#0.26.1 ua/2.1 os/linux#6.11.0-1018-azure md/arch#x86_64 lang/python#3.13.4 md/pyimpl#CPython m/E cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#sts.get-caller-identity";

export function runWorkflow(world: World, ids: IdFactory, request: RunRequest): RunReport {
  const { repo, workflowPath, trigger } = request;
  const text = repo.files[workflowPath];
  const doc = parseYaml(text);
  const name = typeof doc?.["name"] === "string" ? doc["name"] : workflowPath;
  // Whole seconds, as GitHub's timestamps are.
  let clock = Math.ceil((Math.max(Date.parse(world.now), request.startAfter?.getTime() ?? 0) + 1000) / 1000) * 1000;
  const tick = (seconds: number) => new Date((clock += seconds * 1000));
  const created = iso(new Date(clock));
  const run: WorkflowRun = {
    id: lastRunId(world) + 1,
    workflowPath,
    name,
    event: trigger.event,
    headBranch: trigger.ref.replace(/^refs\/(heads|tags)\//, ""),
    headSha: request.sha,
    status: "completed",
    conclusion: "success",
    createdAt: created,
    updatedAt: created,
    runStartedAt: iso(tick(3)),
    runNumber: Math.max(0, ...repo.workflowRuns.filter((r) => r.workflowPath === workflowPath).map((r) => r.runNumber)) + 1,
    runAttempt: 1,
  };
  repo.workflowRuns.push(run);
  const jobs: JobReport[] = [];
  if (!doc || typeof doc["jobs"] !== "object") {
    jobs.push({ name: "(workflow)", conclusion: "failure", assumed: [], keysUsed: [], error: "Invalid workflow file: it does not parse as a workflow", notes: [] });
  } else {
    const scope = scopeOf(world, repo, trigger, request, name, run);
    const varsFor = (environment: string | undefined) => ({ ...(scope["vars"] as Record<string, string>), ...Object.fromEntries((repo.environments.find((e) => e.name === environment)?.variables ?? []).map((v) => [v.name, v.value])) });
    const secrets = secretsSource(world, repo);
    const plans = planJobs(repo.files, workflowPath, scope, { varsFor, secrets });
    const ip = runnerIp(world, run.id);
    const context = (plan: JobPlan): JobContext => ({
      repo, ref: trigger.ref, sha: request.sha, event: trigger.event, workflowPath, jobWorkflowPath: plan.workflowPath, workflowName: name,
      ...(plan.environment !== undefined ? { environment: plan.environment } : {}), runId: run.id, runNumber: run.runNumber, actor: request.actor, actorId: actorId(request.actor),
    });
    const outcome = new Map<string, boolean>();
    for (const plan of inNeedsOrder(plans)) {
      const ok = (job: string) => outcome.get(job) !== false;
      if (plan.skipped || !plan.needs.every(ok)) {
        jobs.push({ name: plan.name, conclusion: "skipped", assumed: [], keysUsed: [], notes: plan.problems });
        outcome.set(plan.topJob, false);
        continue;
      }
      const report = runJob(world, ids, plan, context(plan), secrets, { ip, tick, runId: run.id });
      jobs.push(report);
      if (report.conclusion === "failure") outcome.set(plan.topJob, false);
      else if (!outcome.has(plan.topJob)) outcome.set(plan.topJob, true);
    }
  }
  run.conclusion = jobs.some((j) => j.conclusion === "failure") ? "failure" : "success";
  run.updatedAt = iso(tick(5));
  world.now = run.updatedAt;
  return { repo: repo.fullName, run, trigger, jobs };
}

interface Runner {
  ip: string;
  tick(seconds: number): Date;
  runId: number;
}

/** Jobs after the jobs they need (declaration order otherwise); a needs cycle runs in declaration order. */
function inNeedsOrder(plans: JobPlan[]): JobPlan[] {
  const out: JobPlan[] = [];
  const placed = new Set<string>();
  const tops = new Set(plans.map((p) => p.topJob));
  let rest = plans;
  while (rest.length > 0) {
    const ready = rest.filter((p) => p.needs.every((n) => placed.has(n) || !tops.has(n) || n === p.topJob));
    const batch = ready.length > 0 ? ready : rest;
    out.push(...batch);
    for (const p of batch) placed.add(p.topJob);
    rest = rest.filter((p) => !batch.includes(p));
  }
  return out;
}

function runJob(world: World, ids: IdFactory, plan: JobPlan, context: JobContext, secrets: SecretsSource, runner: Runner): JobReport {
  const report: JobReport = { name: plan.name, conclusion: "success", assumed: [], keysUsed: [], notes: [...plan.problems] };
  const fail = (error: string) => Object.assign(report, { conclusion: "failure", error });
  let session: Caller | undefined;
  for (const step of plan.steps) {
    for (const handOff of step.handOffs) {
      const outcome = keyOutcome(world, handOff, step.missing, secrets.heldKey);
      if (!outcome) continue;
      if ("failure" in outcome) return fail(`${handOff.where}: ${outcome.failure}`);
      const use = outcome.use;
      // A job authenticates with a key once (the CLI and SDKs cache what they resolved).
      if (report.keysUsed.includes(use.accessKeyId)) continue;
      const at = runner.tick(2);
      const cac = CAC.test(use.uses ?? "");
      world.aws.cloudtrail.push({
        eventId: randomUUID(), eventTime: at.toISOString(), eventName: "GetCallerIdentity", eventSource: "sts.amazonaws.com", accountId: use.accountId, awsRegion: use.region,
        accessKeyId: use.accessKeyId, userName: use.userName, sourceIPAddress: runner.ip, userAgent: cac ? cacUserAgent(runIdInAgent(use.uses ?? "", runner.runId), 1) : CLI_USER_AGENT, readOnly: true,
      });
      const key = world.aws.iam[use.accountId]?.accessKeys.find((k) => k.accessKeyId === use.accessKeyId);
      if (key) key.lastUsed = { date: at.toISOString(), serviceName: "sts", region: use.region };
      report.keysUsed.push(use.accessKeyId);
    }
    const credential = step.credential;
    if (!credential || credential.hasKeys) continue;
    const error = assume(world, ids, credential, plan, context, runner, session, report);
    if (typeof error === "string") return fail(error);
    session = error;
  }
  return report;
}

/** One configure-aws-credentials step on OIDC: the session it got, or why the step failed. */
function assume(world: World, ids: IdFactory, step: CredentialStep, plan: JobPlan, context: JobContext, runner: Runner, session: Caller | undefined, report: JobReport): Caller | string {
  if (!step.roleArn) return `${step.where}: ${step.roleText ? `role-to-assume ${step.roleText} cannot be resolved here` : "Credentials could not be loaded, please check your action inputs"}`;
  if (!step.region) return `${step.where}: Input required and not supplied: aws-region`;
  const at = runner.tick(2);
  const env: StsEnv = { world, ids, now: () => at };
  const origin: CallOrigin = { sourceIp: runner.ip, userAgent: cacUserAgent(runIdInAgent(step.uses, runner.runId), 1), region: step.region, eventTime: at };
  try {
    if (step.chaining) {
      if (!session) return `${step.where}: role-chaining needs credentials from an earlier step`;
      const issued = assumeRoleCore(env, session, { roleArn: step.roleArn, sessionName: step.sessionName, durationSeconds: step.durationSeconds ?? 3600, ...(step.externalId ? { externalId: step.externalId } : {}), ...(step.skipTagging ? {} : { tags: sessionTags(context) }) }, origin);
      report.assumed.push({ roleArn: step.roleArn, via: "AssumeRole", sessionArn: issued.caller.arn });
      return issued.caller;
    }
    if (!plan.idTokenWrite) return `${step.where}: It looks like you might be trying to authenticate with OIDC. Did you mean to set the \`id-token\` permission?`;
    const claims = jobClaims({ ...context, audience: step.audience });
    report.subject = claims["sub"];
    const token = mintToken(world, claims, at);
    const out = assumeRoleWithWebIdentityCore(env, { roleArn: step.roleArn, sessionName: step.sessionName, token, durationSeconds: step.durationSeconds ?? 3600 }, origin);
    report.assumed.push({ roleArn: step.roleArn, via: "AssumeRoleWithWebIdentity", sessionArn: out.caller.arn });
    return out.caller;
  } catch (error) {
    const message = error instanceof AwsFault ? `${error.message} (${error.code})` : (error as Error).message;
    return `${step.where}: Could not assume role${step.chaining ? "" : " with OIDC"}: ${message}`;
  }
}

/** The tags configure-aws-credentials puts on a session it assumes with AssumeRole. */
function sessionTags(c: JobContext): Array<{ key: string; value: string }> {
  const clean = (v: string) => v.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, "_").slice(0, 256);
  return [
    { key: "GitHub", value: "Actions" },
    { key: "Repository", value: clean(c.repo.fullName) },
    { key: "Workflow", value: clean(c.workflowName) },
    { key: "Action", value: "__aws-actions_configure-aws-credentials" },
    { key: "Actor", value: clean(c.actor) },
    { key: "Commit", value: c.sha },
    ...(c.ref.startsWith("refs/heads/") ? [{ key: "Branch", value: clean(c.ref) }] : []),
  ];
}

/** Releases after v6.0 put the run id into the STS user agent (see the scenario's cacUserAgent). */
function runIdInAgent(uses: string, runId: number): number | undefined {
  const v = /@v(\d+)(?:\.(\d+))?/.exec(uses);
  const [major, minor] = [Number(v?.[1] ?? 0), v?.[2] === undefined ? undefined : Number(v[2])];
  return major > 6 || (major === 6 && (minor === undefined || minor >= 1)) ? runId : undefined;
}

function scopeOf(world: World, repo: GithubRepo, trigger: Trigger, request: RunRequest, workflow: string, run: WorkflowRun): Record<string, unknown> {
  const org = world.github.orgs.find((o) => o.login === repo.owner);
  const vars: Record<string, string> = {};
  for (const v of [...(org?.variables ?? []), ...repo.variables]) vars[v.name] = v.value;
  return {
    github: {
      ref: trigger.ref, ref_name: run.headBranch, ref_type: trigger.ref.startsWith("refs/tags/") ? "tag" : "branch", sha: request.sha, repository: repo.fullName,
      repository_owner: repo.owner, event_name: trigger.event, workflow, actor: request.actor, run_id: String(run.id), run_number: String(run.runNumber),
      head_ref: "", base_ref: "", server_url: "https://github.com", event: {},
    },
    vars, inputs: {}, matrix: {}, env: {}, needs: {}, steps: {}, runner: { os: "Linux", arch: "X64", environment: "github-hosted" }, job: {}, strategy: {},
  };
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The largest run id in the world (a loop: large worlds hold more runs than a spread can take). */
function lastRunId(world: World): number {
  let max = 0;
  for (const repo of world.github.repos) for (const r of repo.workflowRuns) if (r.id > max) max = r.id;
  return max;
}

function runnerIp(world: World, runId: number): string {
  const ranges = world.github.actionsIpRanges.length > 0 ? world.github.actionsIpRanges : ["4.148.0.0/16"];
  const [base = "4.148.0.0", bits = "16"] = (ranges[runId % ranges.length] as string).split("/");
  const start = base.split(".").reduce((n, p) => n * 256 + Number(p), 0);
  const size = 2 ** (32 - Number(bits));
  const n = start + 1 + (runId % Math.max(1, size - 2));
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

function actorId(login: string): number {
  let h = 7;
  for (const c of login) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  return 10_000_000 + (h % 90_000_000);
}

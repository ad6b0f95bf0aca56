// The embedded sandbox: a scenario world served by the AWS and GitHub fakes on 127.0.0.1, and
// the environment that points any tool (keyless, the AWS CLI, gh) at it.
import { KeylessError } from "../core/errors.js";
import { startAwsFake, type AwsFake } from "./aws/index.js";
import { startGithubFake, type GithubFake } from "./github/index.js";
import type { Plan } from "../plan/index.js";
import { adminHandlers, createLifecycle, type ApplyOptions, type ApplyReport, type RunReport, type SimulateOptions, type TokenRequest } from "./lifecycle/index.js";
import { buildScenario, SANDBOX_AWS_CREDENTIALS, SANDBOX_GITHUB_TOKEN } from "./scenario/index.js";
import type { World } from "./world.js";
import { WriteTrap, type FaultMix } from "./fault-mix.js";
import { generateAppKeyPair, registerSandboxApp } from "./github/app-jwt.js";

export interface SandboxOptions {
  scenario?: string;
  seed?: number;
  accounts?: number;
  repos?: number;
  /** Share of generated repositories that use AWS keys (see ScenarioOptions.awsShare). */
  awsShare?: number;
  only?: "aws" | "github";
  port?: { aws?: number; github?: number };
  latencyMs?: number;
  /** Largest page the fakes return (small by default so pagination bugs show; real-sized in the bench). */
  pageSize?: { aws?: number; github?: number };
  faults?: { throttleRate?: number; secondaryRateLimitRate?: number; seed?: number; mix?: FaultMix };
  /**
   * Which rate limits the fakes play (docs/performance.md, "The sandbox's limits"): "primary" (the
   * default) GitHub's hourly limits per token only, which no test and no `--sandbox` run of acme
   * comes near; "all" adds GitHub's secondary limits and AWS's per-account throttling, as
   * `keyless sandbox` and the bench serve; "none" plays none (GitHub answers without x-ratelimit headers).
   */
  limits?: SandboxLimits;
  /** Rate-limit windows pass this many times faster than real time (default 1): 60 makes an hour a minute. */
  timeScale?: number;
  /**
   * Register a GitHub App installed on the organization (`keyless sandbox` does): its id and
   * private key are in `Sandbox.githubApp`. `permissions` replaces the installation's permissions.
   */
  githubApp?: boolean | { permissions: Record<string, "read" | "write"> };
  /** A prepared world instead of a generated scenario (tests). */
  world?: World;
  /** A migration plan (reports/plan.json) applied to the AWS side before serving, as `terraform apply` would. */
  applyPlan?: Plan;
  /** With applyPlan: also make the manual existing-role trust changes of the generated README. */
  applyExistingRoleChanges?: boolean;
}

export type SandboxLimits = "all" | "primary" | "none";
export const SANDBOX_LIMITS: readonly SandboxLimits[] = ["all", "primary", "none"];

export interface Sandbox {
  world: World;
  aws?: AwsFake;
  github?: GithubFake;
  /** Environment variables that point tools at the sandbox. */
  env: Record<string, string>;
  close(): Promise<void>;
  /**
   * Applies a plan's Terraform to the AWS side (providers, roles, policies; idempotent). Also served
   * to other processes as `POST ${AWS_ENDPOINT_URL}/_sandbox/apply-plan` (see lifecycle/admin.ts).
   */
  applyPlan(plan: Plan, options?: ApplyOptions): ApplyReport;
  /** Simulates runs on the default branch (see Lifecycle.simulateRun); merges through the GitHub fake do this by themselves. */
  simulateRun(repo: string, workflowPath?: string, options?: SimulateOptions): RunReport[];
  /** Moves the sandbox clock (world.now) forward by `days`; returns the new time. */
  advanceClock(days: number): string;
  /** A job's OIDC token as GitHub Actions would mint it for `repo` now (for AssumeRoleWithWebIdentity). */
  mintOidcToken(request: TokenRequest): string;
  /** Every simulated run so far, oldest first. */
  readonly runs: readonly RunReport[];
  /** Counts the writes both sides receive; can hold the one after the Nth (also `POST /_sandbox/write-trap`). */
  writeTrap: WriteTrap;
  /** The apply report of `options.applyPlan`, when one was given. */
  appliedPlan?: ApplyReport;
  /** The GitHub App registered with `options.githubApp`: its id, and the private key (PKCS#1 PEM) that signs its JWTs. */
  githubApp?: { id: number; slug: string; privateKeyPem: string };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const world = options.world ?? buildScenario(options.scenario ?? "acme", { seed: options.seed, accounts: options.accounts, repos: options.repos, awsShare: options.awsShare });
  const env: Record<string, string> = {};
  const limits = options.limits ?? "primary";
  if (options.timeScale !== undefined && !(Number.isFinite(options.timeScale) && options.timeScale > 0)) {
    throw new KeylessError("InvalidSandboxOption", `The time scale must be a positive number (got ${options.timeScale}).`, "Pass a scale such as 60 (an hour of rate limit passes in a minute).");
  }
  let aws: AwsFake | undefined;
  let github: GithubFake | undefined;
  const writeTrap = new WriteTrap();
  const lifecycle = createLifecycle(world, { branchSha: (repo, branch) => github?.branchSha(repo, branch), now: () => aws?.now() ?? new Date(world.now) });
  const appliedPlan = options.applyPlan ? lifecycle.applyPlan(options.applyPlan, { existingRoleChanges: options.applyExistingRoleChanges === true }) : undefined;
  let githubApp: Sandbox["githubApp"];
  if (options.githubApp && options.only !== "aws") {
    const keys = generateAppKeyPair();
    const app = registerSandboxApp(world, keys, typeof options.githubApp === "object" ? options.githubApp.permissions : undefined);
    githubApp = { id: app.id, slug: app.slug, privateKeyPem: keys.privateKeyPem };
  }
  try {
    if (options.only !== "github") {
      aws = await startAwsFake(world, {
        port: options.port?.aws,
        latencyMs: options.latencyMs,
        pageSize: options.pageSize?.aws,
        faults: { throttleRate: options.faults?.throttleRate, seed: options.faults?.seed, ...(options.faults?.mix ? { mix: options.faults.mix } : {}) },
        writeTrap,
        limits: { throttle: limits === "all", timeScale: options.timeScale },
        admin: { ...adminHandlers(lifecycle), "write-trap": writeTrap.handler() },
      });
      Object.assign(env, {
        AWS_ENDPOINT_URL: aws.url,
        AWS_ACCESS_KEY_ID: SANDBOX_AWS_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: SANDBOX_AWS_CREDENTIALS.secretAccessKey,
        AWS_REGION: "us-east-1",
      });
    }
    if (options.only !== "aws") {
      github = await startGithubFake(world, {
        port: options.port?.github,
        latencyMs: options.latencyMs,
        maxPerPage: options.pageSize?.github,
        faults: { secondaryRateLimitRate: options.faults?.secondaryRateLimitRate, seed: options.faults?.seed, ...(options.faults?.mix ? { mix: options.faults.mix } : {}) },
        writeTrap,
        limits: { primary: limits !== "none", secondary: limits === "all", timeScale: options.timeScale },
        onPullMerged: (event) => void lifecycle.onPullMerged(event),
      });
      Object.assign(env, { GITHUB_API_URL: github.url, GITHUB_TOKEN: SANDBOX_GITHUB_TOKEN });
      // keyless reads it (src/cli/connections.ts) to pace and estimate on the sandbox's clock.
      if (options.timeScale !== undefined && options.timeScale !== 1) env.KEYLESS_SANDBOX_TIME_SCALE = String(options.timeScale);
    }
  } catch (error) {
    await Promise.all([aws?.close(), github?.close()]);
    throw new KeylessError("SandboxFailed", `The sandbox could not start: ${(error as Error).message}`, "Check that the ports are free (or use port 0) and run again.", { cause: error });
  }
  return {
    world,
    aws,
    github,
    env,
    writeTrap,
    async close() {
      writeTrap.release();
      await Promise.all([aws?.close(), github?.close()]);
    },
    applyPlan: (plan, applyOptions) => lifecycle.applyPlan(plan, applyOptions),
    simulateRun: (repo, workflowPath, simulate) => lifecycle.simulateRun(repo, workflowPath, simulate),
    advanceClock: (days) => lifecycle.advanceClock(days),
    mintOidcToken: (request) => lifecycle.mintOidcToken(request),
    runs: lifecycle.runs,
    ...(appliedPlan ? { appliedPlan } : {}),
    ...(githubApp ? { githubApp } : {}),
  };
}

// The embedded sandbox: a scenario world served by the AWS and GitHub fakes on 127.0.0.1, and
// the environment that points any tool (keyless, the AWS CLI, gh) at it.
import { KeylessError } from "../core/errors.js";
import { startAwsFake, type AwsFake } from "./aws/index.js";
import { startGithubFake, type GithubFake } from "./github/index.js";
import type { Plan } from "../plan/index.js";
import { adminHandlers, createLifecycle, type ApplyOptions, type ApplyReport, type RunReport, type SimulateOptions, type TokenRequest } from "./lifecycle/index.js";
import { buildScenario, SANDBOX_AWS_CREDENTIALS, SANDBOX_GITHUB_TOKEN } from "./scenario/index.js";
import type { World } from "./world.js";

export interface SandboxOptions {
  scenario?: string;
  seed?: number;
  accounts?: number;
  repos?: number;
  only?: "aws" | "github";
  port?: { aws?: number; github?: number };
  latencyMs?: number;
  /** Largest page the fakes return (small by default so pagination bugs show; real-sized in the bench). */
  pageSize?: { aws?: number; github?: number };
  faults?: { throttleRate?: number; secondaryRateLimitRate?: number; seed?: number };
  /** A prepared world instead of a generated scenario (tests). */
  world?: World;
  /** A migration plan (reports/plan.json) applied to the AWS side before serving, as `terraform apply` would. */
  applyPlan?: Plan;
  /** With applyPlan: also make the manual existing-role trust changes of the generated README. */
  applyExistingRoleChanges?: boolean;
}

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
  /** The apply report of `options.applyPlan`, when one was given. */
  appliedPlan?: ApplyReport;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const world = options.world ?? buildScenario(options.scenario ?? "acme", { seed: options.seed, accounts: options.accounts, repos: options.repos });
  const env: Record<string, string> = {};
  let aws: AwsFake | undefined;
  let github: GithubFake | undefined;
  const lifecycle = createLifecycle(world, { branchSha: (repo, branch) => github?.branchSha(repo, branch), now: () => aws?.now() ?? new Date(world.now) });
  const appliedPlan = options.applyPlan ? lifecycle.applyPlan(options.applyPlan, { existingRoleChanges: options.applyExistingRoleChanges === true }) : undefined;
  try {
    if (options.only !== "github") {
      aws = await startAwsFake(world, {
        port: options.port?.aws,
        latencyMs: options.latencyMs,
        pageSize: options.pageSize?.aws,
        faults: { throttleRate: options.faults?.throttleRate, seed: options.faults?.seed },
        admin: adminHandlers(lifecycle),
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
        faults: { secondaryRateLimitRate: options.faults?.secondaryRateLimitRate, seed: options.faults?.seed },
        onPullMerged: (event) => void lifecycle.onPullMerged(event),
      });
      Object.assign(env, { GITHUB_API_URL: github.url, GITHUB_TOKEN: SANDBOX_GITHUB_TOKEN });
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
    async close() {
      await Promise.all([aws?.close(), github?.close()]);
    },
    applyPlan: (plan, applyOptions) => lifecycle.applyPlan(plan, applyOptions),
    simulateRun: (repo, workflowPath, simulate) => lifecycle.simulateRun(repo, workflowPath, simulate),
    advanceClock: (days) => lifecycle.advanceClock(days),
    mintOidcToken: (request) => lifecycle.mintOidcToken(request),
    runs: lifecycle.runs,
    ...(appliedPlan ? { appliedPlan } : {}),
  };
}

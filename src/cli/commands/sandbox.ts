// `keyless sandbox`: serves the sandbox until interrupted and prints the environment to use it.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import { KeylessError } from "../../core/errors.js";
import { PlanWire, type Plan } from "../../plan/index.js";
import { SANDBOX_LIMITS, startSandbox, type SandboxLimits } from "../../sandbox/index.js";
import { describeFaultMix, parseFaultMix, type FaultMix } from "../../sandbox/fault-mix.js";
import { SANDBOX_GITHUB_APP_TOKEN } from "../../sandbox/scenario/index.js";
import type { Io } from "../io.js";
import { positiveInt } from "../parsers.js";
import { appPermissions, writeSandboxAppKey } from "../sandbox-app-key.js";

export interface SandboxCommandOptions {
  only?: "aws" | "github";
  scenario: string;
  seed?: number;
  accounts?: number;
  repos?: number;
  awsShare?: number;
  awsPort?: number;
  githubPort?: number;
  latency?: number;
  applyPlan?: string;
  limits: SandboxLimits;
  timeScale?: number;
  faults?: FaultMix;
  appPermissions?: Record<string, "read" | "write">;
}

function faultMix(value: string): FaultMix {
  try {
    return parseFaultMix(value);
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}; e.g. throttle=5%,error=1%,reset=1%,lost=1%`);
  }
}

function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !(n >= 0 && n <= 1)) throw new InvalidArgumentError("expected a fraction between 0 and 1, such as 0.12");
  return n;
}

/** A time scale: a positive number (fractions allowed, 0.5 makes windows twice as long). */
function timeScale(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 1_000_000) throw new InvalidArgumentError("expected a positive number (60 makes an hour pass in a minute)");
  return n;
}

export function registerSandboxCommand(program: Command, io: Io, result: { code: number }): void {
  program
    .command("sandbox")
    .description("Serve the embedded sandbox (fake AWS and GitHub APIs) until interrupted")
    .addOption(new Option("--only <side>", "serve only one side").choices(["aws", "github"]))
    .option("--scenario <name>", "scenario to serve: acme, or large (1000 accounts, 10000 repos)", "acme")
    .option("--seed <n>", "scenario seed", positiveInt)
    .option("--accounts <n>", "number of AWS accounts (larger scenarios)", positiveInt)
    .option("--repos <n>", "number of GitHub repositories (larger scenarios)", positiveInt)
    .option("--aws-share <fraction>", "share of the generated repositories that use AWS keys (default 0.12)", fraction)
    .option("--aws-port <port>", "port for the AWS side (default: any free port)", positiveInt)
    .option("--github-port <port>", "port for the GitHub side (default: any free port)", positiveInt)
    .option("--latency <ms>", "delay every answer by this many milliseconds", positiveInt)
    .option("--apply-plan <plan.json>", "create the plan's OIDC providers and roles on the AWS side, as terraform apply would")
    .addOption(
      new Option("--limits <which>", "rate limits to play: all (GitHub primary and secondary, AWS throttling), primary (GitHub's hourly limits only), none")
        .choices([...SANDBOX_LIMITS])
        .default("all"),
    )
    .option("--time-scale <n>", "rate-limit windows pass n times faster (60: an hour of GitHub limit in a minute)", timeScale)
    .option("--app-permissions <list>", "the GitHub App installation's permissions, e.g. contents=write,pull_requests=write (default: what keyless needs)", appPermissions)
    .option(
      "--faults <mix>",
      "inject faults on both sides, seeded: throttle, error (5xx), reset (dropped connection), lost (write applied, answer lost), slow, graphql (timeout or partial errors), expire (assumed-role session), revoke (permission removed), as shares: throttle=5%,error=1%,reset=1%,lost=1% (also seed=N, slow-ms=N)",
      faultMix,
    )
    .addHelpText(
      "after",
      `
Prints 'export NAME=value' lines (AWS_ENDPOINT_URL, AWS credentials, GITHUB_API_URL,
GITHUB_TOKEN) that point keyless, the AWS CLI or gh at the sandbox. GITHUB_TOKEN is a personal
token (5,000 requests an hour); the GitHub App installation token printed as a comment has the
installation's limit (up to 12,500 an hour). A GitHub App is registered and installed on the
organization: its id and private key file (mode 0600, removed on exit) are printed as a comment,
for --app-id and --app-private-key; --app-permissions narrows its installation. The limits, and what --limits and --time-scale change,
are in docs/performance.md. The credentials are fake
and act in the sandbox organization's management account. State (PRs opened, keys changed)
lives as long as this process. Merging a pull request runs the merged workflows: roles are
assumed through OIDC when they exist, and CloudTrail records it, as in a real organization.

Examples:
  eval "$(keyless sandbox)" &                   in one shell, then:
  keyless audit --org acme                      against the running sandbox
  keyless sandbox --apply-plan reports/plan.json
  keyless sandbox --accounts 1000 --repos 10000 a large organization
  keyless sandbox --scenario large --time-scale 60  rate limits reset every minute, not every hour`,
    )
    .action(async (options: SandboxCommandOptions) => {
      result.code = await runSandbox(options, io);
    });
}

async function readPlan(path: string): Promise<Plan> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new KeylessError("UnreadablePlan", `Cannot read ${path}: ${(error as Error).message.split("\n")[0]}.`, "Pass the plan.json that `keyless plan` wrote.");
  }
  const parsed = PlanWire.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KeylessError("UnreadablePlan", `${path} is not a keyless plan (${issue?.path.join(".") || "(root)"}: ${issue?.message}).`, "Pass the plan.json that `keyless plan` wrote, unmodified.");
  }
  return parsed.data;
}

export async function runSandbox(options: SandboxCommandOptions, io: Io): Promise<number> {
  const plan = options.applyPlan ? await readPlan(resolve(io.cwd, options.applyPlan)) : undefined;
  const sandbox = await startSandbox({
    scenario: options.scenario,
    seed: options.seed,
    accounts: options.accounts,
    repos: options.repos,
    awsShare: options.awsShare,
    only: options.only,
    port: { aws: options.awsPort, github: options.githubPort },
    latencyMs: options.latency,
    applyPlan: plan,
    limits: options.limits,
    timeScale: options.timeScale,
    githubApp: options.appPermissions ? { permissions: options.appPermissions } : true,
    ...(options.faults ? { faults: { mix: options.faults, ...(options.faults.seed !== undefined ? { seed: options.faults.seed } : {}) } } : {}),
  });
  io.stdout.write(`# keyless sandbox: scenario ${options.scenario}; paste these lines into a shell to point tools at it.\n`);
  for (const [name, value] of Object.entries(sandbox.env)) io.stdout.write(`export ${name}=${value}\n`);
  const applied = sandbox.appliedPlan;
  if (applied) {
    const created = applied.changes.filter((c) => c.action !== "unchanged").length;
    io.stderr.write(`# applied the plan: ${created} change(s), ${applied.errors.length} error(s)\n`);
    for (const e of applied.errors) io.stderr.write(`#   ${e.module} ${e.address}: ${e.message}\n`);
  }
  if (sandbox.github) {
    io.stdout.write(`# a GitHub App installation token, with the installation's rate limit: GITHUB_TOKEN=${SANDBOX_GITHUB_APP_TOKEN}\n`);
  }
  // The app's key is a file (0600), never printed; removed when the sandbox stops.
  const appKey = sandbox.githubApp ? writeSandboxAppKey(sandbox.githubApp.privateKeyPem) : undefined;
  if (sandbox.githubApp && appKey) {
    io.stdout.write(`# a GitHub App (${sandbox.githubApp.slug}) installed on the organization; authenticate as it with: GITHUB_APP_ID=${sandbox.githubApp.id} GITHUB_APP_PRIVATE_KEY=${appKey.path}\n`);
  }
  const scale = options.timeScale && options.timeScale !== 1 ? `, time scale ${options.timeScale} (an hour of limit lasts ${formatSeconds(3600 / options.timeScale)})` : "";
  io.stderr.write(`# rate limits: ${LIMIT_WORDS[options.limits]}${scale}\n`);
  if (options.faults) io.stderr.write(`# faults: ${describeFaultMix(options.faults)}\n`);
  io.stderr.write("# serving on 127.0.0.1 until interrupted (Ctrl-C)\n");
  try {
    await io.waitForInterrupt();
  } finally {
    appKey?.remove();
  }
  await sandbox.close();
  return 0;
}

const LIMIT_WORDS: Record<SandboxLimits, string> = {
  all: "GitHub primary and secondary limits, AWS per-account throttling",
  primary: "GitHub primary limits only",
  none: "none",
};

function formatSeconds(seconds: number): string {
  return seconds >= 60 ? `${Number((seconds / 60).toFixed(1))} min` : `${Number(seconds.toFixed(2))} s`;
}

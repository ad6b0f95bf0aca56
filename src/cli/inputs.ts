// What every command after discover starts from: the Inventory (scanned now, or a saved one with
// --from), keyless.config.yaml, and the analysis. One place, so audit, plan, generate and pr read
// their inputs the same way, with the same flags.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { analyze, type Analysis } from "../analyze/index.js";
import { analysisConfig } from "../config/parse.js";
import type { ConfigFile } from "../config/schema.js";
import { KeylessError } from "../core/errors.js";
import { discover } from "../discover/index.js";
import { parseInventory } from "../inventory/parse.js";
import type { Inventory } from "../inventory/schema.js";
import { startSandbox, type Sandbox } from "../sandbox/index.js";
import { loadConfig } from "./config.js";
import { awsConnection, githubConnection } from "./connections.js";
import type { Io } from "./io.js";
import { list, positiveInt } from "./parsers.js";
import { createProgress } from "./progress.js";

export interface ScanOptions {
  org?: string;
  from?: string;
  local?: string;
  config?: string;
  sandbox: boolean;
  scenario: string;
  aws: boolean;
  github: boolean;
  profile?: string;
  region?: string;
  auditRole: string;
  accounts?: string[];
  repos?: string[];
  concurrency: number;
  cloudtrail: boolean;
  deep: boolean;
  quiet: boolean;
}

/** The flags that choose what to scan, shared by every command that needs an Inventory. */
export function addScanOptions(command: Command): Command {
  return command
    .option("--org <login>", "GitHub organization to scan (default with --sandbox: acme)")
    .option("--from <inventory.json>", "use a saved inventory instead of scanning (offline)")
    .option("--local <dir>", "read workflows from local checkouts (one repo, or a folder of repos) instead of the GitHub API")
    .option("--config <file>", "keyless.config.yaml (default: ./keyless.config.yaml if present)")
    .option("--sandbox", "run against the embedded sandbox organization (no credentials needed)", false)
    .option("--scenario <name>", "sandbox scenario", "acme")
    .option("--no-aws", "skip the AWS side")
    .option("--no-github", "skip the GitHub side")
    .option("--profile <name>", "AWS profile (default: the standard credential chain)")
    .option("--region <region>", "AWS region for regional calls (default: AWS_REGION or us-east-1)")
    .option("--audit-role <name>", "role assumed in each member account", "OrganizationAccountAccessRole")
    .option("--accounts <ids>", "only these AWS account ids (comma-separated)", list)
    .option("--repos <names>", "only these repositories (comma-separated)", list)
    .option("--concurrency <n>", "accounts and repositories read at once", positiveInt, 8)
    .option("--no-cloudtrail", "do not look up CloudTrail events of recently used keys")
    .option("--deep", "read details (runs, variables, environments) of every repo, not only AWS-related ones", false)
    .option("-q, --quiet", "no progress output", false);
}

export interface Inputs {
  inventory: Inventory;
  /** True when the inventory was scanned in this run (and should be saved). */
  scanned: boolean;
  config?: ConfigFile;
  analysis: Analysis;
  now: Date;
}

export async function gatherInputs(options: ScanOptions, io: Io): Promise<Inputs> {
  const now = io.now();
  const config = await loadConfig(options.config, io.cwd);
  const inventory = options.from ? await loadInventory(resolve(io.cwd, options.from)) : await scan(options, io, now);
  const analysis = analyze(inventory, analysisConfig(config), now);
  return { inventory, scanned: !options.from, config, analysis, now };
}

async function loadInventory(path: string): Promise<Inventory> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KeylessError(
      "UnreadableInventory",
      `Cannot read ${path}${code === "ENOENT" ? ": no such file" : code === "EISDIR" ? ": it is a folder" : `: ${code ?? (error as Error).message}`}.`,
      "Pass the inventory.json that `keyless audit` wrote (by default reports/inventory.json).",
    );
  }
  return parseInventory(text, path);
}

async function scan(options: ScanOptions, io: Io, now: Date): Promise<Inventory> {
  if (!options.aws && !options.github) {
    throw new KeylessError("NothingToScan", "Both --no-aws and --no-github were given: nothing to scan.", "Drop one of them, or pass --from to re-run on a saved inventory.");
  }
  const org = options.org ?? (options.sandbox ? "acme" : undefined);
  if (options.github && !org && !options.local) {
    throw new KeylessError("MissingOrg", "Which GitHub organization? --org is required to scan GitHub.", "Pass --org <login>, or --no-github to scan AWS only, or --from reports/inventory.json.");
  }
  let sandbox: Sandbox | undefined;
  try {
    let env = io.env;
    if (options.sandbox) {
      sandbox = await startSandbox({ scenario: options.scenario });
      env = { ...io.env, ...sandbox.env, AWS_PROFILE: undefined, AWS_SESSION_TOKEN: undefined, GH_TOKEN: undefined };
    }
    const progress = createProgress(io.stderr, { quiet: options.quiet });
    const inventory = await discover({
      now,
      local: options.local,
      onEvent: progress.onEvent,
      aws: options.aws
        ? {
            connection: awsConnection(
              { profile: options.sandbox ? undefined : options.profile, region: options.region, endpoint: sandbox?.env.AWS_ENDPOINT_URL },
              env,
            ),
            auditRoleName: options.auditRole,
            concurrency: options.concurrency,
            cloudTrail: options.cloudtrail,
            maxEventsPerKey: 200,
            accountIds: options.accounts,
            // AWS allows 2 LookupEvents per second per account and region; the local sandbox has no such limit.
            cloudTrailRequestsPerSecond: sandbox ? 50 : undefined,
          }
        : undefined,
      github:
        options.github && org && !options.local
          ? { connection: githubConnection(env), org, concurrency: options.concurrency, deep: options.deep, repos: options.repos }
          : undefined,
    });
    progress.done();
    return inventory;
  } finally {
    await sandbox?.close();
  }
}

// What every command after discover starts from: the Inventory (scanned now, or a saved one with
// --from), keyless.config.yaml, and the analysis. One place, so audit, plan, generate and pr read
// their inputs the same way, with the same flags.
import { resolve } from "node:path";
import type { Command } from "commander";
import { analyze, type Analysis } from "../analyze/index.js";
import { analysisConfig } from "../config/parse.js";
import type { ConfigFile } from "../config/schema.js";
import type { Inventory } from "../inventory/schema.js";
import { startSandbox, type Sandbox } from "../sandbox/index.js";
import { CONFIG_OPTION_HELP, loadConfig } from "./config.js";
import { addAppOptions, type AppFlags } from "./app-credentials.js";
import type { Io } from "./io.js";
import { joinOrgs, list, positiveInt } from "./parsers.js";
import { loadSaved, scanInventory, scanStatePath, type ScanOptions as PipelineScanOptions } from "./pipeline.js";
import type { Plan } from "../plan/index.js";
import { embeddedSandboxEnv } from "./sandbox-env.js";

/** The flags addScanOptions declares: what to scan (pipeline's ScanOptions) and where it comes from. */
export interface ScanOptions extends PipelineScanOptions, AppFlags {
  from?: string;
  config?: string;
  sandbox: boolean;
  scenario: string;
}

/** The flags that choose what to scan, shared by every command that needs an Inventory. */
export function addScanOptions(command: Command): Command {
  return addAppOptions(command)
    .option("--org <logins>", "GitHub organization(s) to scan: a,b,c or the flag repeated (default with --sandbox: acme)", joinOrgs)
    .option("--enterprise <slug>", "scan every organization of this GitHub enterprise that the token can see")
    .option("--from <path>", "use a saved scan instead of scanning (offline): an inventory.json, or the folder holding it")
    .option("--local <dir>", "read workflows from local checkouts (one repo, or a folder of repos) instead of the GitHub API; links are skipped, never followed")
    .option("--config <file>", CONFIG_OPTION_HELP)
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
    .option("--no-cache", "do not keep GitHub answers in the state database, nor ask them again with their ETags")
    .option("--deep", "read details (runs, variables, environments) of every repo, not only AWS-related ones", false)
    .option("-q, --quiet", "no progress output", false);
}

export interface Inputs {
  inventory: Inventory;
  /** True when the inventory was scanned in this run (and should be saved). */
  scanned: boolean;
  config?: ConfigFile;
  analysis: Analysis;
  /** plan.json saved beside a --from inventory, when there is one. */
  savedPlan?: Plan;
  now: Date;
  /** The state database of a live scan (where an audit records its facts for drift). */
  statePath?: string;
}

/** `running`: a sandbox the caller started and keeps open past the scan (audit --upload-sarif --apply writes to it). */
export async function gatherInputs(options: ScanOptions, io: Io, running?: Sandbox): Promise<Inputs> {
  const now = io.now();
  const config = await loadConfig(options, io);
  const saved = options.from ? await loadSaved(resolve(io.cwd, options.from)) : undefined;
  const scanned = saved ? undefined : await scan(options, io, now, running);
  const inventory = saved?.inventory ?? (scanned as Scanned).inventory;
  const analysis = analyze(inventory, analysisConfig(config), now);
  return { inventory, scanned: !saved, config, analysis, savedPlan: saved?.plan, now, ...(scanned?.statePath ? { statePath: scanned.statePath } : {}) };
}

interface Scanned {
  inventory: Inventory;
  statePath?: string;
}

async function scan(options: ScanOptions, io: Io, now: Date, running?: Sandbox): Promise<Scanned> {
  const org = options.org ?? (options.sandbox && !options.enterprise ? "acme" : undefined);
  let sandbox: Sandbox | undefined;
  try {
    let env = io.env;
    if (options.sandbox) {
      sandbox = running ?? (await startSandbox({ scenario: options.scenario }));
      env = embeddedSandboxEnv(io.env, sandbox.env);
    }
    const target = { env, sandboxAwsEndpoint: sandbox?.env.AWS_ENDPOINT_URL };
    const inventory = await scanInventory({ ...options, org }, target, io, now);
    const statePath = scanStatePath(options, target, io.cwd);
    return { inventory, ...(statePath ? { statePath } : {}) };
  } finally {
    if (!running) await sandbox?.close();
  }
}

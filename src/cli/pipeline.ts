// The pipeline the commands share: an Inventory (scanned, or read back from a saved audit), then
// analyze → audit → plan → workflow patches and Terraform. Commands wire it; the stages stay pure.
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { buildAudit, type Audit } from "../analyze/audit.js";
import { analyze, type Analysis } from "../analyze/index.js";
import { analysisConfig, planConfig } from "../config/parse.js";
import type { ConfigFile } from "../config/schema.js";
import { KeylessError } from "../core/errors.js";
import { discover } from "../discover/index.js";
import { generateTerraform, type GeneratedFile } from "../generate/terraform/index.js";
import { generateWorkflowPatches, type RepoPatches } from "../generate/index.js";
import { parseInventory } from "../inventory/parse.js";
import type { Inventory } from "../inventory/schema.js";
import { buildPlan, PlanWire, type Plan } from "../plan/index.js";
import { awsConnection, githubConnection, type Env } from "./connections.js";
import type { Io } from "./io.js";
import { createProgress } from "./progress.js";
import { openStateStore, resolveStatePath, type StateStore } from "../state/index.js";
import { readScanHistory } from "./scan-history.js";

export interface ScanOptions {
  /** One organization, or several comma-separated. */
  org?: string;
  enterprise?: string;
  local?: string;
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
  /** Keep GitHub answers (with their ETags) and workflow files by tree in the state database (--no-cache: off). */
  cache?: boolean;
  /** The state database (--state, where the command has it). */
  state?: string;
  /** No state database at all, whatever the environment says (the GitHub Action: a new runner each run). */
  noState?: boolean;
}

/** Where to scan: the environment, and the sandbox's AWS endpoint when it is the embedded one. */
export interface ScanTarget {
  env: Env;
  sandboxAwsEndpoint?: string;
}

export async function readInventoryFile(path: string): Promise<Inventory> {
  return parseInventory(await readText(path, "UnreadableInventory", "Pass the inventory.json that `keyless audit` wrote (by default reports/inventory.json)."), path);
}

async function readText(path: string, code: string, remediation: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    const why = errno === "ENOENT" ? ": no such file" : errno === "EISDIR" ? ": it is a folder" : `: ${errno ?? (error as Error).message}`;
    throw new KeylessError(code, `Cannot read ${path}${why}.`, remediation);
  }
}

export interface Saved {
  inventory: Inventory;
  /** plan.json beside the inventory, when there is one. */
  plan?: Plan;
}

/**
 * `--from`: an inventory.json, or the folder `keyless audit` (and `keyless plan`) wrote — its
 * inventory.json, and its plan.json if present, which must come from that same inventory.
 */
export async function loadSaved(path: string): Promise<Saved> {
  const isDir = await stat(path).then((s) => s.isDirectory(), () => false);
  if (!isDir) return { inventory: await readInventoryFile(path) };
  const inventory = await readInventoryFile(join(path, "inventory.json"));
  const planPath = join(path, "plan.json");
  const planText = await readFile(planPath, "utf8").catch(() => undefined);
  if (planText === undefined) return { inventory };
  let json: unknown;
  try {
    json = JSON.parse(planText);
  } catch {
    throw new KeylessError("BadPlan", `${planPath} is not JSON.`, "Write it again with `keyless plan`, or remove it to plan afresh from the inventory.");
  }
  const parsed = PlanWire.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KeylessError("BadPlan", `${planPath}: ${issue?.path.join(".") || "(top level)"}: ${issue?.message ?? "invalid"}.`, "Write it again with `keyless plan` (this keyless reads plan schema version 1).");
  }
  if (Date.parse(parsed.data.inventoryGeneratedAt) !== Date.parse(inventory.generatedAt)) {
    throw new KeylessError(
      "PlanInventoryMismatch",
      `${planPath} was made from the inventory of ${parsed.data.inventoryGeneratedAt}, but ${join(path, "inventory.json")} is from ${inventory.generatedAt}.`,
      "Run `keyless plan` again on this inventory, or remove plan.json to plan afresh.",
    );
  }
  return { inventory, plan: parsed.data };
}

const LOCAL_API = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/;

/**
 * The state database a live scan reads its history (and GitHub cache) from, and an audit records its
 * facts in. None for --local; a sandbox (embedded, or any GitHub on this machine) is a new world every
 * run, so it gets one only when a state file is named.
 */
export function scanStatePath(options: Pick<ScanOptions, "local" | "state" | "noState">, target: ScanTarget, cwd: string): string | undefined {
  if (options.local || options.noState) return undefined;
  const explicitState = options.state ?? (target.env.KEYLESS_STATE_URL || undefined) ?? target.env.KEYLESS_STATE;
  const local = target.sandboxAwsEndpoint !== undefined || LOCAL_API.test(target.env.GITHUB_API_URL ?? "");
  if (local && !explicitState) return undefined;
  return resolveStatePath(cwd, options.state, target.env);
}

export async function scanInventory(options: ScanOptions, target: ScanTarget, io: Io, now: Date): Promise<Inventory> {
  if (!options.aws && !options.github) {
    throw new KeylessError("NothingToScan", "Both --no-aws and --no-github were given: nothing to scan.", "Drop one of them, or pass --from to re-run on a saved inventory.");
  }
  if (options.org && options.enterprise) {
    throw new KeylessError("OrgAndEnterprise", "--org and --enterprise were both given.", "Pass --enterprise <slug> for every organization of the enterprise, or --org a,b,c for those organizations.");
  }
  if (options.github && !options.org && !options.enterprise && !options.local) {
    throw new KeylessError("MissingOrg", "Which GitHub organization? --org is required to scan GitHub.", "Pass --org <login>, or --no-github to scan AWS only, or --from reports/inventory.json.");
  }
  const progress = createProgress(io.stderr, { quiet: options.quiet });
  const statePath = scanStatePath(options, target, io.cwd);
  const store: StateStore | undefined = statePath ? openStateStore(statePath) : undefined;
  const cache = options.cache !== false && options.github ? store : undefined;
  try {
    const inventory = await scanWith(options, target, progress, now, cache);
    // What the previous audit saw and what keyless did since: the drift rules (KL130-KL133) read it.
    return store ? { ...inventory, history: readScanHistory(store) } : inventory;
  } finally {
    store?.close();
  }
}

async function scanWith(options: ScanOptions, target: ScanTarget, progress: ReturnType<typeof createProgress>, now: Date, cache: StateStore | undefined): Promise<Inventory> {
  const sandboxed = target.sandboxAwsEndpoint !== undefined;
  const inventory = await discover({
    now,
    local: options.local,
    onEvent: progress.onEvent,
    aws: options.aws
      ? {
          connection: awsConnection({ profile: sandboxed ? undefined : options.profile, region: options.region, endpoint: target.sandboxAwsEndpoint }, target.env),
          // AWS allows 2 LookupEvents per second per account and region; the local sandbox has no such limit.
          cloudTrailRequestsPerSecond: sandboxed ? 50 : undefined,
          // The sandbox's last-accessed jobs complete after two polls, not seconds: poll them quickly.
          lastAccessedPollMs: sandboxed ? 20 : undefined,
          auditRoleName: options.auditRole,
          concurrency: options.concurrency,
          cloudTrail: options.cloudtrail,
          maxEventsPerKey: 200,
          accountIds: options.accounts,
        }
      : undefined,
    github:
      options.github && (options.org || options.enterprise) && !options.local
        ? { connection: githubConnection(target.env, options.org?.split(",")[0]), org: options.org, ...(options.enterprise ? { enterprise: options.enterprise } : {}), concurrency: options.concurrency, deep: options.deep, repos: options.repos, ...(cache ? { cache } : {}) }
        : undefined,
  });
  progress.done();
  return inventory;
}

export type RepoPatchSet = RepoPatches;

export interface Stages {
  inventory: Inventory;
  analysis: Analysis;
  audit: Audit;
  plan: Plan;
  /** Workflow patches of every ready repo (only `repos`, when given). */
  patches: RepoPatchSet[];
  terraform: GeneratedFile[];
}

export function runStages(input: { inventory: Inventory; config: ConfigFile | undefined; now: Date; plan?: Plan; onlyRepos?: (repo: string) => boolean; permissions?: "copy" | "narrow" }): Stages {
  const { inventory, config, now } = input;
  const analysis = analyze(inventory, analysisConfig(config), now);
  const audit = buildAudit(inventory, analysis, now);
  const plan = input.plan ?? buildPlan({ inventory, analysis, config: planConfig(config, { permissions: input.permissions }), now });
  const patches = generateWorkflowPatches(plan, inventory, analysis, input.onlyRepos);
  return { inventory, analysis, audit, plan, patches, terraform: generateTerraform(plan) };
}

// `keyless verify`: per access key of the plan, is it ready to deactivate, waiting (for what), or
// blocked (why)? Reads the plan's baseline (a saved inventory, or a scan), keyless's state, GitHub
// and AWS; decides with the pure verdicts of src/verify; records them in the state. Changes nothing
// outside keyless's own state.
import { resolve } from "node:path";
import type { Command } from "commander";
import { Option } from "commander";
import { analyze, type Analysis } from "../../analyze/index.js";
import type { Link } from "../../analyze/model.js";
import { analysisConfig, planConfig } from "../../config/parse.js";
import { KeylessError } from "../../core/errors.js";
import { githubClient, type GithubClient } from "../../discover/github/client.js";
import { RequestCounter } from "../../discover/request-counter.js";
import type { Inventory } from "../../inventory/schema.js";
import { parseInventory } from "../../inventory/parse.js";
import { buildPlan, PlanWire, type Plan } from "../../plan/index.js";
import { gatherEvidence, type Gathered } from "../../publish/aws/gather.js";
import { unpacedClient } from "../../publish/github/index.js";
import { openAwsSession, type AwsSession } from "../../publish/aws/session.js";
import { startSandbox, type Sandbox } from "../../sandbox/index.js";
import { maskStateUrl, openExistingStateStore, openMemoryStateStore, openStateStore, resolveStatePath, type LockOptions, type StateStore } from "../../state/index.js";
import { renderVerdicts, verdictFor, type KeyVerdict, type VerifyPolicy } from "../../verify/index.js";
import { loadConfig } from "../config.js";
import { awsConnection, githubConnection } from "../connections.js";
import { addScanOptions, gatherInputs, type ScanOptions } from "../inputs.js";
import type { Io } from "../io.js";
import { withAppFlags } from "../app-credentials.js";
import { list } from "../parsers.js";
import { loadSaved } from "../pipeline.js";
import { embeddedSandboxEnv } from "../sandbox-env.js";

const LOCAL = /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/;

export interface VerifyOptions extends ScanOptions {
  state?: string;
  confidence: VerifyPolicy["minConfidence"];
  key?: string[];
  json?: boolean;
}

/** The flags verify and retire share: where the state is, which keys, how sure a link must be. */
export function addVerifyOptions(command: Command): Command {
  return addScanOptions(command)
    .option("--state <file>", "keyless's state (default: KEYLESS_STATE or .keyless/state.db)")
    .option("--key <ids>", "only these access key ids (comma-separated)", list)
    .addOption(
      new Option("--confidence <level>", "weakest key-to-repo link a key may have and still be retired").choices(["certain", "high", "medium", "low"]).default("high"),
    );
}

export function registerVerifyCommand(program: Command, io: Io, result: { code: number }): void {
  addVerifyOptions(program.command("verify").description("Say, per access key, whether it is ready to deactivate, waiting (for what) or blocked (why)"))
    .option("--json", "print the verdicts as JSON", false)
    .addHelpText(
      "after",
      `
Verifies against what the pull requests were opened from: the inventory and plan that
\`keyless pr --apply\` saved in the state, or --from the audit folder (inventory.json, plan.json).
A new scan after the merges no longer shows the keys in the migrated workflows.

Per repository that used the key: is keyless's pull request merged (refreshed from GitHub)? did a
run of the migrated workflows succeed since (pull-request runs do not count)? does CloudTrail show
AssumeRoleWithWebIdentity into its entry role and the chained AssumeRole into its deploy roles
since? Per key: was it used after the last merge (IAM last use, CloudTrail)?
A key shared by several repositories is ready only when all of them migrated; a key used outside
GitHub (KL110), or linked below --confidence, is never ready.

Examples:
  keyless verify                                  after keyless pr --apply, in the same folder
  keyless verify --from reports --key AKIA... --json`,
    )
    .action(async (options: VerifyOptions) => {
      result.code = await runVerify(options, withAppFlags(io, options));
    });
}

export async function runVerify(options: VerifyOptions, io: Io): Promise<number> {
  const session = await openVerification(options, io, { writeStore: true });
  try {
    const verdicts = await session.verify();
    session.store.transaction(() => {
      for (const v of verdicts) session.store.recordVerification({ accessKeyId: v.accessKeyId, at: session.now.toISOString(), verdict: v.verdict, reasons: v.reasons });
    });
    io.stdout.write(options.json ? `${JSON.stringify({ generatedAt: session.now.toISOString(), verdicts }, null, 2)}\n` : renderVerdicts(verdicts));
    return 0;
  } finally {
    await session.close();
  }
}

export interface Verification {
  now: Date;
  inventory: Inventory;
  plan: Plan;
  links: Link[];
  store: StateStore;
  aws: AwsSession;
  github: GithubClient;
  policy: VerifyPolicy;
  /** Gathers the facts again and decides every key (a fresh look each time: nothing is cached). */
  verify(): Promise<KeyVerdict[]>;
  /** The facts of the last verify(). */
  gathered(): Gathered | undefined;
  close(): Promise<void>;
}

/**
 * Everything verify and retire read: the plan's baseline, the state (created only when
 * `writeStore`; a dry run reads an existing one, or starts from nothing), and AWS and GitHub clients.
 */
export async function openVerification(options: VerifyOptions, io: Io, how: { writeStore: boolean; lock?: LockOptions }): Promise<Verification> {
  let sandbox: Sandbox | undefined;
  let store: StateStore | undefined;
  try {
    const path = resolveStatePath(io.cwd, options.state, io.env);
    store = how.writeStore ? openStateStore(path, how.lock ? { lock: how.lock } : {}) : (openExistingStateStore(path) ?? openMemoryStateStore());
    const inputs = await baselineOf(options, io, store, path);
    const plan = inputs.plan;
    let env = io.env;
    if (options.sandbox) {
      // The scan ran on a sandbox of its own; this one (same scenario) answers the live checks.
      sandbox = await startSandbox({ scenario: options.scenario });
      env = embeddedSandboxEnv(io.env, sandbox.env);
    }
    // io.env may be a test's environment, which the SDK does not read: pass its endpoint on.
    const endpoint = sandbox?.env.AWS_ENDPOINT_URL ?? env.AWS_ENDPOINT_URL;
    const connection = awsConnection({ profile: options.sandbox ? undefined : options.profile, region: options.region, endpoint }, env);
    const local = LOCAL.test(endpoint ?? "");
    const aws = await openAwsSession({ connection, auditRoleName: options.auditRole, ...(local ? { cloudTrailRequestsPerSecond: 50 } : {}) });
    // The local sandbox has no rate limits: no need to space its writes a second apart.
    const ghConnection = githubConnection(env, options.org ?? inputs.inventory.github?.org);
    const github = LOCAL.test(ghConnection.apiUrl) ? unpacedClient(ghConnection, new RequestCounter()) : githubClient(ghConnection, new RequestCounter());
    const policy: VerifyPolicy = { minConfidence: options.confidence };
    const opened = store;
    let last: Gathered | undefined;
    return {
      now: inputs.now,
      inventory: inputs.inventory,
      plan,
      links: inputs.analysis.links,
      store: opened,
      aws,
      github,
      policy,
      async verify() {
        const now = io.now();
        last = await gatherEvidence({
          plan,
          links: inputs.analysis.links,
          inventoryKeys: inputs.inventory.aws?.accessKeys ?? [],
          store: opened,
          writeStore: how.writeStore,
          aws,
          github,
          now,
          keyIds: options.key,
          concurrency: options.concurrency,
        });
        const gathered = last;
        return gathered.keys.map((k) => verdictFor(k, gathered.repos, policy));
      },
      gathered: () => last,
      async close() {
        opened.close();
        await sandbox?.close();
      },
    };
  } catch (error) {
    store?.close();
    await sandbox?.close();
    throw error;
  }
}

interface Baseline {
  inventory: Inventory;
  analysis: Analysis;
  plan: Plan;
  now: Date;
}

/**
 * What the migration was planned from: --from (an inventory.json, or the audit folder with its
 * plan.json); else, with no scan asked for, the inventory and plan `keyless pr --apply` saved in the
 * state; else a scan. A scan after the merges no longer shows the keys in migrated workflows.
 */
async function baselineOf(options: VerifyOptions, io: Io, store: StateStore, statePath: string): Promise<Baseline> {
  const now = io.now();
  const config = await loadConfig(options, io);
  const planned = (inventory: Inventory, plan?: Plan): Baseline => {
    const analysis = analyze(inventory, analysisConfig(config), now);
    return { inventory, analysis, plan: plan ?? buildPlan({ inventory, analysis, config: planConfig(config), now }), now };
  };
  if (options.from) {
    const saved = await loadSaved(resolve(io.cwd, options.from));
    return planned(saved.inventory, saved.plan);
  }
  if (!options.org && !options.sandbox && !options.local) {
    const planSnapshot = store.latestSnapshot("plan");
    if (!planSnapshot) {
      throw new KeylessError(
        "NoBaseline",
        `Nothing to verify against: no --from, and no plan saved in ${maskStateUrl(statePath)}.`,
        "Pass --from with the audit folder (or inventory.json) the pull requests were opened from, or open them with keyless pr --apply first.",
      );
    }
    const plan = PlanWire.parse(JSON.parse(planSnapshot.json));
    const times = store.snapshotTimes("inventory");
    const match = times.find((t) => Date.parse(t.at) === Date.parse(plan.inventoryGeneratedAt)) ?? times.at(-1);
    const snapshot = match && store.snapshot(match.id);
    if (!snapshot) throw new KeylessError("NoBaseline", `The state ${maskStateUrl(statePath)} has a plan but no inventory.`, "Pass --from with the audit folder the pull requests were opened from.");
    return planned(parseInventory(snapshot.json, `${maskStateUrl(statePath)} (inventory of ${snapshot.at})`), plan);
  }
  const inputs = await gatherInputs(options, io);
  return { inventory: inputs.inventory, analysis: inputs.analysis, plan: buildPlan({ inventory: inputs.inventory, analysis: inputs.analysis, config: planConfig(inputs.config), now: inputs.now }), now: inputs.now };
}

// `keyless verify`: per access key of the plan, is it ready to deactivate, waiting (for what), or
// blocked (why)? Reads the plan's baseline (a saved inventory, or a scan), keyless's state, GitHub
// and AWS; decides with the pure verdicts of src/verify; records them in the state. Changes nothing
// outside keyless's own state.
import type { Command } from "commander";
import { Option } from "commander";
import type { Link } from "../../analyze/model.js";
import { planConfig } from "../../config/parse.js";
import { githubClient, type GithubClient } from "../../discover/github/client.js";
import { RequestCounter } from "../../discover/request-counter.js";
import type { Inventory } from "../../inventory/schema.js";
import { buildPlan, type Plan } from "../../plan/index.js";
import { gatherEvidence, type Gathered } from "../../publish/aws/gather.js";
import { openAwsSession, type AwsSession } from "../../publish/aws/session.js";
import { startSandbox, type Sandbox } from "../../sandbox/index.js";
import { openExistingStateStore, openMemoryStateStore, openStateStore, resolveStatePath, type StateStore } from "../../state/index.js";
import { renderVerdicts, verdictFor, type KeyVerdict, type VerifyPolicy } from "../../verify/index.js";
import { awsConnection, githubConnection } from "../connections.js";
import { addScanOptions, gatherInputs, type ScanOptions } from "../inputs.js";
import type { Io } from "../io.js";
import { list } from "../parsers.js";

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
Run it on the inventory the pull requests were opened from (--from reports/inventory.json): a
new scan after the merges no longer shows the keys in the migrated workflows.

Per repository that used the key: is keyless's pull request merged (state, refreshed from
GitHub)? did a run of the migrated workflows succeed on the base branch since? does CloudTrail
show AssumeRoleWithWebIdentity into its entry role and the chained AssumeRole into its deploy
roles since? Per key: was it used after the last merge (IAM last use, CloudTrail)?
A key shared by several repositories is ready only when all of them migrated; a key used outside
GitHub (KL110), or linked below --confidence, is never ready.

Examples:
  keyless verify --from reports/inventory.json
  keyless verify --from reports/inventory.json --key AKIA... --json`,
    )
    .action(async (options: VerifyOptions) => {
      result.code = await runVerify(options, io);
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
export async function openVerification(options: VerifyOptions, io: Io, how: { writeStore: boolean }): Promise<Verification> {
  const inputs = await gatherInputs(options, io);
  const plan = buildPlan({ inventory: inputs.inventory, analysis: inputs.analysis, config: planConfig(inputs.config), now: inputs.now });
  let sandbox: Sandbox | undefined;
  let store: StateStore | undefined;
  try {
    let env = io.env;
    if (options.sandbox) {
      // The scan ran on a sandbox of its own; this one (same scenario) answers the live checks.
      sandbox = await startSandbox({ scenario: options.scenario });
      env = { ...io.env, ...sandbox.env, AWS_PROFILE: undefined, AWS_SESSION_TOKEN: undefined, GH_TOKEN: undefined };
    }
    const path = resolveStatePath(io.cwd, options.state, io.env);
    store = how.writeStore ? openStateStore(path) : (openExistingStateStore(path) ?? openMemoryStateStore());
    // io.env may be a test's environment, which the SDK does not read: pass its endpoint on.
    const endpoint = sandbox?.env.AWS_ENDPOINT_URL ?? env.AWS_ENDPOINT_URL;
    const connection = awsConnection({ profile: options.sandbox ? undefined : options.profile, region: options.region, endpoint }, env);
    const local = /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(endpoint ?? "");
    const aws = await openAwsSession({ connection, auditRoleName: options.auditRole, ...(local ? { cloudTrailRequestsPerSecond: 50 } : {}) });
    const github = githubClient(githubConnection(env), new RequestCounter());
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

// `keyless pr`: one pull request per repository to migrate (and optionally one with the Terraform),
// a dry run unless --apply. Gathers the inputs (scan or --from, then the shared pipeline), builds
// the change sets, and hands them to the publisher; prints what it would do, or did.
import { resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { CONFIDENCE_ORDER, type Confidence } from "../../analyze/model.js";
import { KeylessError } from "../../core/errors.js";
import type { GithubClient, GithubConnection } from "../../discover/github/client.js";
import { RequestCounter } from "../../discover/request-counter.js";
import { serializeInventory } from "../../inventory/parse.js";
import {
  buildChangeSets,
  buildTerraformChangeSet,
  maskedFilesOf,
  matchesAny,
  pacedClient,
  publish,
  PublishApi,
  unpacedClient,
  type ChangeSet,
  type Person,
  type PublishResult,
  type Selection,
} from "../../publish/github/index.js";
import { ATTENTION, renderChangeSet, renderSummary, resultLine } from "../../publish/github/render.js";
import { startSandbox, type Sandbox } from "../../sandbox/index.js";
import { maskStateUrl, openExistingStateStore, openMemoryStateStore, openStateStore, resolveStatePath, type StateStore } from "../../state/index.js";
import { stateLock, waitForLockOption, type WaitForLockOption } from "../state-lock.js";
import { CONFIG_OPTION_HELP, loadConfig } from "../config.js";
import { githubConnection } from "../connections.js";
import type { Io } from "../io.js";
import { addAppOptions, withAppFlags, type AppFlags } from "../app-credentials.js";
import { loadSaved, runStages, scanInventory, type ScanOptions } from "../pipeline.js";
import { embeddedSandboxEnv } from "../sandbox-env.js";
import { permissionsOption } from "./plan.js";

export interface PrCommandOptions extends ScanOptions, AppFlags, WaitForLockOption {
  from?: string;
  config?: string;
  sandbox: boolean;
  scenario: string;
  apply: boolean;
  repo?: string[];
  exclude?: string[];
  confidence?: Confidence;
  permissions?: "copy" | "narrow";
  draft: boolean;
  labels?: string[];
  reviewers?: string[];
  terraformRepo?: string;
  terraformPath: string;
  state?: string;
  author?: Person;
  diff: boolean;
  body: boolean;
}

export interface PrDeps {
  /** The GitHub client (tests pass an unpaced one); by default the paced one, unpaced for --sandbox. */
  client?: (connection: GithubConnection, counter: RequestCounter) => GithubClient;
}

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(",").map((v) => v.trim()).filter(Boolean)];

function person(value: string): Person {
  const match = /^\s*(.+?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected "Name <email>"');
  return { name: match[1] as string, email: match[2] as string };
}

function ownerRepo(value: string): string {
  if (!/^[^/\s]+\/[^/\s]+$/.test(value)) throw new InvalidArgumentError("expected owner/name");
  return value;
}

export function registerPrCommand(program: Command, io: Io, result: { code: number }, deps: PrDeps = {}): Command {
  return addAppOptions(program.command("pr"))
    .description("Open (or update) one pull request per repository to migrate; a dry run unless --apply")
    .option("--org <login>", "GitHub organization to scan (default with --sandbox: acme)")
    .option("--from <dir>", "a saved audit: the folder with inventory.json (and plan.json), or the inventory.json itself")
    .option("--apply", "write: branches, commits and pull requests (default: print what would be written)", false)
    .option("--repo <name>", "only this repository (owner/name or name, * wildcards; repeatable or comma-separated)", collect)
    .option("--exclude <name>", "leave this repository out (same forms as --repo)", collect)
    .addOption(new Option("--confidence <level>", "only repositories with a key link of at least this confidence").choices(CONFIDENCE_ORDER))
    .option("--draft", "open the pull requests as drafts", false)
    .addOption(permissionsOption())
    .option("--labels <names>", "labels for new pull requests (comma-separated)", collect)
    .option("--reviewers <logins>", "reviewers for new pull requests: logins or org/team (comma-separated)", collect)
    .option("--terraform-repo <owner/name>", "also open a pull request with the generated Terraform against this repository", ownerRepo)
    .option("--terraform-path <dir>", "folder for the Terraform in --terraform-repo", "keyless/")
    .option("--author <identity>", 'commit author, "Name <email>" (default: the token\'s user)', person)
    .option("--state <file>", "state database (default: KEYLESS_STATE or .keyless/state.db)")
    .addOption(waitForLockOption())
    .option("--no-diff", "dry run: do not print the diffs")
    .option("--no-body", "dry run: do not print the pull request bodies")
    .option("--config <file>", CONFIG_OPTION_HELP)
    .option("--sandbox", "run against the embedded sandbox organization (a fresh one each run)", false)
    .option("--scenario <name>", "sandbox scenario", "acme")
    .option("--no-aws", "skip the AWS side of the scan")
    .option("--profile <name>", "AWS profile (default: the standard credential chain)")
    .option("--region <region>", "AWS region for regional calls")
    .option("--audit-role <name>", "role assumed in each member account", "OrganizationAccountAccessRole")
    .option("--concurrency <n>", "accounts and repositories read at once", (v) => Number.parseInt(v, 10), 8)
    .option("--no-cloudtrail", "do not look up CloudTrail events of recently used keys")
    .option("-q, --quiet", "no progress output", false)
    .addHelpText(
      "after",
      `
One branch per repository (keyless/oidc-migration), one commit with every file change, one pull
request whose body carries a hidden marker. Running again finds the same pull request: an unchanged
plan writes nothing; a changed plan replaces keyless's commit and rewrites the body; a branch someone
else pushed to is left alone and reported; a pull request closed without merging means "opted out"
and is never reopened. Every pull request is recorded in the state (.keyless/state.db), which
\`keyless verify\` and \`keyless retire\` read.

The token needs repo and workflow (classic), or Contents, Pull requests and Workflows: read and
write (fine-grained). Writes go one at a time, as GitHub asks.

Examples:
  keyless pr --from reports                        what would be opened, from a saved audit
  keyless pr --from reports --repo api --apply     open the pull request of acme/api
  keyless pr --org acme --labels security --reviewers acme/platform --apply
  keyless pr --from reports --terraform-repo acme/infra --terraform-path keyless/`,
    )
    .action(async (options: PrCommandOptions) => {
      result.code = await runPr({ ...options, github: true, accounts: undefined, repos: undefined, deep: false }, withAppFlags(io, options), deps);
    });
}

export async function runPr(options: PrCommandOptions, io: Io, deps: PrDeps = {}): Promise<number> {
  const now = io.now();
  const config = await loadConfig(options, io);
  let sandbox: Sandbox | undefined;
  let store: StateStore | undefined;
  try {
    let env = io.env;
    if (options.sandbox) {
      sandbox = await startSandbox({ scenario: options.scenario });
      env = embeddedSandboxEnv(io.env, sandbox.env);
    }
    const org = options.org ?? (options.sandbox ? "acme" : undefined);
    const saved = options.from ? await loadSaved(resolve(io.cwd, options.from)) : undefined;
    const inventory = saved?.inventory ?? (await scanInventory({ ...options, org }, { env, sandboxAwsEndpoint: sandbox?.env.AWS_ENDPOINT_URL }, io, now));
    const selection: Selection = { repos: options.repo, exclude: options.exclude, confidence: options.confidence };
    const stages = runStages({
      inventory,
      config,
      now,
      plan: saved?.plan,
      permissions: options.permissions,
      onlyRepos: (r) => (!options.repo?.length || matchesAny(r, options.repo)) && !(options.exclude?.length && matchesAny(r, options.exclude)),
    });
    const terraform = options.terraformRepo ? { repo: options.terraformRepo, path: options.terraformPath } : undefined;
    const built = buildChangeSets({
      plan: stages.plan,
      audit: stages.audit,
      defaultBranches: new Map((inventory.github?.repos ?? []).map((r) => [r.fullName, r.defaultBranch])),
      patches: stages.patches,
      selection,
      pr: { labels: options.labels, reviewers: options.reviewers, draft: options.draft },
      terraform,
      maskedFiles: maskedFilesOf(inventory),
    });

    const token = env.GITHUB_TOKEN ?? env.GH_TOKEN ?? env.GITHUB_APP_ID;
    const connection = token || options.apply ? githubConnection(env, org ?? inventory.github?.org) : undefined;
    const counter = new RequestCounter();
    const client = connection && (deps.client?.(connection, counter) ?? (sandbox ? unpacedClient(connection, counter) : pacedClient(connection, counter)));
    const api = client && new PublishApi(client);

    const changeSets = [...built.changeSets];
    if (terraform) {
      const known = inventory.github?.repos.find((r) => r.fullName.toLowerCase() === terraform.repo.toLowerCase());
      const baseBranch = known?.defaultBranch ?? (await api?.repo(terraform.repo))?.defaultBranch;
      if (!baseBranch && api) throw new KeylessError("TerraformRepoNotFound", `${terraform.repo} was not found, or the token cannot see it.`, "Check --terraform-repo and the token's access to that repository.");
      const cs = buildTerraformChangeSet({ plan: stages.plan, files: stages.terraform, repo: terraform.repo, baseBranch: baseBranch ?? "(its default branch)", path: terraform.path, repos: built.changeSets.map((c) => c.repo), pr: { labels: options.labels, reviewers: options.reviewers, draft: options.draft } });
      if (cs) changeSets.unshift(cs);
    }
    if (!api) return offlinePreview(changeSets, built, options, io);

    const statePath = resolveStatePath(io.cwd, options.state, io.env);
    // The embedded sandbox lives as long as this run: its PRs are not worth remembering.
    const ephemeral = options.sandbox && !options.state;
    store = options.apply && !ephemeral ? openStateStore(statePath, { lock: stateLock(options, io) }) : ((!ephemeral && openExistingStateStore(statePath)) || openMemoryStateStore());
    if (!options.apply) io.stdout.write("dry run: nothing is written (--apply writes)\n\n");
    const bySet = new Map(changeSets.map((c) => [`${c.repo}\n${c.branch}`, c]));
    const report = await publish(
      {
        api,
        store,
        now: io.now,
        apply: options.apply,
        ...(options.author ? { author: options.author } : {}),
        onResult: (r) => io.stdout.write(describe(r, bySet.get(`${r.repo}\n${r.branch}`), options)),
      },
      changeSets,
    );
    if (options.apply && !ephemeral && report.results.some((r) => ["opened", "updated", "completed", "body-updated"].includes(r.outcome))) {
      const s = store;
      s.transaction(() => {
        if (!s.snapshotTimes("inventory").some((t) => Date.parse(t.at) === Date.parse(inventory.generatedAt))) s.saveSnapshot("inventory", serializeInventory(inventory), inventory.generatedAt);
        s.saveSnapshot("plan", JSON.stringify(stages.plan), stages.plan.generatedAt);
      });
    }
    io.stdout.write(`\n${renderSummary({ apply: options.apply, results: report.results, skipped: built.skipped, refreshed: report.refreshed, unmatched: built.unmatched })}`);
    if (!options.quiet) io.stderr.write(`GitHub requests: ${counter.total("github")}${options.apply && !ephemeral ? ` · state: ${maskStateUrl(statePath)}` : ""}\n`);
    return report.results.some((r) => r.outcome === "failed") ? 1 : 0;
  } finally {
    store?.close();
    await sandbox?.close();
  }
}

function describe(r: PublishResult, cs: ChangeSet | undefined, options: PrCommandOptions): string {
  const line = `${ATTENTION.has(r.outcome) ? "! " : ""}${resultLine(r)}\n`;
  if (!cs || !r.outcome.startsWith("would-") || r.outcome === "would-update-body" || r.outcome === "would-complete") return line;
  return `${line}${renderChangeSet(cs, { diffs: options.diff, body: options.body })}\n`;
}

/** No token and no --apply: show the change sets without asking GitHub what exists already. */
function offlinePreview(changeSets: ChangeSet[], built: { skipped: Array<{ repo: string; reason: string }>; unmatched: string[] }, options: PrCommandOptions, io: Io): number {
  io.stdout.write("dry run without a GitHub token: existing branches and pull requests were not checked\n\n");
  for (const cs of changeSets) {
    io.stdout.write(`${cs.repo}: would open a pull request (unless one exists)\n${renderChangeSet(cs, { diffs: options.diff, body: options.body })}\n`);
  }
  const results = changeSets.map((c): PublishResult => ({ repo: c.repo, branch: c.branch, kind: c.kind, outcome: "would-open" }));
  io.stdout.write(`\n${renderSummary({ apply: false, results, skipped: built.skipped, refreshed: [], unmatched: built.unmatched })}`);
  return 0;
}

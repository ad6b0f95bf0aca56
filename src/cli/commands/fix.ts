// `keyless fix --local <dir>`: rewrites the workflows of local checkouts in place, like a linter's
// --fix, with no API at all. The roles come from flags or from keyless.config.yaml's `fix:`.
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { KeylessError } from "../../core/errors.js";
import { readFileNoFollow, writeFilesUnder } from "../../core/no-follow.js";
import { MAX_WORKFLOW_BYTES } from "../../analyze/workflows/types.js";
import { terminalSafe } from "../../core/terminal.js";
import { discoverLocal } from "../../discover/local/index.js";
import { patchRepo, sameRolesForAll, type RoleChoice } from "../../generate/workflows/index.js";
import { CONFIG_OPTION_HELP, loadConfig } from "../config.js";
import type { Io } from "../io.js";

export interface FixOptions {
  local: string;
  roleArn?: string;
  chainRoleArn?: string;
  externalId?: string;
  region?: string;
  actionRef?: string;
  pinSha?: string;
  config?: string;
  dryRun: boolean;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export function registerFixCommand(program: Command, io: Io, result: { code: number }): void {
  program
    .command("fix")
    .description("Rewrite the workflows of local checkouts to assume a role through GitHub OIDC")
    .requiredOption("--local <dir>", "a repository checkout, or a folder of checkouts")
    .option("--role-arn <arn>", "role assumed with the GitHub OIDC token (the entry role)")
    .option("--chain-role-arn <arn>", "hub-and-spoke: the deploy role chained into after the entry role")
    .option("--external-id <id>", "ExternalId the chained role's trust policy asks for")
    .option("--region <region>", "region for inserted steps (default: each job's own aws-region)")
    .option("--action-ref <ref>", "configure-aws-credentials to use, owner/repo@ref")
    .option("--pin-sha <sha>", "pin the action to this commit")
    .option("--config <file>", `keyless.config.yaml with a fix: section; ${CONFIG_OPTION_HELP}`)
    .option("--dry-run", "print the diffs, change nothing", false)
    .addHelpText(
      "after",
      `
Each static-key usage becomes role assumption: key inputs and AWS_* key variables go, a
configure-aws-credentials step with role-to-assume (and a role-chaining step for --chain-role-arn)
comes in, and the job gets 'id-token: write'. Comments, quoting and everything unrelated stay
byte for byte. Every patched file is checked with GitHub's workflow parser and re-analysed; a
patch that fails either is not written, and the reason is printed. Running it twice changes
nothing the second time. Nothing is read or written through a symbolic link (a linked .github,
workflows folder or workflow file is listed as skipped), and each checkout is written in its own
folder, also when two share an origin.

Examples:
  keyless fix --local . --role-arn arn:aws:iam::111111111111:role/gha-web --dry-run
  keyless fix --local ~/src --role-arn arn:aws:iam::111111111111:role/entry \\
              --chain-role-arn arn:aws:iam::222222222222:role/deploy --external-id acme-web`,
    )
    .action(async (options: FixOptions) => {
      result.code = await runFix(options, io);
    });
}

async function rolesFrom(options: FixOptions, io: Io): Promise<RoleChoice> {
  const fromConfig = (await loadConfig(options, io))?.fix;
  const choice: RoleChoice | undefined = options.roleArn
    ? { entryRoleArn: options.roleArn, chainRoleArn: options.chainRoleArn, externalId: options.externalId, region: options.region }
    : fromConfig
      ? { entryRoleArn: fromConfig.roleArn, chainRoleArn: fromConfig.chainRoleArn, externalId: fromConfig.externalId, region: options.region ?? fromConfig.region }
      : undefined;
  if (!choice) {
    throw new KeylessError("NoRole", "Which role should the workflows assume?", "Pass --role-arn (and --chain-role-arn for hub-and-spoke), or set fix.roleArn in keyless.config.yaml.");
  }
  for (const arn of [choice.entryRoleArn, choice.chainRoleArn]) {
    if (arn !== undefined && !ROLE_ARN.test(arn)) throw new KeylessError("BadRoleArn", `${JSON.stringify(arn)} is not an IAM role ARN.`, "Pass an ARN such as arn:aws:iam::111111111111:role/deploy.");
  }
  return Object.fromEntries(Object.entries(choice).filter(([, v]) => v !== undefined)) as unknown as RoleChoice;
}

/** fix's role assignment comes from its flags or keyless.config.yaml: say which to use. */
const REGION_HINT = "pass --region (or set fix.region in keyless.config.yaml)";

export async function runFix(options: FixOptions, io: Io): Promise<number> {
  const roles = await rolesFrom(options, io);
  const root = resolve(io.cwd, options.local);
  const { skipped, checkouts } = await discoverLocal(root);
  // Names, paths and diffs come from the checkouts: nothing in them may act on the terminal.
  const say = (line: string) => io.stdout.write(terminalSafe(line));
  // Nothing is followed or written for these; say so, so a linked workflow is not mistaken for a clean one.
  for (const s of skipped) say(`${s.code === "DuplicateCheckout" ? "note" : "skipped"} ${s.target}: ${s.reason}\n`);
  const shared = new Set(checkouts.filter((c) => c.duplicateOf !== undefined).map((c) => c.repo.fullName));
  let changed = 0;
  let failed = 0;
  for (const { dir, label, repo, skipped: own, duplicateOf } of checkouts) {
    // Two checkouts of one origin are told apart by folder: each is read and written in its own.
    const name = shared.has(repo.fullName) ? `${repo.fullName} (${label})` : repo.fullName;
    if (duplicateOf !== undefined) for (const s of own) say(`skipped ${name}: ${s.target.slice(repo.fullName.length + 1)}: ${s.reason}\n`);
    const files = repo.workflows.flatMap((w) => (w.text === undefined ? [] : [{ path: w.path, text: w.text }]));
    const result = patchRepo({ repo: repo.fullName, files, roles: sameRolesForAll(roles), options: { actionRef: options.actionRef, pinSha: options.pinSha, missingRegionHint: REGION_HINT } });
    // Written only over the exact bytes the patch was made from: a file edited since it was read keeps the edit.
    const changedSince = options.dryRun ? [] : result.patches.filter((p) => readFileNoFollow(join(dir, p.path), MAX_WORKFLOW_BYTES)?.text !== p.before);
    for (const p of changedSince) {
      failed++;
      say(`not fixed ${name}: ${p.path}: the file changed since it was read: run fix again\n`);
    }
    const patches = result.patches.filter((p) => !changedSince.includes(p));
    if (!options.dryRun) writeFilesUnder(dir, patches.map((p) => ({ path: p.path, text: p.after })));
    for (const patch of patches) {
      changed++;
      if (options.dryRun) say(patch.diff.endsWith("\n") ? patch.diff : `${patch.diff}\n`);
      say(`${options.dryRun ? "would fix" : "fixed"} ${name}: ${patch.path}\n`);
      for (const change of patch.changes) say(`  - ${change}\n`);
      for (const check of patch.reviewerChecks) say(`  ! check: ${check}\n`);
    }
    for (const n of result.notPatched) {
      failed++;
      say(`not fixed ${name}: ${n.path}: ${n.reason}\n`);
    }
  }
  io.stdout.write(`${changed} file(s) ${options.dryRun ? "would be " : ""}changed, ${failed} usage(s) left as they were\n`);
  return 0;
}

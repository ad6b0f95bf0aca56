// `keyless retire`: --deactivate sets the keys verify calls ready Inactive; --reactivate undoes that
// for one key; --delete deletes keys that stayed inactive for the quiet period, then the GitHub
// secrets that held them. A dry run unless --apply; every change is printed before it is made.
import type { Command } from "commander";
import { KeylessError } from "../../core/errors.js";
import { deactivateReady, deleteRetired, reactivate, type RetireContext } from "../../publish/aws/retire.js";
import { preflightSecretDeletes } from "../../publish/aws/retire-preflight.js";
import { openAwsSession } from "../../publish/aws/session.js";
import { openExistingStateStore, openMemoryStateStore, openStateStore, resolveStatePath } from "../../state/index.js";
import { countVerdicts } from "../../verify/index.js";
import { awsConnection } from "../connections.js";
import type { Io } from "../io.js";
import { withAppFlags } from "../app-credentials.js";
import { positiveInt } from "../parsers.js";
import { stateLock, waitForLockOption, type WaitForLockOption } from "../state-lock.js";
import { addVerifyOptions, openVerification, type VerifyOptions } from "./verify.js";

export interface RetireOptions extends VerifyOptions, WaitForLockOption {
  deactivate?: boolean;
  delete?: boolean;
  reactivate?: string;
  apply?: boolean;
  waitDays?: number;
}

export function registerRetireCommand(program: Command, io: Io, result: { code: number }): void {
  addVerifyOptions(program.command("retire").description("Deactivate verified keys, reactivate one, or delete keys (and their secrets) after the quiet period"))
    .option("--deactivate", "set every key verify calls ready to Inactive", false)
    .option("--reactivate <key>", "set a key keyless deactivated back to Active")
    .option("--delete", "delete keys inactive for the quiet period with no failed run since, then the GitHub secrets that held them", false)
    .option("--wait-days <n>", "quiet period before --delete (default: plan.waitDays of keyless.config.yaml, 7)", positiveInt)
    .option("--apply", "make the changes (without it, print what would change and change nothing)", false)
    .addOption(waitForLockOption())
    .addHelpText(
      "after",
      `
Never touches a key used outside GitHub (KL110), a key still linked to a repository that has not
migrated, a key linked below --confidence, or a key keyless did not deactivate itself.
AWS: each key's account is entered with sts:AssumeRole into --audit-role, which needs
iam:UpdateAccessKey and iam:DeleteAccessKey. GitHub: a token that may delete the Actions, Dependabot
and Codespaces secrets that held the keys (repo; admin:org for organization secrets). A GitHub App
is checked before anything is written: secrets, organization_secrets, dependabot_secrets and
codespaces_secrets: write, as the secrets to delete need.

Reads the same baseline as keyless verify (the state keyless pr saved, or --from).

Examples:
  keyless retire --deactivate                     what would be deactivated
  keyless retire --deactivate --apply
  keyless retire --reactivate AKIA... --apply     undo one deactivation
  keyless retire --delete --apply                 after the quiet period`,
    )
    .action(async (options: RetireOptions) => {
      result.code = await runRetire(options, withAppFlags(io, options));
    });
}

export async function runRetire(options: RetireOptions, io: Io): Promise<number> {
  const modes = [options.deactivate, options.delete, options.reactivate !== undefined].filter(Boolean).length;
  if (modes !== 1) {
    throw new KeylessError("RetireWhat", "Say what to do: exactly one of --deactivate, --delete or --reactivate <key>.", "Run keyless verify first to see which keys are ready, then keyless retire --deactivate.");
  }
  const say = (line: string) => io.stdout.write(`${line}\n`);
  const header = () => say(options.apply ? "applying: these changes are made now" : "dry run: nothing is changed (pass --apply to make these changes)");
  if (options.reactivate !== undefined) {
    header();
    return runReactivate(options.reactivate, options, io, say);
  }
  const session = await openVerification(options, io, { writeStore: !!options.apply, ...(options.apply ? { lock: stateLock(options, io) } : {}) });
  try {
    header();
    const verdicts = await session.verify();
    const gathered = session.gathered();
    const github = session.github;
    const ctx: RetireContext = { store: session.store, aws: session.aws, github, now: () => io.now(), apply: !!options.apply, say, preflight: (targets) => preflightSecretDeletes(github, targets) };
    const c = countVerdicts(verdicts);
    if (options.deactivate) {
      const s = await deactivateReady(verdicts, ctx);
      say(
        `summary: ${s.deactivated} ${options.apply ? "deactivated" : "would be deactivated"}${s.failed ? `, ${s.failed} failed` : ""}; ` +
          `not touched: ${c.waiting} waiting, ${c.blocked} blocked, ${c.done} already inactive or deleted (keyless verify says why)`,
      );
      return s.failed > 0 ? 1 : 0;
    }
    const waitDays = options.waitDays ?? session.plan.config.waitDays;
    const s = await deleteRetired({ verdicts, keys: gathered?.keys ?? [], links: session.links, waitDays }, ctx);
    const verb = options.apply ? "deleted" : "would be deleted";
    if (s.keysDeleted + s.secretsDeleted + s.held + s.failed === 0) say("nothing to delete");
    const left = s.variablesLeft ? `, ${s.variablesLeft} variable(s) left` : "";
    say(`summary: ${s.keysDeleted} key(s) and ${s.secretsDeleted} secret(s) ${verb}, ${s.secretsKept} secret(s) kept${left}, ${s.held} key(s) held${s.failed ? `, ${s.failed} failed` : ""}`);
    return s.failed > 0 ? 1 : 0;
  } finally {
    await session.close();
  }
}

/** Needs no inventory: the state says which account and user the key belongs to. */
async function runReactivate(accessKeyId: string, options: RetireOptions, io: Io, say: (line: string) => void): Promise<number> {
  const path = resolveStatePath(io.cwd, options.state, io.env);
  const store = options.apply ? openStateStore(path, { lock: stateLock(options, io) }) : (openExistingStateStore(path) ?? openMemoryStateStore());
  try {
    const endpoint = io.env.AWS_ENDPOINT_URL;
    const connection = awsConnection({ profile: options.profile, region: options.region, endpoint }, io.env);
    const aws = await openAwsSession({ connection, auditRoleName: options.auditRole });
    const outcome = await reactivate(accessKeyId, { store, aws, now: () => io.now(), apply: !!options.apply, say });
    return outcome === "failed" ? 1 : 0;
  } finally {
    store.close();
  }
}

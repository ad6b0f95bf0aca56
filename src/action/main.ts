// Entry point of the keyless GitHub Action (dist/action.js, `runs: using: node24`): reads the inputs
// the runner passes, runs the audit as `keyless audit` does, then writes the job summary, the outputs
// and the reports. Exit code: 0 done, 1 findings at or above fail-on, 2 an error.
// No @actions/core: the runner's file protocol (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) is two appends,
// and the action runs from a tag without an install step, so every dependency is bundled anyway.
import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { writeAudit, type AuditOptions } from "../cli/commands/audit.js";
import { exitCodeOf, formatError } from "../cli/errors.js";
import type { Io } from "../cli/io.js";
import { planConfig } from "../config/parse.js";
import { isKeylessError } from "../core/errors.js";
import { buildPlan } from "../plan/index.js";
import { failOnVerdict } from "../report/fail-on.js";
import { auditCredentials, type AuditCredentials } from "./credentials.js";
import { FORMAT_FILES, readActionInputs, type ActionInputs } from "./inputs.js";
import { actionOutputs, formatOutputs } from "./outputs.js";
import { jobSummary } from "./summary.js";

type Env = Record<string, string | undefined>;

export async function runAction(env: Env, io: Pick<Io, "stdout" | "stderr" | "now" | "waitForInterrupt">): Promise<number> {
  // Repository text (names, paths) reaches the log through progress and errors: the runner must not
  // read any of it as a workflow command (::set-output, ::add-mask, ...), so commands stop here.
  const resume = `keyless-${randomUUID()}`;
  io.stdout.write(`::stop-commands::${resume}\n`);
  let credentials: AuditCredentials | undefined;
  const removeKey = () => credentials?.cleanup();
  const onSignal = () => {
    removeKey();
    process.exit(130);
  };
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  try {
    const inputs = readActionInputs(env);
    const workspace = env.GITHUB_WORKSPACE || process.cwd();
    credentials = auditCredentials(env, inputs.auth, env.RUNNER_TEMP || tmpdir());
    const auditEnv = credentials.env;
    const options = actionAuditOptions(inputs);
    const keep = new Set<string>(inputs.formats.flatMap((f) => FORMAT_FILES[f]));
    const { inputs: gathered, audit, written } = await writeAudit(options, { ...io, env: auditEnv, cwd: workspace }, (file) => keep.has(file));
    removeKey();
    const plan = buildPlan({ inventory: gathered.inventory, analysis: gathered.analysis, config: planConfig(gathered.config), now: gathered.now });
    const verdict = failOnVerdict(audit, inputs.failOn);
    const dir = resolve(workspace, inputs.out);
    const paths = written.map((f) => join(dir, f));
    if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, jobSummary(audit, plan, verdict, written));
    if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, formatOutputs(actionOutputs(audit, plan, verdict, { dir, written: paths }), `ghadelimiter_${randomUUID()}`));
    io.stdout.write(`::${resume}::\n`);
    io.stdout.write(`keyless: wrote ${paths.length} files under ${dir}\n`);
    if (verdict.failed) io.stdout.write(`::error title=keyless audit::${verdict.message}\n`);
    else io.stdout.write(`keyless: ${verdict.message}\n`);
    return verdict.failed ? 1 : 0;
  } catch (error) {
    // The message may carry outside text: printed while commands are stopped; the annotation carries only the code.
    io.stderr.write(`${formatError(error, false)}\n`);
    io.stdout.write(`::${resume}::\n`);
    io.stdout.write(`::error title=keyless audit::${isKeylessError(error) ? `error ${error.code}` : "unexpected error"} (see the log above)\n`);
    return exitCodeOf(error) === 1 ? 2 : exitCodeOf(error);
  } finally {
    removeKey();
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
  }
}

/** `keyless audit` as the action runs it: no local state (a new runner each run, no SQLite in the bundle). */
export function actionAuditOptions(inputs: ActionInputs): AuditOptions {
  return {
    org: inputs.organization,
    aws: true,
    github: true,
    ...(inputs.awsRegion ? { region: inputs.awsRegion } : {}),
    auditRole: inputs.auditRole,
    ...(inputs.config ? { config: inputs.config } : {}),
    concurrency: 8,
    cloudtrail: true,
    deep: false,
    quiet: false,
    cache: false,
    noState: true,
    sandbox: false,
    scenario: "acme",
    out: inputs.out,
    failOn: inputs.failOn,
  };
}

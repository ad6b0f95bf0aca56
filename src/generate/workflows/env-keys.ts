// Keys given as env variables (workflow, job, step, job container, docker:// steps): the key lines
// go (only those) and a configure-aws-credentials step sets the same standard variables instead:
// at the start of each job a workflow or job env reached, right before the step for a step env.
import type { Usage } from "../../analyze/workflows/index.js";
import type { JobCtx } from "../../analyze/workflows/scope.js";
import { slotsOf } from "./classify.js";
import { contribution, jobRegion, regionText, where, type HandlerCtx, type HandlerResult } from "./contribution.js";
import { jobOf, stepOf } from "./model.js";
import { entry } from "../../analyze/workflows/yaml-nodes.js";

/** The variables configure-aws-credentials exports, by credential role. */
export const EXPORTED: Record<string, string> = {
  accessKeyId: "AWS_ACCESS_KEY_ID",
  secretAccessKey: "AWS_SECRET_ACCESS_KEY",
  sessionToken: "AWS_SESSION_TOKEN",
};

export function patchEnvUsage(ctx: HandlerCtx, usage: Usage): HandlerResult {
  const { model } = ctx;
  const out = contribution(usage);
  const slots = slotsOf(usage);
  const level = usage.envLevel;
  const jobs: JobCtx[] =
    level === "workflow"
      ? (usage.reachedJobs ?? []).map((r) => jobOf(model, r.job)).filter((j): j is JobCtx => j !== undefined)
      : [jobOf(model, usage.job)].filter((j): j is JobCtx => j !== undefined);
  if (jobs.length === 0 && model.kind === "workflow") return { reason: "no job receives these variables" };
  const step = level === "step" ? stepOf(model, usage) : undefined;
  if (level === "step" && !step) return { reason: "the step could not be found again in the file" };

  for (const job of model.kind === "workflow" ? jobs : [undefined]) {
    const choice = ctx.choiceFor(usage, job);
    if (typeof choice === "string") return { reason: job ? `job \`${job.id}\`: ${choice}` : choice };
    const region = regionText(choice, usage.regionHints, jobRegion(model, job));
    out.credentials.push({ ...(job ? { job } : {}), ...(step ? { before: step } : {}), choice, region, usageId: usage.id });
    if (job) out.idToken.push({ job });
  }

  const names = slots.map((s) => s.slot).join(", ");
  if (slots.every((s) => s.standard)) {
    out.removals.push(...slots.map((s) => s.yamlPath));
    const block = level === "workflow" ? "the workflow's env" : level === "job" ? `${where(usage)}'s env` : level === "container" ? `${where(usage)}'s container env` : `the env of ${where(usage, step)}`;
    out.changes.push(`removed ${names} from ${block}; configure-aws-credentials now sets them with temporary credentials`);
  } else {
    // Names the program reads itself, with a session token among them: they now take the
    // temporary credentials configure-aws-credentials put in the environment.
    for (const slot of slots) out.edits.push({ offset: slot.valueSpan.offset, end: slot.valueSpan.endOffset, text: `\${{ env.${EXPORTED[slot.role]} }}` });
    out.changes.push(`${where(usage, step)}: ${names} now take the temporary credentials configure-aws-credentials sets`);
  }
  for (const job of jobs) {
    if (entry(model.doc, job.node, "container")) out.checks.push(`job \`${job.id}\` runs in a container: the configure step runs inside it (it needs an image that can run the runner's Node), and the credentials reach later steps as env variables`);
  }
  if (step?.action?.docker) out.checks.push(`${where(usage, step)} runs a docker action: it now receives the credentials from the job's environment`);
  if (level === "workflow" && jobs.length > 1) {
    out.checks.push(`the workflow env reached ${jobs.length} jobs; each now assumes the role: remove the configure step from jobs that do not call AWS`);
  }
  if (usage.notes.some((n) => /custom endpoint/.test(n))) {
    out.checks.push(`${where(usage, step)} sets a custom endpoint: if it is not AWS (S3-compatible storage), keep its keys and drop this change`);
  }
  return out;
}

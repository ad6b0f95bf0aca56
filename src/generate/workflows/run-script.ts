// Keys written by run scripts. Shell is rewritten only where that is safe: a `${{ … }}` holding a key
// becomes `${{ env.AWS_… }}` (the expression is substituted before the shell runs, so the script's
// structure is unchanged), and a whole-line `sls config credentials` / `aws configure set aws_…`
// command is deleted (the CLI and serverless read the variables configure-aws-credentials sets).
import { isScalar, type Node } from "yaml";
import type { Usage } from "../../analyze/workflows/index.js";
import type { StepCtx } from "../../analyze/workflows/scope.js";
import { slotsOf } from "./classify.js";
import { contribution, jobRegion, regionText, where, type HandlerCtx, type HandlerResult } from "./contribution.js";
import { EXPORTED } from "./env-keys.js";
import { jobOf, pairAt, stepOf, type FileModel } from "./model.js";
import { endOfValueLine, lineContentEnd, lineStart, nextLineStart, type TextEdit } from "./text-edits.js";
import { dashOf } from "./yaml-text.js";

export function patchRunScript(ctx: HandlerCtx, usage: Usage): HandlerResult {
  const { model } = ctx;
  const step = stepOf(model, usage);
  if (!step?.run?.value) return { reason: "the step could not be found again in the file" };
  const job = jobOf(model, usage.job);
  const choice = ctx.choiceFor(usage, job);
  if (typeof choice === "string") return { reason: choice };
  const region = regionText(choice, usage.regionHints, jobRegion(model, job));
  const out = contribution(usage);
  const slots = slotsOf(usage);

  if (usage.runForm === "sls-config-credentials" || usage.runForm === "aws-configure-set") {
    const removed = deleteCommands(model, step, usage);
    if ("reason" in removed) return removed;
    out.edits.push(...removed.edits);
    out.changes.push(
      removed.wholeStep
        ? `removed ${where(usage, step)}: it only wrote the keys to a credentials file; the tools read the credentials configure-aws-credentials sets`
        : `${where(usage, step)}: deleted the script line${removed.lines.length > 1 ? "s" : ""} ${removed.lines.join(", ")} that wrote the keys to a credentials file`,
    );
  } else {
    for (const slot of slots) out.edits.push({ offset: slot.valueSpan.offset, end: slot.valueSpan.endOffset, text: `\${{ env.${EXPORTED[slot.role]} }}` });
    const lines = [...new Set(slots.map((s) => s.span.line))].join(", ");
    out.changes.push(`${where(usage, step)}: script line ${lines} now hands on the temporary credentials (\${{ env.AWS_… }}) instead of the keys`);
    out.checks.push(`${where(usage, step)}: check that script line ${lines} still does what it should with temporary credentials (they expire after the session duration)`);
  }
  out.credentials.push({ ...(job ? { job } : {}), before: step, choice, region, usageId: usage.id });
  if (job) out.idToken.push({ job });
  return out;
}

interface Deleted {
  edits: TextEdit[];
  /** File line numbers of the deleted commands. */
  lines: number[];
  wholeStep: boolean;
}

const COMMAND: Record<string, RegExp> = {
  "sls-config-credentials": /^\s*(?:npx\s+)?(?:sls|serverless)\s+config\s+credentials\b/,
  "aws-configure-set": /^\s*aws\s+configure\s+set\s+(?:aws_access_key_id|aws_secret_access_key|aws_session_token)\s+\S+\s*$/,
};

function deleteCommands(model: FileModel, step: StepCtx, usage: Usage): Deleted | { reason: string } {
  const text = model.text;
  const node = step.run?.value as Node | null | undefined;
  if (!node?.range || !isScalar(node)) return { reason: "the script is not a plain string" };
  const [start, end] = node.range;
  const pattern = COMMAND[usage.runForm ?? ""];
  if (!pattern) return { reason: "unknown script form" };
  const literal = node.type === "BLOCK_LITERAL";
  if (!literal && node.type === "BLOCK_FOLDED") return { reason: "the script is a folded block (`>`): its lines are joined, so no command can be deleted safely" };
  const commands = new Map<number, { from: number; to: number }>();
  for (const slot of slotsOf(usage)) {
    let from = lineStart(text, slot.span.offset);
    while (from > start && /\\\r?\n$/.test(text.slice(lineStart(text, from - 1), from))) from = lineStart(text, from - 1);
    let to = nextLineStart(text, slot.span.offset);
    while (to < end && /\\$/.test(text.slice(lineStart(text, to - 1), lineContentEnd(text, to - 1)))) to = nextLineStart(text, to);
    commands.set(from, { from, to });
  }
  const edits: TextEdit[] = [];
  const lines: number[] = [];
  for (const { from, to } of commands.values()) {
    const command = (literal ? text.slice(from, to) : String(node.value)).replace(/\\\r?\n/g, " ").replace(/\$\{\{[\s\S]*?\}\}/g, "EXPR").trim();
    if (!pattern.test(command)) return { reason: "the command shares its line with other shell code: change the script by hand" };
    if (/&&|\|\||;|\||`|\$\(|(?:^|\s)(?:--profile|-n)\b/.test(command)) {
      return { reason: "the command is chained with others or writes a named profile: change the script by hand" };
    }
    if (literal) edits.push({ offset: from, end: Math.min(to, end), text: "" });
    lines.push(text.slice(0, from).split("\n").length);
  }
  const left = literal ? applyRemoval(text.slice(start, end), start, edits) : "";
  if (!literal || !/^[ \t]*[^\s#]/m.test(left.replace(/^[|>][-+0-9]*.*$/m, ""))) {
    const removal = stepRemoval(model, step);
    return removal ? { edits: [removal], lines, wholeStep: true } : { reason: "the step could not be removed" };
  }
  return { edits, lines, wholeStep: false };
}

function applyRemoval(slice: string, base: number, edits: TextEdit[]): string {
  let out = slice;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset - base) + out.slice(e.end - base);
  return out;
}

/** Deletes a whole step item, from its dash through its last line. */
function stepRemoval(model: FileModel, step: StepCtx): TextEdit | undefined {
  const start = step.node.range?.[0];
  const end = step.node.range?.[1];
  if (start === undefined || end === undefined) return undefined;
  const dash = dashOf(model.text, start);
  const seq = pairAt(model, step.path.slice(0, -1) as Array<string | number>);
  if (dash === undefined || !seq) return undefined;
  return { offset: lineStart(model.text, dash), end: endOfValueLine(model.text, end), text: "" };
}

// Which usages the patcher can migrate, judged from the analysis alone (no text needed): callers
// use it to know whether a callee can be migrated with them. Why not, in a sentence for the report.
import type { CredentialSlot, RepoWorkflowAnalysis, Usage } from "../../analyze/workflows/index.js";

export function slotsOf(usage: Usage): CredentialSlot[] {
  return [usage.accessKeyId, usage.secretAccessKey, usage.sessionToken].filter((s): s is CredentialSlot => s !== undefined);
}

/** The credentials reach a program under names the AWS SDK does not read, with no session token. */
function needsLongLivedShape(usage: Usage): boolean {
  const slots = slotsOf(usage);
  return slots.some((s) => !s.standard) && !slots.some((s) => s.role === "sessionToken");
}

const NAMES_REASON =
  "the keys reach a program under its own variable names without a session token; temporary credentials need one: change the program to use the AWS SDK's default credential chain";

/** Why a usage cannot be migrated, or undefined when a patch is attempted. */
export function staticReason(usage: Usage, analysis: RepoWorkflowAnalysis, seen: Set<string> = new Set()): string | undefined {
  switch (usage.kind) {
    case "configure-aws-credentials":
    case "key-then-assume":
      return undefined;
    case "env":
    case "docker-action-env":
      if (usage.envLevel === "service") return "service containers start before any step runs: credentials set by a step cannot reach them";
      if (usage.envLevel === "action") return "keys in a composite action's env: change the action by hand";
      if (slotsOf(usage).some((s) => !s.standard)) {
        if (usage.envLevel !== "step" || needsLongLivedShape(usage)) return NAMES_REASON;
      }
      return undefined;
    case "run-script":
      return scriptReason(usage);
    case "action-input":
      return `the action ${usage.action?.action ?? "called"} takes the keys as inputs: check whether it can use the credentials configure-aws-credentials sets, or replace it`;
    case "reusable-secrets":
    case "composite-input":
      return callReason(usage, analysis, seen);
    case "literal-key-id":
      return usage.literal?.inComment
        ? "a literal access key id in a comment: delete it and rotate the key"
        : "a literal access key id in the file: remove it and rotate the key";
  }
}

function scriptReason(usage: Usage): string | undefined {
  switch (usage.runForm) {
    case "sls-config-credentials":
    case "aws-configure-set":
      return undefined;
    case "docker-env":
    case "cli-flag":
      return slotsOf(usage).some((s) => s.role === "sessionToken")
        ? undefined
        : "the script hands the keys to a program without a session token; temporary credentials need one: change the script by hand";
    default:
      return needsLongLivedShape(usage) ? NAMES_REASON : undefined;
  }
}

function callReason(usage: Usage, analysis: RepoWorkflowAnalysis, seen: Set<string>): string | undefined {
  const what = usage.kind === "reusable-secrets" ? "called workflow" : "local action";
  if (!usage.callee?.resolved) return `the ${what} ${usage.callee?.path ?? ""} is not among the files given: migrate it first, then stop passing the keys`.replace("  ", " ");
  if (usage.callee.usageIds.length === 0) return `the ${what} ${usage.callee.path} only forwards the keys it is given: pass it a role instead, by hand`;
  seen.add(usage.id);
  for (const id of usage.callee.usageIds) {
    const callee = analysis.usages.find((u) => u.id === id);
    if (!callee) return `the ${what}'s usage ${id} is not in the analysis`;
    if (seen.has(callee.id)) continue;
    const why = staticReason(callee, analysis, seen);
    if (why) return `the ${what} ${usage.callee.path} cannot be migrated (${why})`;
  }
  return undefined;
}

// Keys handed across a call, caller side: the `secrets:`/`with:` entries that only carried keys to a
// reusable workflow or a local composite action go (`secrets: inherit` stays), and the calling job
// gets `id-token: write` — a called workflow gets no more permissions than its caller grants.
// The callee is migrated by its own usages (it is in the same repository).
import type { Usage } from "../../analyze/workflows/index.js";
import { slotsOf } from "./classify.js";
import { contribution, where, type HandlerCtx, type HandlerResult } from "./contribution.js";
import { jobOf } from "./model.js";

export function patchCallUsage(ctx: HandlerCtx, usage: Usage): HandlerResult {
  const { model, analysis } = ctx;
  const job = jobOf(model, usage.job);
  if (!job) return { reason: "the calling job could not be found again in the file" };
  const choice = ctx.choiceFor(usage, job);
  if (typeof choice === "string") return { reason: choice };
  const out = contribution(usage);
  const callee = usage.callee?.path ?? "";
  // Explicit secrets and inputs: a slot's path ends at its entry under `secrets:` or `with:`.
  // With `secrets: inherit` it ends at `secrets` itself, which stays.
  const explicit = slotsOf(usage).filter((s) => {
    const parent = s.yamlPath[s.yamlPath.length - 2];
    return parent === "secrets" || parent === "with";
  });
  out.removals.push(...explicit.map((s) => s.yamlPath));
  if (explicit.length > 0) out.changes.push(`${where(usage)}: stopped passing ${explicit.map((s) => s.slot).join(", ")} to ${callee}, which now assumes a role itself`);
  else out.changes.push(`${where(usage)}: \`secrets: inherit\` stays; ${callee} no longer reads the keys`);

  // The callee's jobs may declare scopes of their own: the caller must grant them too.
  const calleeScopes: Record<string, string> = {};
  for (const id of usage.callee?.usageIds ?? []) {
    const value = analysis.usages.find((u) => u.id === id)?.permissions?.value;
    if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) if (k !== "id-token" && v) calleeScopes[k] = stronger(calleeScopes[k], v);
  }
  if (usage.kind === "reusable-secrets") out.idToken.push({ job, calleeScopes });
  else out.idToken.push({ job });
  return out;
}

function stronger(a: string | undefined, b: string): string {
  const rank = (x: string | undefined) => (x === "write" ? 2 : x === "read" ? 1 : 0);
  return rank(b) > rank(a) ? b : (a ?? b);
}

// The writes of `keyless retire`: deactivate ready keys, reactivate one, delete keys after their
// quiet period and then the GitHub secrets that held them. Each destructive call is announced
// before it is made, recorded in the state right after it succeeded, and skipped in a dry run.
import type { Link } from "../../analyze/model.js";
import type { GithubClient } from "../../discover/github/client.js";
import { githubReason } from "../../discover/github/errors.js";
import type { StateStore } from "../../state/store.js";
import { deletionFor, keyHistory, secretLinkOf, secretSteps, type KeyEvidence, type KeyVerdict, type RunFact, type SecretStep, type SecretTarget } from "../../verify/index.js";
import { deleteSecret, runsSince } from "./github.js";
import { awsErrorText, deleteKey, readKey, setKeyStatus } from "./keys.js";
import type { AwsSession } from "./session.js";

export interface RetireContext {
  store: StateStore;
  aws: AwsSession;
  github: GithubClient;
  now: () => Date;
  /** false: say what would happen, change nothing. */
  apply: boolean;
  say: (line: string) => void;
  /** With apply, before the first write of --delete: throws when the secrets to delete cannot be (retire-preflight.ts). */
  preflight?: (targets: SecretTarget[]) => Promise<void>;
}

const who = (k: { accessKeyId: string; userName: string; accountId: string }) => `${k.accessKeyId} (${k.userName} in ${k.accountId})`;

export interface DeactivateSummary {
  deactivated: number;
  failed: number;
}

export async function deactivateReady(verdicts: readonly KeyVerdict[], ctx: RetireContext): Promise<DeactivateSummary> {
  const summary: DeactivateSummary = { deactivated: 0, failed: 0 };
  for (const v of verdicts.filter((x) => x.verdict === "ready")) {
    if (!ctx.apply) {
      ctx.say(`would deactivate ${who(v)}: ${v.reasons.join("; ")}`);
      summary.deactivated++;
      continue;
    }
    ctx.say(`deactivating ${who(v)}: ${v.reasons.join("; ")}`);
    // Recorded first: killed after IAM applied it, the next run still knows the deactivation is keyless's.
    ctx.store.recordKeyEvent({ accessKeyId: v.accessKeyId, accountId: v.accountId, action: "deactivating", at: ctx.now().toISOString(), detail: `user ${v.userName}` });
    try {
      await setKeyStatus(ctx.aws.account(v.accountId).iam, v, "Inactive");
      ctx.store.recordKeyEvent({ accessKeyId: v.accessKeyId, accountId: v.accountId, action: "deactivated", at: ctx.now().toISOString(), detail: `user ${v.userName}` });
      ctx.say(`  done: Inactive (undo: keyless retire --reactivate ${v.accessKeyId} --apply)`);
      summary.deactivated++;
    } catch (error) {
      ctx.say(`  failed: ${awsErrorText(error)}`);
      summary.failed++;
    }
  }
  return summary;
}

/** Undoes keyless's own deactivation; the account and user come from the state, so no scan is needed. */
export async function reactivate(accessKeyId: string, ctx: Omit<RetireContext, "github">): Promise<"reactivated" | "already-active" | "failed"> {
  const events = ctx.store.keyEvents(accessKeyId);
  // A deactivation started and not recorded as done counts where the key is found inactive (below).
  const history = keyHistory(events, "Inactive");
  const event = [...events].reverse().find((e) => e.action === "deactivated" || e.action === "deactivating");
  const userName = /^user (.+)$/.exec(event?.detail ?? "")?.[1];
  if (!history.deactivatedAt || !event || !userName) {
    ctx.say(`${accessKeyId}: keyless has no deactivation of it to undo (reactivate a key it did not deactivate with aws iam update-access-key)`);
    return "failed";
  }
  const key = { accessKeyId, userName, accountId: event.accountId };
  const iam = ctx.aws.account(key.accountId).iam;
  const { state } = await readKey(iam, key);
  if (state.status === "Active") {
    ctx.say(`${who(key)} is already active: nothing to do`);
    if (ctx.apply) ctx.store.recordKeyEvent({ ...key, action: "reactivated", at: ctx.now().toISOString(), detail: "found active" });
    return "already-active";
  }
  if (state.status === "missing" || state.status === "unknown") {
    ctx.say(`${who(key)} cannot be reactivated: ${"error" in state ? state.error : "it was deleted"}`);
    return "failed";
  }
  if (!ctx.apply) {
    ctx.say(`would reactivate ${who(key)} (deactivated by keyless ${history.deactivatedAt})`);
    return "reactivated";
  }
  ctx.say(`reactivating ${who(key)}`);
  try {
    await setKeyStatus(iam, key, "Active");
    ctx.store.recordKeyEvent({ accessKeyId, accountId: key.accountId, action: "reactivated", at: ctx.now().toISOString(), detail: `user ${userName}` });
    ctx.say("  done: Active");
    return "reactivated";
  } catch (error) {
    ctx.say(`  failed: ${awsErrorText(error)}`);
    return "failed";
  }
}

export interface DeleteSummary {
  keysDeleted: number;
  secretsDeleted: number;
  secretsKept: number;
  /** Configuration variables with a deleted key's id, left to their owners. */
  variablesLeft: number;
  held: number;
  failed: number;
}

export interface DeleteInput {
  verdicts: readonly KeyVerdict[];
  keys: readonly KeyEvidence[];
  /** Every link of the analysis: a secret is kept while a key still in use is linked to it. */
  links: readonly Link[];
  waitDays: number;
}

export async function deleteRetired(input: DeleteInput, ctx: RetireContext): Promise<DeleteSummary> {
  const summary: DeleteSummary = { keysDeleted: 0, secretsDeleted: 0, secretsKept: 0, variablesLeft: 0, held: 0, failed: 0 };
  const links = input.links.map(secretLinkOf);
  const evidence = new Map(input.keys.map((k) => [k.plan.accessKeyId, k]));
  const deleting: Array<{ v: KeyVerdict; why: string }> = [];
  for (const v of input.verdicts) {
    const key = evidence.get(v.accessKeyId);
    if (!key || key.state.status !== "Inactive" || !v.deactivatedAt) continue;
    const runs = await failedRunsSince(key.plan.repos, v.deactivatedAt, ctx.github);
    // Not knowing is not "nothing failed": the deletion waits.
    const decision = runs.errors.length > 0
      ? { action: "hold" as const, reasons: runs.errors.map((e) => `could not check ${e}`) }
      : deletionFor({ verdict: v, key, failedRuns: runs.failed, now: ctx.now(), waitDays: input.waitDays });
    if (decision.action === "delete") deleting.push({ v, why: decision.reasons.join("; ") });
    else if (decision.action === "hold") {
      ctx.say(`holding ${who(v)}: ${decision.reasons.join("; ")}`);
      summary.held++;
    }
  }
  // Keys gone from IAM can no longer be used; with those deleted now, their secrets may go.
  const retired = new Set([...deleting.map((d) => d.v.accessKeyId), ...input.keys.filter((k) => k.state.status === "missing").map((k) => k.plan.accessKeyId)]);
  const secretsDone = new Set(ctx.store.keyEvents().flatMap((e) => (e.action === "secret-deleted" && e.detail ? [e.detail] : [])));
  // Secrets left behind by an earlier run: it could not delete them, or it stopped between deleting
  // the key and recording it. A key keyless deactivated that is now gone can hold nothing up.
  const leftovers = input.keys.flatMap((k) => {
    if (k.state.status !== "missing") return [];
    const history = keyHistory(k.events, k.state.status);
    if (!history.deletedAt && !history.deactivatedAt) return [];
    const steps = secretSteps(k.plan.accessKeyId, links, retired, secretsDone).filter((s) => s.action === "delete");
    return steps.length > 0 ? [{ k, history, steps }] : [];
  });
  const plans = deleting.map((d) => ({ ...d, steps: secretSteps(d.v.accessKeyId, links, retired, secretsDone) }));
  if (ctx.apply && ctx.preflight) {
    // Before the first write: a key deleted and then its secrets refused would leave them behind.
    const targets = [...plans, ...leftovers].flatMap((p) => p.steps.filter((s) => s.action === "delete").map((s) => s.target));
    await ctx.preflight(targets);
  }

  for (const { v, why, steps } of plans) {
    ctx.say(`${ctx.apply ? "deleting" : "would delete"} access key ${who(v)}: ${why}`);
    if (ctx.apply) {
      try {
        const outcome = await deleteKey(ctx.aws.account(v.accountId).iam, v);
        ctx.store.recordKeyEvent({ accessKeyId: v.accessKeyId, accountId: v.accountId, action: "deleted", at: ctx.now().toISOString(), ...(outcome === "already-gone" ? { detail: "already gone" } : {}) });
        ctx.say(outcome === "deleted" ? "  done" : "  done (it was already gone)");
      } catch (error) {
        ctx.say(`  failed: ${awsErrorText(error)}; its secrets are kept`);
        summary.failed++;
        continue;
      }
    }
    summary.keysDeleted++;
    await deleteSecrets(v, steps, secretsDone, summary, ctx);
  }
  for (const { k, history, steps: planned } of leftovers) {
    // A secret it shared with a key deleted above went with that key.
    const steps = planned.filter((s) => !secretsDone.has(s.id));
    if (steps.length === 0) continue;
    if (!history.deletedAt) {
      ctx.say(`access key ${who(k.plan)} is gone since keyless deactivated it; its secrets go too`);
      if (ctx.apply) ctx.store.recordKeyEvent({ accessKeyId: k.plan.accessKeyId, accountId: k.plan.accountId, action: "deleted", at: ctx.now().toISOString(), detail: "found gone" });
    }
    await deleteSecrets({ ...k.plan }, steps, secretsDone, summary, ctx);
  }
  return summary;
}

async function deleteSecrets(key: { accessKeyId: string; accountId: string }, steps: SecretStep[], done: Set<string>, summary: DeleteSummary, ctx: RetireContext): Promise<void> {
  for (const step of steps) {
    if (step.action === "done" || done.has(step.id)) continue;
    if (step.action === "keep") {
      ctx.say(`keeping ${step.id}: ${step.reason}`);
      summary.secretsKept++;
      continue;
    }
    if (step.action === "variable") {
      ctx.say(`leaving ${step.id}: a configuration variable with the key id, not a secret; remove it once nothing reads it`);
      summary.variablesLeft++;
      continue;
    }
    ctx.say(`${ctx.apply ? "deleting" : "would delete"} ${step.id} (held ${key.accessKeyId})`);
    if (!ctx.apply) {
      summary.secretsDeleted++;
      continue;
    }
    try {
      const outcome = await deleteSecret(ctx.github, step.target);
      ctx.store.recordKeyEvent({ accessKeyId: key.accessKeyId, accountId: key.accountId, action: "secret-deleted", at: ctx.now().toISOString(), detail: step.id });
      done.add(step.id);
      ctx.say(outcome === "deleted" ? "  done" : "  done (it was already gone)");
      summary.secretsDeleted++;
    } catch (error) {
      ctx.say(`  failed: ${githubReason(error, "secrets: write (admin:org for organization secrets; Dependabot or Codespaces secrets: write for theirs)").reason}`);
      summary.failed++;
    }
  }
}

/** Failed runs of the key's repositories (any branch: an unmigrated branch may still use it) since it was deactivated. */
async function failedRunsSince(repos: readonly string[], since: string, github: GithubClient): Promise<{ failed: Array<RunFact & { repo: string }>; errors: string[] }> {
  const failed: Array<RunFact & { repo: string }> = [];
  const errors: string[] = [];
  for (const repo of repos) {
    try {
      for (const r of await runsSince(github, repo, { since: new Date(since), status: "failure" })) failed.push({ ...r, repo });
    } catch (error) {
      errors.push(`the runs of ${repo} since the deactivation (${githubReason(error, "actions: read").reason})`);
    }
  }
  return { failed, errors };
}

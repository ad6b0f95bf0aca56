// May retire --delete delete a key now? Only a key keyless itself deactivated, that stayed inactive
// for the whole quiet period with no failed run and no attempt to use it since, and that still
// passes every check that made it ready (never one used outside GitHub, still linked to an
// unmigrated repository, or linked below the configured confidence).
import { ms, shortTime } from "./format.js";
import type { KeyEvidence, KeyVerdict, RunFact } from "./types.js";

export type DeletionDecision =
  /** Delete it now. */
  | { action: "delete"; reasons: string[] }
  /** Not yet, or not while something is wrong: retire says why and touches nothing. */
  | { action: "hold"; reasons: string[] }
  /** Not a key for retire --delete (active, gone, or not deactivated by keyless). */
  | { action: "skip"; reasons: string[] };

export interface DeletionInput {
  verdict: KeyVerdict;
  key: KeyEvidence;
  /** Failed runs in the key's repositories created after keyless deactivated it. */
  failedRuns: Array<RunFact & { repo: string }>;
  now: Date;
  waitDays: number;
}

const DAY_MS = 86_400_000;

export function deletionFor(input: DeletionInput): DeletionDecision {
  const { verdict, key } = input;
  const state = key.state.status;
  if (state === "missing") return { action: "skip", reasons: verdict.reasons };
  if (state === "Active") return { action: "skip", reasons: ["active: retire --deactivate it first (once verify says ready)"] };
  if (key.state.status === "unknown") return { action: "hold", reasons: [`could not read its state in IAM (${key.state.error})`] };
  const since = verdict.deactivatedAt;
  if (!since) return { action: "skip", reasons: ["inactive, but keyless did not deactivate it (or reactivated it since): keyless deletes only keys it deactivated"] };
  if (verdict.problems.length > 0) return { action: "hold", reasons: verdict.problems };

  const deletableAt = ms(since) + input.waitDays * DAY_MS;
  if (input.now.getTime() < deletableAt) {
    const left = Math.ceil((deletableAt - input.now.getTime()) / DAY_MS);
    return {
      action: "hold",
      reasons: [`inactive since ${shortTime(since)}: the ${input.waitDays}-day quiet period ends ${shortTime(new Date(deletableAt).toISOString())} (${left} day(s) left)`],
    };
  }
  const reasons: string[] = [];
  const failed = [...input.failedRuns].sort((a, b) => ms(b.createdAt) - ms(a.createdAt));
  if (failed[0]) {
    reasons.push(
      `${failed.length} run(s) failed since it was deactivated (latest ${failed[0].url} at ${shortTime(failed[0].createdAt)}): check they did not need the key, or retire --reactivate ${key.plan.accessKeyId}`,
    );
  }
  const tries = key.uses.filter((u) => ms(u.at) > ms(since)).sort((a, b) => ms(b.at) - ms(a.at));
  if (tries[0]) reasons.push(`CloudTrail shows ${tries.length} attempt(s) to use it since it was deactivated, the latest ${tries[0].what} at ${shortTime(tries[0].at)}`);
  if (key.lastUsed && ms(key.lastUsed) > ms(since)) reasons.push(`IAM reports it used ${shortTime(key.lastUsed)}, after it was deactivated`);
  if (reasons.length > 0) return { action: "hold", reasons };
  return { action: "delete", reasons: [`inactive since ${shortTime(since)} (${input.waitDays}-day quiet period over), no failed run and no use since`] };
}

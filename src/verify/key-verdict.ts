// The verdict on one access key: ready to deactivate, waiting (for what), blocked (why), or done.
// Ready needs every repository whose workflows used the key verified on OIDC, no use of the key
// after the last of their merges, links at least as strong as the configured confidence, and a key
// keyless may touch at all (not used outside GitHub, not a root key).
import { CONFIDENCE_ORDER, type Confidence } from "../analyze/model.js";
import { latestTime, ms, shortTime } from "./format.js";
import { keyHistory } from "./history.js";
import { checkRepo } from "./repo-check.js";
import type { KeyEvidence, KeyVerdict, RepoEvidence, VerifyPolicy } from "./types.js";

/** Plan statuses of repositories whose workflows really hand the key to jobs (as in plan/keys.ts). */
const CONSUMING = new Set(["ready", "blocked", "skipped"]);
const ROOT = "<root_account>";

export function verdictFor(key: KeyEvidence, repos: ReadonlyMap<string, RepoEvidence>, policy: VerifyPolicy): KeyVerdict {
  const p = key.plan;
  const history = keyHistory(key.events, key.state.status);
  const consuming = p.repos.flatMap((r) => {
    const e = repos.get(r);
    return e && CONSUMING.has(e.plan?.status ?? "") ? [e] : [];
  });
  const checks = consuming.map(checkRepo);
  const blockers: string[] = [];
  const waits: string[] = [];

  if (p.userName === ROOT) blockers.push("a root access key: only the account's root user can deactivate or delete it");
  if (p.disposition === "keep-used-outside-github") {
    blockers.push("used outside GitHub (KL110): keyless never deactivates it; move that consumer to its own credentials first");
  }
  if (p.disposition === "not-linked") blockers.push("no workflow keyless migrates hands it to a job: whatever uses it is out of keyless's reach");
  if (consuming.length === 0 && p.disposition !== "delete-unused" && p.disposition !== "not-linked") {
    blockers.push("no repository that uses it is in the plan");
  }
  const weak = key.links.filter((l) => rank(l.confidence) > rank(policy.minConfidence));
  if (weak.length > 0) {
    blockers.push(
      `linked with ${weak.map((l) => `${l.confidence} confidence to ${l.repo}`).join(", ")}, below --confidence ${policy.minConfidence}: confirm the link with a mapping in keyless.config.yaml`,
    );
  }
  for (const c of checks) {
    if (c.state === "blocked") blockers.push(c.reason);
    else if (c.state === "waiting") waits.push(c.reason);
  }
  if (key.state.status === "unknown") blockers.push(`could not read its state in IAM (${key.state.error})`);
  for (const error of key.errors) blockers.push(`could not check: ${error}`);

  const verified = checks.length > 0 && checks.every((c) => c.state === "verified");
  const lastMergeAt = verified ? latestTime(checks.map((c) => c.mergedAt)) : undefined;
  if (lastMergeAt) {
    // Uses after keyless deactivated the key are failed attempts: retire --delete weighs those.
    const until = history.deactivatedAt;
    const afterMerge = (t: string) => ms(t) > ms(lastMergeAt) && (!until || ms(t) <= ms(until));
    if (key.lastUsed && afterMerge(key.lastUsed)) {
      blockers.push(`IAM reports it used ${shortTime(key.lastUsed)}, after the last merge (${shortTime(lastMergeAt)}): something still uses it`);
    }
    const uses = key.uses.filter((u) => afterMerge(u.at)).sort((a, b) => ms(b.at) - ms(a.at));
    if (uses[0]) blockers.push(`CloudTrail shows ${uses.length} use(s) after the last merge (${shortTime(lastMergeAt)}), the latest ${uses[0].what} at ${shortTime(uses[0].at)}`);
  }
  if (p.disposition === "delete-unused" && key.lastUsed && (!key.lastUsedAtAudit || ms(key.lastUsed) > ms(key.lastUsedAtAudit))) {
    blockers.push(`used again since the audit (IAM: ${shortTime(key.lastUsed)}): it is not unused any more; audit again`);
  }

  const base = {
    accessKeyId: p.accessKeyId,
    accountId: p.accountId,
    userName: p.userName,
    repos: checks,
    problems: [...blockers, ...waits],
    ...(lastMergeAt ? { lastMergeAt } : {}),
    ...(history.deactivatedAt ? { deactivatedAt: history.deactivatedAt } : {}),
  };
  if (key.state.status === "missing") {
    const gone = history.deletedAt ? `deleted by keyless ${shortTime(history.deletedAt)}` : "no longer exists in IAM (deleted outside keyless)";
    return { ...base, verdict: "done", reasons: [gone] };
  }
  if (key.state.status === "Inactive") {
    const why = history.deactivatedAt
      ? `deactivated by keyless ${shortTime(history.deactivatedAt)}`
      : "inactive, but not deactivated by keyless: retire leaves it alone";
    return { ...base, verdict: "done", reasons: [why, ...blockers, ...waits] };
  }
  if (blockers.length > 0) return { ...base, verdict: "blocked", reasons: [...blockers, ...waits] };
  if (waits.length > 0) return { ...base, verdict: "waiting", reasons: waits };
  const reasons =
    checks.length > 0
      ? [...(checks.length > 1 ? [`all ${checks.length} repositories that used it run on OIDC`] : []), ...checks.map((c) => c.reason)]
      : [`unused (KL104)${key.lastUsed ? `, last used ${shortTime(key.lastUsed)}` : ", never used"}: nothing to migrate`];
  return { ...base, verdict: "ready", reasons };
}

function rank(c: Confidence): number {
  return CONFIDENCE_ORDER.indexOf(c);
}

// Has one repository really moved to OIDC? Its pull request merged, a run of the migrated workflows
// succeeded after the merge, and CloudTrail shows every role of its plan assumed
// through the OIDC path since. Anything less waits; what waiting cannot fix is blocked.
import { atOrAfter, earliestTime, ms, shortTime } from "./format.js";
import type { RepoCheck, RepoEvidence, RoleFact, RunFact } from "./types.js";

/** Conclusions that mean the run broke (cancelled and skipped runs prove nothing either way). */
const FAILED = new Set(["failure", "timed_out", "startup_failure"]);

export function checkRepo(e: RepoEvidence): RepoCheck {
  const repo = e.repo;
  const blocked = (reason: string): RepoCheck => ({ repo, state: "blocked", reason });
  const waiting = (reason: string): RepoCheck => ({ repo, state: "waiting", reason });
  if (!e.plan) return blocked(`${repo} is not in the plan: re-plan from an inventory that lists it`);
  if (e.plan.status === "blocked") {
    const issues = e.plan.issues.filter((i) => i.severity === "blocker");
    const first = issues[0];
    return blocked(`${repo} is blocked in the plan${first ? ` (${issues.map((i) => i.code).join(", ")}: ${first.message})` : ""}; fix it and re-plan`);
  }
  if (e.plan.status === "skipped") return blocked(`${repo} is skipped in keyless.config.yaml (plan.repos) while its workflows still use the key`);
  if (e.plan.status !== "ready") return { repo, state: "verified", reason: `${repo}'s workflows do not hand the key to jobs (${e.plan.status})` };

  const pr = e.pr;
  if (!pr) return waiting(`${repo}: waits for its pull request (keyless pr --apply)`);
  if (pr.optedOut || pr.state === "closed") return blocked(`${repo}: #${pr.number} was closed without merging (the owners opted out); migrate it another way`);
  if (pr.state === "open") return waiting(`${repo}: waits for #${pr.number} to be merged (${pr.url})`);
  if (!pr.mergedAt) return waiting(`${repo}: waits for GitHub to report when #${pr.number} was merged`);
  const mergedAt = pr.mergedAt;
  const merged = `#${pr.number} merged ${shortTime(mergedAt)}`;
  if (e.errors.length > 0) return { ...blocked(`${repo}: could not check (${e.errors.join("; ")})`), mergedAt };

  const after = e.runs.filter((r) => atOrAfter(r.createdAt, mergedAt));
  const success = latest(after.filter((r) => r.status === "completed" && r.conclusion === "success"));
  if (!success) {
    const failed = after.filter((r) => r.status === "completed" && FAILED.has(r.conclusion ?? ""));
    const last = latest(failed);
    if (last) {
      return { ...blocked(`${repo}: ${failed.length} run(s) failed since ${merged} and none succeeded (latest ${last.url}); check that the roles exist and trust the repository`), mergedAt };
    }
    return { ...waiting(`${repo}: waits for a successful run of the migrated workflows since ${merged}`), mergedAt };
  }
  if (e.roles.length === 0) return { ...blocked(`${repo}: the plan names no role to look for in CloudTrail`), mergedAt };
  const unseen = e.roles.filter((r) => !r.assumedAt || !atOrAfter(r.assumedAt, mergedAt));
  if (unseen.length > 0) return { ...waiting(`${repo}: waits for CloudTrail to show ${unseen.map(describeRole).join(" and ")} since ${merged}`), mergedAt };
  const first = earliestTime(e.roles.map((r) => r.assumedAt)) as string;
  return {
    repo,
    state: "verified",
    reason: `${repo}: ${merged}; run ${success.id} succeeded ${shortTime(success.createdAt)}; ${e.roles.length} role(s) assumed through OIDC from ${shortTime(first)}`,
    mergedAt,
  };
}

function describeRole(role: RoleFact): string {
  return role.via === "web-identity" ? `AssumeRoleWithWebIdentity into ${role.arn}` : `the chained AssumeRole into ${role.arn}`;
}

function latest(runs: RunFact[]): RunFact | undefined {
  return [...runs].sort((a, b) => ms(b.createdAt) - ms(a.createdAt) || b.id - a.id)[0];
}

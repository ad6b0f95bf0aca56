// One row per repo and per key, each with the reason it is listed ("why") and its migration state.
import type { KeyAudit, RepoFacts } from "../../analyze/audit.js";
import type { Confidence, Finding } from "../../analyze/model.js";
import { CONFIDENCE_RANK, SEVERITY_RANK, type KeyMigration, type KeyRow, type RepoMigration, type RepoRow, type SeverityOrNone, type TuiData } from "./model.js";

type Index = TuiData["index"];

export function strongest(confidences: Iterable<Confidence>): Confidence | undefined {
  let best: Confidence | undefined;
  for (const c of confidences) if (!best || CONFIDENCE_RANK[c] > CONFIDENCE_RANK[best]) best = c;
  return best;
}

export function worstSeverity(severities: Iterable<SeverityOrNone>): SeverityOrNone {
  let worst: SeverityOrNone = "none";
  for (const s of severities) if (SEVERITY_RANK[s] > SEVERITY_RANK[worst]) worst = s;
  return worst;
}

function worstFinding(findings: Finding[] | undefined): Finding | undefined {
  let worst: Finding | undefined;
  for (const f of findings ?? []) if (!worst || SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst.severity]) worst = f;
  return worst;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function listShort(items: string[], max = 2): string {
  return items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} +${items.length - max}`;
}

export function repoMigration(facts: Pick<RepoFacts, "fullName" | "usageCount" | "oidcJobCount">, index: Pick<Index, "prs" | "repoPlans">): RepoMigration {
  const pr = index.prs.get(facts.fullName);
  if (pr?.state === "merged") return "merged";
  if (pr?.state === "open") return "pr-open";
  if (pr?.state === "closed" && pr.optedOut) return "opted-out";
  const plan = index.repoPlans.get(facts.fullName);
  if (plan) return plan.status;
  return facts.usageCount === 0 && facts.oidcJobCount > 0 ? "on-oidc" : "clean";
}

export function repoRow(facts: RepoFacts, index: Index, hasPatches: boolean): RepoRow {
  const migration = repoMigration(facts, index);
  const links = index.linksByRepo.get(facts.fullName) ?? [];
  const plan = index.repoPlans.get(facts.fullName);
  const confidence = strongest(links.map((l) => l.confidence));
  const accounts = [...new Set([...links.map((l) => l.accountId), ...(plan?.targetAccounts.map((t) => t.accountId) ?? [])])].sort();
  const why: string[] = [];
  if (facts.usageCount > 0) {
    const files = [...new Set((index.usagesByRepo.get(facts.fullName) ?? []).map((u) => u.path.replace(/^\.github\/workflows\//, "")))];
    why.push(`${plural(facts.usageCount, "usage")} in ${listShort(files)}`);
  }
  if (links.length > 0) why.push(`${plural(new Set(links.map((l) => l.accessKeyId)).size, "key")} linked (${confidence})`);
  const worst = worstFinding(index.findingsByRepo.get(facts.fullName));
  if (worst) why.push(`${worst.ruleId} ${worst.severity}`);
  const pr = index.prs.get(facts.fullName);
  if (pr) why.push(`PR #${pr.number} ${pr.optedOut ? "closed (opted out)" : pr.state}`);
  const blocker = plan?.issues.find((i) => i.severity === "blocker");
  if (migration === "blocked" && blocker) why.push(`blocked: ${blocker.message}`);
  if (migration === "ready" && !hasPatches) why.push("no workflow patch: see d");
  if (why.length === 0) why.push(migration === "on-oidc" ? `on OIDC (${plural(facts.oidcJobCount, "job")})` : facts.archived ? "archived, no static keys" : "no static keys");
  return {
    kind: "repo",
    id: facts.fullName,
    severity: worstSeverity(Object.keys(facts.findings) as SeverityOrNone[]),
    ...(confidence ? { confidence } : {}),
    accounts,
    migration,
    usages: facts.usageCount,
    keys: facts.linkedKeys.length,
    why: why.join(" · "),
    selectable: hasPatches && (migration === "ready" || migration === "pr-open"),
  };
}

export function keyMigration(key: Pick<KeyAudit, "accessKeyId" | "status">, index: Pick<Index, "keyEvents" | "verdicts" | "keyPlans">): KeyMigration {
  const events = index.keyEvents.get(key.accessKeyId) ?? [];
  const last = [...events].reverse().find((e) => e.action === "deleted" || e.action === "deactivated" || e.action === "reactivated");
  if (last?.action === "deleted") return "deleted";
  if (last?.action === "deactivated") return "deactivated";
  const verdict = index.verdicts.get(key.accessKeyId)?.verdict;
  if (verdict === "ready" || verdict === "blocked" || verdict === "waiting") return verdict;
  if (key.status === "Inactive") return "inactive";
  const disposition = index.keyPlans.get(key.accessKeyId)?.disposition;
  switch (disposition) {
    case "retire-after-migration":
      return "to-retire";
    case "waiting":
      return "waiting";
    case "delete-unused":
      return "delete-unused";
    case "keep-used-outside-github":
      return "keep";
    default:
      return "not-linked";
  }
}

export function keyRow(key: KeyAudit, index: Index): KeyRow {
  const links = index.linksByKey.get(key.accessKeyId) ?? [];
  const confidence = strongest(links.map((l) => l.confidence));
  const findings = index.findingsByKey.get(key.accessKeyId);
  // Age and state have their own columns; the reason says what they do not.
  const why = key.status === "Inactive" ? ["inactive"] : [];
  why.push(key.idleDays === undefined ? "never used" : `used ${key.idleDays}d ago`);
  why.push(links.length ? `${plural(new Set(links.map((l) => l.repo)).size, "repo")} (${confidence})` : "no repo linked");
  const worst = worstFinding(findings);
  if (worst) why.push(`${worst.ruleId} ${worst.severity}`);
  const waitingFor = index.keyPlans.get(key.accessKeyId)?.waitingFor ?? [];
  if (waitingFor.length) why.push(`waits for ${listShort(waitingFor, 1)}`);
  const verdict = index.verdicts.get(key.accessKeyId);
  if (verdict && verdict.reasons[0]) why.push(`verify: ${verdict.reasons[0]}`);
  return {
    kind: "key",
    id: key.accessKeyId,
    accountId: key.accountId,
    accountName: key.accountName,
    userName: key.userName,
    status: key.status,
    ageDays: key.ageDays,
    ...(key.idleDays !== undefined ? { idleDays: key.idleDays } : {}),
    severity: worstSeverity((findings ?? []).map((f) => f.severity)),
    ...(confidence ? { confidence } : {}),
    repos: new Set(links.map((l) => l.repo)).size,
    migration: keyMigration(key, index),
    why: why.join(" · "),
  };
}

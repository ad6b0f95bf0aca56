// The detail screens' content. A repo: its usages (file:line), its linked keys with the evidence,
// its findings, the plan's steps and their state. A key: where it is used, last use, its repos.
import { STORE_LABEL, type Link } from "../../analyze/model.js";
import type { Step } from "../../plan/index.js";
import { line, memoBy, type Line } from "./lines.js";
import type { TuiData } from "./model.js";
import { plural } from "./rows.js";

/** What the state store says about one plan step; steps keyless cannot observe stay "to do". */
export function stepState(step: Step, data: TuiData): string {
  const { prs, verdicts, keyEvents } = data.index;
  const events = step.accessKeyId ? (keyEvents.get(step.accessKeyId) ?? []) : [];
  switch (step.kind) {
    case "merge-pr": {
      const pr = step.repo ? prs.get(step.repo) : undefined;
      return pr ? (pr.state === "merged" ? "done" : pr.optedOut ? "opted out" : `PR #${pr.number} ${pr.state}`) : "to do";
    }
    case "verify": {
      const keys = step.accessKeyId ? [step.accessKeyId] : step.repo ? (data.index.repoPlans.get(step.repo)?.keys ?? []) : [];
      const v = keys.map((k) => verdicts.get(k)?.verdict);
      return v.length > 0 && v.every((x) => x === "ready" || x === "done") ? "done" : v.find((x) => x) ?? "to do";
    }
    case "deactivate-key":
      return events.some((e) => e.action === "deactivated") ? "done" : "to do";
    case "delete-key":
      return events.some((e) => e.action === "deleted") ? "done" : "to do";
    case "delete-secrets":
      return events.some((e) => e.action === "secret-deleted") ? "done" : "to do";
    default:
      return "to do";
  }
}

const stateStyle = (s: string) => (s === "done" ? "ok" : s === "to do" ? "dim" : "warn");

export const repoDetail = memoBy((data: TuiData, id: string): Line[] => {
  const row = data.repos.find((r) => r.id === id);
  if (!row) return [line(`${id} is not in this scan.`, "bad")];
  const out: Line[] = [line(`${id} · ${row.migration}${row.selectable ? " · PR can be opened (p)" : ""}`, "title"), line(row.why, "dim"), line("")];
  const usages = data.index.usagesByRepo.get(id) ?? [];
  out.push(line(`Static-key usages (${usages.length})`, "heading"));
  for (const u of usages) {
    const names = [...u.secretNames, ...u.variableNames.map((v) => `vars.${v}`)];
    out.push(line(`  ${u.path}:${u.line}  ${u.kind}${u.job ? ` · job ${u.job}` : ""}${names.length ? ` · ${names.join(", ")}` : ""}`));
  }
  if (usages.length === 0) out.push(line("  none", "dim"));
  const links = data.index.linksByRepo.get(id) ?? [];
  out.push(line(""), line(`Linked keys (${links.length})`, "heading"));
  for (const l of links) {
    out.push(line(`  ${l.accessKeyId}  ${l.confidence} · account ${l.accountId}${storedIn(l)}`, undefined, { screen: "key", id: l.accessKeyId }));
    for (const e of l.evidence) out.push(line(`    ${e.kind} (${e.confidence}): ${e.summary}`, "dim"));
  }
  if (links.length === 0) out.push(line("  none", "dim"));
  const findings = data.index.findingsByRepo.get(id) ?? [];
  if (findings.length) {
    out.push(line(""), line(`Findings (${findings.length})`, "heading"));
    for (const f of findings) out.push(line(`  ${f.severity} ${f.ruleId} ${f.location ? `${f.location.path}:${f.location.line} ` : ""}${f.message}`, f.severity === "critical" || f.severity === "high" ? "bad" : "warn"));
  }
  const plan = data.index.repoPlans.get(id);
  out.push(line(""), line(plan ? `Plan: ${plan.status} · subject ${plan.subject.prefix}` : "Plan: nothing to migrate", "heading"));
  if (plan) {
    for (const a of plan.assignments) out.push(line(`  ${a.path}${a.job ? ` job ${a.job}` : ""} → ${a.chainRoleArn ? `${a.entryRoleArn} → ${a.chainRoleArn}` : a.entryRoleArn}`));
    for (const i of plan.issues) out.push(line(`  ${i.severity}: ${i.message}${i.remediation ? ` (${i.remediation})` : ""}`, i.severity === "blocker" ? "bad" : "warn"));
    for (const stepId of plan.steps) {
      const step = data.index.steps.get(stepId);
      if (!step) continue;
      const state = stepState(step, data);
      out.push(line(`  ${String(step.order).padStart(3)}. [${state}] ${step.title}`, stateStyle(state)));
    }
  }
  const pr = data.index.prs.get(id);
  if (pr) out.push(line(""), line(`Pull request #${pr.number} ${pr.state}${pr.optedOut ? " (opted out)" : ""}: ${pr.url}`, "heading"));
  return out;
});

export const keyDetail = memoBy((data: TuiData, id: string): Line[] => {
  const key = data.audit.keys.find((k) => k.accessKeyId === id);
  const row = data.keys.find((k) => k.id === id);
  if (!key || !row) return [line(`${id} is not in this scan.`, "bad")];
  const out: Line[] = [
    line(`${id} · ${key.status} · ${row.migration}`, "title"),
    line(`IAM user ${key.userName}${key.isRoot ? " (ROOT)" : ""} in ${key.accountName} (${key.accountId})`),
    line(`Created ${key.createDate.slice(0, 10)} (${key.ageDays} days ago)`),
    line(key.lastUsedDate ? `Last used ${key.lastUsedDate.slice(0, 10)} (${key.idleDays} days ago)${key.lastUsedService ? ` · ${key.lastUsedService}` : ""}${key.lastUsedRegion ? ` in ${key.lastUsedRegion}` : ""}` : "Never used"),
    line(""),
  ];
  const links = data.index.linksByKey.get(id) ?? [];
  out.push(line(`Repos (${new Set(links.map((l) => l.repo)).size})`, "heading"));
  for (const l of links) {
    out.push(line(`  ${l.repo}  ${l.confidence}${storedIn(l)}`, undefined, { screen: "repo", id: l.repo }));
    for (const e of l.evidence) out.push(line(`    ${e.kind} (${e.confidence}): ${e.summary}`, "dim"));
    const names = new Set(l.secretNames);
    for (const u of data.index.usagesByRepo.get(l.repo) ?? []) {
      if (names.size === 0 || u.secretNames.some((n) => names.has(n)) || u.literal?.keyId === id) out.push(line(`    used at ${u.path}:${u.line}${u.job ? ` (job ${u.job})` : ""}`));
    }
  }
  if (links.length === 0) out.push(line("  no repository linked", "dim"));
  const findings = data.index.findingsByKey.get(id) ?? [];
  if (findings.length) {
    out.push(line(""), line(`Findings (${findings.length})`, "heading"));
    for (const f of findings) out.push(line(`  ${f.severity} ${f.ruleId} ${f.message}`, f.severity === "critical" || f.severity === "high" ? "bad" : "warn"));
  }
  const plan = data.index.keyPlans.get(id);
  out.push(line(""), line(plan ? `Plan: ${plan.disposition}` : "Plan: not scheduled", "heading"));
  if (plan?.waitingFor.length) out.push(line(`  waits for ${plan.waitingFor.join(", ")}`, "warn"));
  for (const n of plan?.notes ?? []) out.push(line(`  ${n}`, "dim"));
  for (const stepId of plan?.steps ?? []) {
    const step = data.index.steps.get(stepId);
    if (step) out.push(line(`  ${String(step.order).padStart(3)}. [${stepState(step, data)}] ${step.title}`, stateStyle(stepState(step, data))));
  }
  const verdict = data.index.verdicts.get(id);
  if (verdict) {
    out.push(line(""), line(`Verify (${verdict.at.slice(0, 16).replace("T", " ")}): ${verdict.verdict}`, "heading"));
    for (const r of verdict.reasons) out.push(line(`  ${r}`));
  }
  const events = data.index.keyEvents.get(id) ?? [];
  if (events.length) {
    out.push(line(""), line(plural(events.length, "recorded change"), "heading"));
    for (const e of events) out.push(line(`  ${e.at.slice(0, 16).replace("T", " ")} ${e.action}${e.detail ? ` (${e.detail})` : ""}`));
  }
  return out;
});

/** " · in A, B" for the secrets a link names, Dependabot and Codespaces ones by their store. */
function storedIn(l: Link): string {
  const names = [...l.secretNames, ...(l.stores ?? []).map((s) => `${STORE_LABEL[s.store]} secret ${s.name}`)];
  return names.length ? ` · in ${names.join(", ")}` : "";
}

// plan.md: the plan for a reviewer — blockers first, then the ordered steps, then per repository the
// roles, the subjects they trust, the workflow changes and its steps with their preconditions and
// rollback, then the keys. A pure function of the plan.
// Every outside string goes through `code` or the shared `text` (no link, image, mention, HTML or
// control character), so a hostile name cannot break the markdown or act in it.
import { permissionSummary } from "./permission-summary.js";
import { text } from "../core/markdown.js";
import { terminalSafe } from "../core/terminal.js";

export { text };
import { dependabotSection } from "./dependabot-markdown.js";
import { guardrailsSection } from "./guardrails-markdown.js";
import type { Issue, Plan, PlanRole, RepoPlan, Step } from "./schema.js";

export function renderPlanMarkdown(plan: Plan): string {
  const out: string[] = [];
  const roles = new Map(plan.roles.map((r) => [r.id, r]));
  const s = plan.summary;
  out.push("# keyless migration plan", "");
  out.push(
    `Generated ${plan.generatedAt} from the inventory of ${plan.inventoryGeneratedAt}${plan.githubOrg ? ` for ${code(plan.githubOrg)}` : ""}. ` +
      `Topology: **${plan.config.topology}**${plan.config.toolingAccountId ? ` (tooling account ${code(plan.config.toolingAccountId)})` : ""}; issuer ${code(plan.config.issuer)}.`,
    "",
  );
  out.push("| Repositories | Ready | Blocked | Roles | Keys to retire | Unused keys to delete | Keys kept | Blockers | Warnings |", "|---|---|---|---|---|---|---|---|---|");
  out.push(`| ${s.repos} | ${s.reposReady} | ${s.reposBlocked} | ${s.roles} | ${s.keysToRetire} | ${s.keysToDelete} | ${s.keysKept} | ${s.blockers} | ${s.warnings} |`, "");

  const blockers = [...plan.issues, ...plan.repos.flatMap((r) => r.issues)].filter((i) => i.severity === "blocker");
  if (blockers.length > 0) {
    out.push("## Blockers", "");
    for (const i of blockers) out.push(`- ${issueLine(i)}`);
    out.push("");
  }
  const globalWarnings = plan.issues.filter((i) => i.severity === "warning");
  if (globalWarnings.length > 0) {
    out.push("## Warnings", "");
    for (const i of globalWarnings) out.push(`- ${issueLine(i)}`);
    out.push("");
  }

  out.push("## Steps", "");
  if (plan.steps.length === 0) out.push("Nothing to do yet.");
  for (const step of plan.steps) out.push(stepLine(step));
  out.push("");

  if (plan.accounts.length > 0) {
    out.push("## Terraform modules, in apply order", "");
    for (const a of plan.accounts) out.push(`- ${code(`${a.module}/`)}${a.name ? ` (${text(a.name)})` : ""}${a.applyAfter.length ? `, after ${a.applyAfter.map((m) => code(m)).join(", ")}` : ""}`);
    out.push("");
  }

  out.push(...guardrailsSection(plan.guardrails));
  out.push(...dependabotSection(plan.dependabot));

  out.push("## Repositories", "");
  const stepById = new Map(plan.steps.map((s) => [s.id, s]));
  for (const repo of plan.repos) out.push(...repoSection(repo, roles, stepById));

  if (plan.existingRoleChanges.length > 0) {
    out.push("## Existing roles to change by hand", "");
    for (const c of plan.existingRoleChanges) {
      out.push(`- ${code(c.roleArn)}: ${text(c.reason)}. Add to its trust policy:`, "", ...fenced("json", JSON.stringify(c.statements, null, 2)), "");
    }
  }

  out.push("## Access keys", "");
  if (plan.keys.length === 0) out.push("No key is scheduled.");
  else {
    out.push("| Key | Account | User | What happens | Repositories | Notes |", "|---|---|---|---|---|---|");
    for (const k of plan.keys) {
      const what = k.disposition + (k.waitingFor.length ? ` (waits for ${k.waitingFor.map((r) => code(r)).join(", ")})` : "");
      out.push(`| ${code(k.accessKeyId)} | ${code(k.accountId)} | ${code(k.userName)} | ${what} | ${k.repos.map((r) => code(r)).join(", ")} | ${k.notes.map(text).join(" ")} |`);
    }
  }
  out.push("", "## Notes", "");
  for (const n of plan.notes) out.push(`- ${text(n)}`);
  return `${out.join("\n")}\n`;
}

function repoSection(repo: RepoPlan, roles: Map<string, PlanRole>, steps: Map<string, Step>): string[] {
  const out = [`### ${text(repo.repo)} — ${repo.status}`, ""];
  out.push(`- Subject form: ${repo.subject.format} (${code(repo.subject.prefix)}): ${text(repo.subject.why)}.`);
  for (const t of repo.targetAccounts) out.push(`- Deploys to ${code(t.accountId)}: ${t.sources.map(text).join("; ")}.`);
  if (repo.keys.length > 0) out.push(`- Keys: ${repo.keys.map((k) => code(k)).join(", ")}; secrets: ${repo.secrets.map((n) => code(n)).join(", ") || "none known"}.`);
  for (const id of repo.roles) {
    const role = roles.get(id);
    if (!role) continue;
    out.push(`- ${role.kind} role ${code(role.name)} in ${code(role.accountId)}:`);
    for (const sub of role.subjects ?? []) {
      // A segment pattern: GitHub's * stops at '/', so the trust says which deeper refs it keeps out.
      const not = sub.notLike?.length ? `, except ${sub.notLike.map((n) => code(n)).join(", ")} (StringNotLike: in the filter * stops at '/')` : "";
      out.push(`  - trusts ${code(sub.value)} (${sub.operator}${not}): ${sub.why.map(text).join("; ")}`);
    }
    for (const arn of role.trustedRoleArns ?? []) out.push(`  - trusts ${code(arn)}${role.externalId ? ` with ExternalId ${code(role.externalId)}` : ""} (sts:AssumeRole, sts:TagSession)`);
    if (role.kind !== "entry") {
      const p = role.permissions;
      out.push(`  - permissions: ${[...p.managedPolicyArns.map((a) => code(a)), ...p.inlinePolicies.map((i) => `inline ${code(i.name)}`)].join(", ") || "none"}${p.narrowedTo ? ` (narrowed to ${p.narrowedTo.join(", ")})` : ""}`);
      if (p.narrowing) out.push(`  - ${text(permissionSummary(role))}`);
    }
  }
  if (repo.assignments.length > 0) {
    out.push("", "| File | Job | role-to-assume | Chained role | ExternalId | Region |", "|---|---|---|---|---|---|");
    for (const a of repo.assignments) {
      out.push(`| ${code(a.path)} | ${a.job ? code(a.job) : ""} | ${code(a.entryRoleArn)} | ${a.chainRoleArn ? code(a.chainRoleArn) : ""} | ${a.externalId ? code(a.externalId) : ""} | ${a.region ? code(a.region) : ""} |`);
    }
  }
  const own = repo.steps.flatMap((id) => steps.get(id) ?? []);
  if (own.length > 0) {
    // Bullets, not a numbered list: the numbers are the plan-wide order, with gaps markdown would renumber.
    out.push("", "Steps:", "");
    for (const s of own) out.push(`- Step ${s.order}: ${text(s.title)}. Before: ${s.preconditions.map(text).join(" ")} Undo: ${text(s.rollback)}`);
  }
  if (repo.issues.length > 0) {
    out.push("");
    for (const i of repo.issues) out.push(`- ${issueLine(i)}`);
  }
  out.push("");
  return out;
}

function stepLine(step: Step): string {
  const deps = step.dependsOn.length ? ` (after ${step.dependsOn.map((d) => code(d)).join(", ")})` : "";
  return `${step.order}. **${step.kind}** ${text(step.title)}${deps}`;
}

function issueLine(i: Issue): string {
  const where = [i.repo, i.path && `${i.path}${i.job ? ` job ${i.job}` : ""}`].filter(Boolean).map((w) => code(w as string)).join(" ");
  return `**${i.severity}** ${code(i.code)}${where ? ` ${where}` : ""}: ${text(i.message)}${i.remediation ? ` ${text(i.remediation)}` : ""}`;
}

/** A code span that survives backticks, pipes and newlines in the value. */
export function code(value: string): string {
  const flat = terminalSafe(value.replace(/[\r\n]+/g, " ")).replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced block whose fence is longer than any backtick run inside it. */
export function fenced(language: string, body: string): string[] {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((m) => m.length));
  const fence = "`".repeat(longest + 1);
  return [`${fence}${language}`, body, fence];
}

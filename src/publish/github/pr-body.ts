// The pull request bodies: what changes and why, the roles, that the Terraform goes first, what a
// reviewer must check, what happens after the merge, and the audit's evidence. Pure; every outside
// string is escaped so a hostile repo, job or file name cannot break the Markdown or ping anyone.
import type { Audit } from "../../analyze/audit.js";
import type { FilePatch, NotPatched } from "../../generate/workflows/index.js";
import type { Plan, RepoPlan } from "../../plan/index.js";
import { renderRepoMarkdown } from "../../report/index.js";
import { code, prose, table, text } from "../../core/markdown.js";
import { markerComment } from "./marker.js";
import { permissionSummary } from "../../plan/permission-summary.js";

/** GitHub refuses a PR body over 65,536 characters. */
export const MAX_BODY = 65_536;

/** Terraform modules the repo's roles live in, in apply order. */
export function modulesFor(plan: Plan, repo: RepoPlan): string[] {
  const accounts = new Set(plan.roles.filter((r) => repo.roles.includes(r.id) && r.managedByKeyless).map((r) => r.accountId));
  return plan.accounts.filter((a) => accounts.has(a.id)).map((a) => a.module);
}

export interface MigrationBodyInput {
  plan: Plan;
  audit: Audit;
  repo: RepoPlan;
  patches: FilePatch[];
  notPatched: NotPatched[];
  planHash: string;
  /** Where the Terraform is, when keyless opens a PR for it too (`org/infra` and its folder). */
  terraform?: { repo: string; path: string };
}

export function renderMigrationBody(input: MigrationBodyInput): string {
  const { plan, repo, patches } = input;
  const head = [markerComment("migration", input.planHash), ""];
  const secrets = repo.secrets.map((s) => code(s)).join(", ");
  head.push(
    `This pull request moves the GitHub Actions workflows of ${code(repo.repo)} off long-lived AWS access keys. ` +
      "Each job below now asks GitHub for a short-lived OIDC token and assumes an IAM role with it (aws-actions/configure-aws-credentials)" +
      (secrets ? `, so the keys stored in ${secrets} are no longer used.` : "."),
    "",
  );
  const modules = modulesFor(plan, repo);
  const where = input.terraform ? ` (in ${code(input.terraform.repo)} under ${code(input.terraform.path)})` : "";
  head.push(
    "> [!IMPORTANT]",
    `> Apply the Terraform before merging: the roles below must exist, or the next run gets no AWS credentials. ` +
      (modules.length ? `Modules, in this order${where}: ${modules.map((m) => code(`${m}/`)).join(", ")}.` : "The roles already exist (none is created by keyless)."),
    "",
  );

  const roles = [...new Map(repo.assignments.map((a) => [`${a.path}\n${a.job ?? ""}\n${a.entryRoleArn}\n${a.chainRoleArn ?? ""}`, a])).values()];
  const tail: string[] = ["### Roles", ""];
  tail.push(table(["file", "job", "assumes with the OIDC token", "then chains into"], roles.map((a) => [code(a.path), a.job ? code(a.job) : "—", code(a.entryRoleArn), a.chainRoleArn ? code(a.chainRoleArn) : "—"])), "");
  // Which permissions each role holds, and on what evidence (copied, or narrowed to the key's use).
  const holders = plan.roles.filter((r) => repo.roles.includes(r.id) && r.kind !== "entry" && r.managedByKeyless);
  for (const role of holders) tail.push(`- ${code(role.name)} in ${code(role.accountId)}: ${text(permissionSummary(role))}.`);
  if (holders.length > 0) tail.push("");

  tail.push("### Before merging, check", "");
  tail.push(`- [ ] The Terraform is applied: the roles above exist${modules.length ? ` (${modules.map((m) => code(m)).join(", ")})` : ""}.`);
  for (const check of [...new Set(patches.flatMap((p) => p.reviewerChecks))]) tail.push(`- [ ] ${prose(check)}`);
  for (const issue of repo.issues.filter((i) => i.severity === "warning")) tail.push(`- [ ] ${text(issue.message)}${issue.remediation ? ` ${text(issue.remediation)}` : ""}`);
  tail.push("");

  tail.push("### What changes", "");
  for (const p of [...patches].sort((a, b) => a.path.localeCompare(b.path))) {
    tail.push(`**${text(p.path)}**`, "");
    for (const change of p.changes) tail.push(`- ${prose(change)}`);
    tail.push("");
  }
  if (input.notPatched.length > 0) {
    tail.push("### Left as it was", "", "keyless did not change these; they still need a person:", "");
    for (const n of input.notPatched) tail.push(`- ${code(n.path)}: ${prose(n.reason)}`);
    tail.push("");
  }

  tail.push("### After merging", "");
  const keys = repo.keys.map((k) => code(k)).join(", ");
  tail.push(
    `${code("keyless verify")} checks that a run on the default branch succeeded and assumed the role, and that ` +
      (keys ? `the keys ${keys} were not used since. Then ${code("keyless retire")} deactivates them and, ${plan.config.waitDays} days later, deletes them` : "no key was used since") +
      (secrets ? ` and the secrets ${secrets}.` : "."),
    "",
  );

  const footer = [
    "---",
    "",
    "<sub>Opened by keyless. Closing this pull request without merging opts the repository out: keyless will not open it again. " +
      "keyless leaves this branch alone once someone else pushes to it.</sub>",
    "",
  ];
  const evidence = renderRepoMarkdown(input.audit, repo.repo, { level: 4 });
  const withEvidence = evidence ? ["<details><summary>Evidence: why keyless links these keys to this repository</summary>", "", evidence, "</details>", ""] : [];
  const body = [...head, ...tail, ...withEvidence, ...footer].join("\n");
  if (body.length <= MAX_BODY) return body;
  const short = [...head, ...tail, "The evidence is too long for a pull request body: see the repository's section of audit.md.", "", ...footer].join("\n");
  return short.length <= MAX_BODY ? short : `${short.slice(0, MAX_BODY - 200)}\n\n(truncated: see plan.md and audit.md)\n`;
}

export interface TerraformBodyInput {
  plan: Plan;
  path: string;
  repos: string[];
  planHash: string;
}

export function renderTerraformBody(input: TerraformBodyInput): string {
  const { plan } = input;
  const out = [markerComment("terraform", input.planHash), ""];
  out.push(
    `The IAM roles${plan.providers.some((p) => !p.exists) ? " and the GitHub OIDC provider" : ""} that keyless's migration pull requests assume. ` +
      "Apply these modules before merging any of them: a workflow that assumes a role that does not exist yet gets no AWS credentials.",
    "",
  );
  out.push("### Modules, in apply order", "");
  plan.accounts.forEach((a, i) => out.push(`${i + 1}. ${code(`${input.path}${a.module}/`)}${a.name ? ` — ${text(a.name)}` : ""}${a.applyAfter.length ? ` (after ${a.applyAfter.map((m) => code(m)).join(", ")})` : ""}`));
  out.push("", `Each module is a root module without a backend: add yours, then ${code("terraform init && terraform apply")} with credentials for its account.`, "");
  if (plan.existingRoleChanges.length > 0) {
    out.push("### Existing roles to change by hand", "");
    for (const c of plan.existingRoleChanges) out.push(`- ${code(c.roleArn)}: ${text(c.reason)} (see ${code(`${input.path}README.md`)})`);
    out.push("");
  }
  if (input.repos.length > 0) {
    out.push("### Pull requests that wait for this", "");
    for (const r of input.repos) out.push(`- ${code(r)}`);
    out.push("");
  }
  out.push("---", "", "<sub>Opened by keyless from its migration plan. Closing it without merging opts out: keyless will not open it again.</sub>", "");
  return out.join("\n");
}

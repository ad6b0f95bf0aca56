// Terraform from a plan: one root module per account (tooling-<id>/ for the hub, account-<id>/ for
// each target), each with versions.tf, variables.tf, main.tf, outputs.tf and a README that says
// where it sits in the apply order; plus a top-level README. Pure, and the same plan gives the same bytes.
import { code, fenced, text } from "../../plan/markdown.js";
import type { Plan } from "../../plan/schema.js";
import { guardrailFiles } from "./guardrails.js";
import { accountModule, accountViews, AWS_PROVIDER_VERSION, TERRAFORM_VERSION, type AccountView } from "./module.js";

export interface GeneratedFile {
  /** Relative to the output directory, `/`-separated. */
  path: string;
  text: string;
}

export function generateTerraform(plan: Plan): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (const view of accountViews(plan)) {
    const account = view.account;
    const m = accountModule(view);
    files.push(
      { path: `${account.module}/versions.tf`, text: m.versions },
      { path: `${account.module}/variables.tf`, text: m.variables },
      { path: `${account.module}/main.tf`, text: m.main },
      ...(m.outputs ? [{ path: `${account.module}/outputs.tf`, text: m.outputs }] : []),
      { path: `${account.module}/README.md`, text: moduleReadme(view) },
    );
  }
  if (plan.guardrails) files.push(...guardrailFiles(plan.guardrails));
  if (plan.accounts.length > 0 || plan.existingRoleChanges.length > 0) files.push({ path: "README.md", text: topReadme(plan) });
  return files;
}

function topReadme(plan: Plan): string {
  const out = ["# Terraform for the keyless migration", ""];
  out.push(`Generated from the plan of ${plan.generatedAt} (${plan.config.topology}). Apply the modules in this order:`, "");
  plan.accounts.forEach((a, i) => out.push(`${i + 1}. ${code(`${a.module}/`)}${a.name ? ` — ${text(a.name)}` : ""}${a.applyAfter.length ? ` (after ${a.applyAfter.map((m) => code(m)).join(", ")})` : ""}`));
  out.push("");
  if (plan.config.topology === "hub-and-spoke") {
    out.push("The tooling module goes first: each deploy role's trust policy names an entry role, and IAM refuses a trust policy that names a role that does not exist yet.", "");
  }
  if (plan.existingRoleChanges.length > 0) {
    out.push("## Existing roles to change by hand", "", "keyless does not manage these roles. After the modules above are applied, add these statements to their trust policies:", "");
    for (const c of plan.existingRoleChanges) out.push(`- ${code(c.roleArn)}: ${text(c.reason)}`, "", ...fenced("json", JSON.stringify(c.statements, null, 2)), "");
  }
  if (plan.guardrails) out.push(`Last, from the management account and after the keys are retired: ${code(`${plan.guardrails.module}/`)}, the service control policy that stops new access keys (see its README). keyless never applies it.`, "");
  out.push("Each module is a root module with no backend: add the backend your team uses before applying.", "");
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}

function moduleReadme(view: AccountView): string {
  const { account, roles, provider, after, before } = view;
  const out = [`# ${account.module}: ${account.kind === "tooling" ? "tooling" : "target"} account ${account.id}${account.name ? ` (${text(account.name)})` : ""}`, ""];
  out.push("## Apply order", "");
  if (after.length > 0) out.push(`Apply after ${after.map((a) => code(`${a.module}/`)).join(", ")}: the trust policies here name roles created there, and IAM refuses a trust policy that names a role that does not exist yet.`);
  else out.push("Apply this module first: nothing here names a role of another module.");
  if (before.length > 0) out.push(`Then apply ${before.map((a) => code(`${a.module}/`)).join(", ")}.`);
  out.push("", "```sh", "terraform init", "terraform plan -out keyless.tfplan", "terraform apply keyless.tfplan", "```", "");
  out.push(`Run it with credentials for account ${code(account.id)}: the provider's ${code("allowed_account_ids")} refuses any other. Terraform ${code(TERRAFORM_VERSION)}, AWS provider ${code(AWS_PROVIDER_VERSION)}.`, "");
  out.push("## What it creates", "");
  if (provider) out.push(provider.exists ? `- Reads the existing OIDC provider ${code(provider.arn)} (a data source: it is not recreated).` : `- The OIDC provider for ${code(provider.issuer)} with client id ${code("sts.amazonaws.com")} (no thumbprint: AWS no longer uses one for GitHub).`);
  for (const r of roles) {
    const trust = r.subjects ? r.subjects.map((s) => `${code(s.value)}${s.notLike?.length ? ` but not ${s.notLike.map((n) => code(n)).join(", ")}` : ""}`).join(", ") : (r.trustedRoleArns ?? []).map((a) => code(a)).join(", ");
    out.push(`- ${r.kind} role ${code(r.name)} for ${code(r.repo)}; trusts ${trust}${r.externalId ? ` with ExternalId ${code(r.externalId)}` : ""}.`);
  }
  const changes = view.changes;
  if (changes.length > 0) {
    out.push("", "## By hand, after applying", "");
    for (const c of changes) out.push(`- Add to the trust policy of ${code(c.roleArn)} (${text(c.reason)}):`, "", ...fenced("json", JSON.stringify(c.statements, null, 2)));
  }
  out.push("", "## Variables", "", `- ${code("region")}: provider region (default ${code("us-east-1")}).`, `- ${code("permissions_boundary")}: a permissions boundary ARN for every role, or null.`, `- ${code("tags")}: tags for every resource (default ${code("ManagedBy = keyless")}).`);
  return `${out.join("\n")}\n`;
}

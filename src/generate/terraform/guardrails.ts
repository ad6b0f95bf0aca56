// guardrails/: the plan's service control policy as a root module for the management account, one
// attachment per covered account. keyless writes these files and never applies them.
import { code, fenced, text } from "../../plan/markdown.js";
import type { Guardrails } from "../../plan/schema.js";
import { attr, blank, block, call, comment, fromJson, list, obj, raw, renderFile, str } from "./hcl.js";
import type { GeneratedFile } from "./index.js";
import { AWS_PROVIDER_VERSION, TERRAFORM_VERSION } from "./module.js";

export function guardrailFiles(g: Guardrails): GeneratedFile[] {
  const dir = g.module;
  const versions = renderFile([
    block("terraform", [], [
      attr("required_version", str(TERRAFORM_VERSION)),
      blank,
      block("required_providers", [], [attr("aws", obj([["source", str("hashicorp/aws")], ["version", str(AWS_PROVIDER_VERSION)]]))]),
    ]),
  ]);
  const variables = renderFile([
    block("variable", ["region"], [attr("description", str("Region of the AWS provider. Organizations is global: any enabled region works.")), attr("type", raw("string")), attr("default", str("us-east-1"))]),
    blank,
    block("variable", ["target_ids"], [
      attr("description", str("Accounts (or OU ids) the policy is attached to: by default the accounts whose keys keyless retired.")),
      attr("type", raw("list(string)")),
      attr("default", list(g.accounts.map((a) => str(a.accountId)))),
    ]),
    blank,
    block("variable", ["tags"], [attr("description", str("Tags for the policy.")), attr("type", raw("map(string)")), attr("default", obj([["ManagedBy", str("keyless")]]))]),
  ]);
  const provider: Parameters<typeof block>[2] = [attr("region", raw("var.region"))];
  if (g.managementAccountId) provider.push(attr("allowed_account_ids", list([str(g.managementAccountId)])));
  provider.push(blank, block("default_tags", [], [attr("tags", raw("var.tags"))]));
  const main = renderFile([
    block("provider", ["aws"], provider),
    blank,
    comment(`Denies new access keys (and CI users) to every principal but the ${g.breakGlassRoleName} role.`),
    block("resource", ["aws_organizations_policy", "deny_long_lived_keys"], [
      attr("name", str(g.policyName)),
      attr("description", str("keyless: no new long-lived access keys in accounts migrated to GitHub OIDC")),
      attr("type", str("SERVICE_CONTROL_POLICY")),
      attr("content", call("jsonencode", fromJson(g.policy))),
    ]),
    blank,
    block("resource", ["aws_organizations_policy_attachment", "deny_long_lived_keys"], [
      attr("for_each", raw("toset(var.target_ids)")),
      blank,
      attr("policy_id", raw("aws_organizations_policy.deny_long_lived_keys.id")),
      attr("target_id", raw("each.value")),
    ]),
  ]);
  const outputs = renderFile([
    block("output", ["policy_id"], [attr("description", str("Id of the service control policy")), attr("value", raw("aws_organizations_policy.deny_long_lived_keys.id"))]),
  ]);
  return [
    { path: `${dir}/versions.tf`, text: versions },
    { path: `${dir}/variables.tf`, text: variables },
    { path: `${dir}/main.tf`, text: main },
    { path: `${dir}/outputs.tf`, text: outputs },
    { path: `${dir}/README.md`, text: readme(g) },
  ];
}

function readme(g: Guardrails): string {
  const out = [`# ${g.module}: no way back to long-lived keys`, ""];
  out.push(
    `A service control policy, ${code(g.policyName)}, for the management account${g.managementAccountId ? ` ${code(g.managementAccountId)}` : ""} to apply. keyless never applies it: review it, then`,
    "",
    "```sh",
    "terraform init",
    "terraform plan -out keyless.tfplan",
    "terraform apply keyless.tfplan",
    "```",
    "",
    "## What it denies",
    "",
    `- ${code("iam:CreateAccessKey")} for every principal.`,
  );
  if (g.ciUserPaths.length > 0) out.push(`- ${code("iam:CreateUser")} under ${g.ciUserPaths.map((p) => code(p)).join(", ")}.`);
  out.push(`- Except for the break-glass role ${code(g.breakGlassRoleName)} (at any path), in every covered account.`, "");
  out.push("## Where", "");
  if (g.accounts.length === 0) out.push("No account is covered yet: every account with retired keys still has keys keyless keeps (below). Leave target_ids empty, or regenerate after they are migrated.");
  for (const a of g.accounts) out.push(`- ${code(a.accountId)}${a.name ? ` (${text(a.name)})` : ""}`);
  if (g.leftOut.length > 0) {
    out.push("", "Left out:", "");
    for (const a of g.leftOut) out.push(`- ${code(a.accountId)}${a.name ? ` (${text(a.name)})` : ""}: ${text(a.reason)}`);
  }
  out.push("", "## Notes", "", ...g.notes.map((n) => `- ${text(n)}`), "", "## The policy", "", ...fenced("json", JSON.stringify(g.policy, null, 2)));
  return `${out.join("\n")}\n`;
}

// plan.md's "Guardrails" section: what the service control policy in guardrails/ denies, where it is
// attached, what it leaves out and why. keyless writes the Terraform; only the user applies it.
import { code, text } from "./markdown.js";
import type { Guardrails } from "./schema.js";

export function guardrailsSection(g: Guardrails | undefined): string[] {
  if (!g) return [];
  const out = ["## Guardrails: no way back", ""];
  const denies = [code("iam:CreateAccessKey"), ...(g.ciUserPaths.length > 0 ? [`${code("iam:CreateUser")} under ${g.ciUserPaths.map((p) => code(p)).join(", ")}`] : [])];
  out.push(
    `${code(`${g.module}/`)} holds a service control policy, ${code(g.policyName)}, that denies ${denies.join(" and ")} to every principal but the break-glass role ${code(g.breakGlassRoleName)}. ` +
      `Apply it from the management account${g.managementAccountId ? ` ${code(g.managementAccountId)}` : ""} after the keys below are retired; keyless never applies it.`,
    "",
  );
  if (g.accounts.length === 0) out.push("Attached to: no account yet (every account with retired keys still holds keys keyless keeps).");
  else out.push(`Attached to: ${g.accounts.map((a) => `${code(a.accountId)}${a.name ? ` (${text(a.name)})` : ""}`).join(", ")}.`);
  if (g.leftOut.length > 0) {
    out.push("", "Left out:", "");
    for (const a of g.leftOut) out.push(`- ${code(a.accountId)}${a.name ? ` (${text(a.name)})` : ""}: ${text(a.reason)}`);
  }
  out.push("", ...g.notes.map((n) => `- ${text(n)}`), "");
  return out;
}

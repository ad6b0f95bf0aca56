// The dependabot.yml side of moving a CodeArtifact registry from a refreshed token to OIDC: each
// registry the plan names loses its credential and gains the OIDC keys Dependabot's proxy reads
// (`aws-region`, `account-id`, `role-name`, `domain`, `domain-owner`). Only the credential's lines are
// replaced in the original text (analyze says where they are), so comments, order and every other
// registry and update stay as written; nothing is re-serialised. Pure: text in, text out.
import { credentialLines, type CodeArtifactRegistry } from "../../analyze/dependabot-yml.js";

/**
 * The patched file, or undefined when none of `registries` has a credential line left to replace.
 * `roleName` and `accountId` name the role Dependabot assumes; the account defaults to each
 * registry's domain owner.
 */
export function patchDependabotYml(text: string, registries: CodeArtifactRegistry[], role: { roleName: string; accountId?: string }): string | undefined {
  const edits: Array<{ from: number; to: number; insert: string }> = [];
  for (const registry of registries) {
    const [first, ...rest] = credentialLines(text, registry.key);
    if (!first) continue;
    const accountId = role.accountId ?? registry.domainOwner;
    const values: Array<[string, string]> = [["aws-region", registry.region], ["account-id", `"${accountId}"`], ["role-name", role.roleName], ["domain", registry.domain], ["domain-owner", `"${registry.domainOwner}"`]];
    edits.push({ from: first.from, to: first.to, insert: values.map(([k, v]) => `${first.indent}${k}: ${v}\n`).join("") });
    for (const l of rest) edits.push({ from: l.from, to: l.to, insert: "" });
  }
  if (edits.length === 0) return undefined;
  let out = text;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.insert + out.slice(e.to);
  return out;
}

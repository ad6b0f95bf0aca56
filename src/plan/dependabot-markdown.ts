// plan.md's "Dependabot registries" section: which dependabot.yml moves from a CodeArtifact token a
// workflow refreshes with a key to GitHub's OIDC registry configuration, and the role it needs.
import { code, text } from "./markdown.js";
import { rolesByOwner } from "./dependabot.js";
import type { DependabotPlan } from "./schema.js";

export function dependabotSection(entries: DependabotPlan[] | undefined): string[] {
  if (!entries?.length) return [];
  const out = ["## Dependabot registries: OIDC instead of a refreshed token", ""];
  for (const d of entries) {
    out.push(
      `- ${text(d.repo)}: ${code(d.path)} gets ${d.registries.map((r) => code(r)).join(", ")} on OIDC (role ${code(d.roleName)} in ${accounts(d)}, ` +
        `trusted for this repository only); then ${code(d.replaces)}, which refreshes the token with a static key (KL121), can be deleted. Files: ${code(d.files)}.`,
    );
  }
  out.push("");
  return out;
}

/** "account `A`", or with several domain owners "each of accounts `A` (`r1`), `B` (`r2`)". */
function accounts(d: DependabotPlan): string {
  const roles = d.roles ?? (d.codeArtifact ? rolesByOwner(d.codeArtifact) : []);
  if (roles.length < 2) return `account ${code(roles[0]?.accountId ?? d.accountId)}`;
  return `each of accounts ${roles.map((r) => `${code(r.accountId)} (${r.registries.map((k) => code(k)).join(", ")})`).join(", ")}`;
}

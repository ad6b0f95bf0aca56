// The plan's Dependabot part: for each repository whose scheduled workflow refreshes a CodeArtifact
// token into a Dependabot secret with a static key (KL121), the dependabot.yml change (the registries
// moved to OIDC, with the domain, owner, region and repository each names) and the role it names.
// Decided here, from analyze's reading of the files; generate writes the patch and the role from
// these entries, so plan.md describes exactly the files generate writes. Pure.
import { codeArtifactRegistriesReading, type CodeArtifactRegistry } from "../analyze/dependabot-yml.js";
import type { Analysis } from "../analyze/index.js";
import { refreshedSecret } from "../analyze/rules/kl121-codeartifact-token-refresh.js";
import type { Inventory } from "../inventory/schema.js";
import type { DependabotPlan } from "./schema.js";

export function planDependabot(inventory: Inventory, analysis: Pick<Analysis, "workflows">): DependabotPlan[] {
  const out: DependabotPlan[] = [];
  for (const repo of inventory.github?.repos ?? []) {
    const config = repo.dependabotConfig;
    if (!config) continue;
    const keyed = new Set((analysis.workflows.get(repo.fullName)?.usages ?? []).filter((u) => u.kind !== "literal-key-id").map((u) => u.path));
    for (const file of repo.workflows) {
      const secret = file.text && keyed.has(file.path) ? refreshedSecret(file.text) : undefined;
      if (!secret) continue;
      const registries = codeArtifactRegistriesReading(config.text, secret);
      const first = registries[0];
      if (!first) continue;
      const roleName = `dependabot-codeartifact-${repo.name.toLowerCase().replace(/[^a-z0-9+=,.@_-]/g, "-")}`.slice(0, 64);
      // Each patched registry's `account-id` is its own domain owner, so the role (one name) is made in each of them.
      out.push({
        repo: repo.fullName,
        path: config.path,
        replaces: file.path,
        registries: registries.map((r) => r.key),
        codeArtifact: registries,
        roleName,
        accountId: first.domainOwner,
        roles: rolesByOwner(registries),
        files: `dependabot/${repo.fullName}/`,
      });
    }
  }
  return out;
}

/** One role per domain owner, in the order the file first names each owner, with the registries it serves. */
export function rolesByOwner(registries: readonly CodeArtifactRegistry[]): Array<{ accountId: string; registries: string[] }> {
  const byOwner = new Map<string, string[]>();
  for (const r of registries) byOwner.set(r.domainOwner, [...(byOwner.get(r.domainOwner) ?? []), r.key]);
  return [...byOwner].map(([accountId, keys]) => ({ accountId, registries: keys }));
}

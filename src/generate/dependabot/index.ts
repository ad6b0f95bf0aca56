// The Dependabot half of generate: for each repository whose scheduled workflow refreshes a CodeArtifact
// token into a Dependabot secret with a static key (KL121), the dependabot.yml that uses OIDC instead
// and the role it names. Wherever dependabot.yml was read (--local, or the API scan's page). Pure.
import type { Analysis } from "../../analyze/index.js";
import { refreshedSecret } from "../../analyze/rules/kl121-codeartifact-token-refresh.js";
import type { Inventory } from "../../inventory/schema.js";
import { patchDependabotYml } from "./codeartifact-oidc.js";
import { codeArtifactRole, type CodeArtifactRole } from "./codeartifact-role.js";

export interface DependabotPatch {
  repo: string;
  path: string;
  before: string;
  after: string;
  /** The refresh workflow this makes unnecessary. */
  replaces: string;
  role: CodeArtifactRole;
  /** The registries moved to OIDC (their keys under `registries:`). */
  registries: string[];
}

export function generateDependabotPatches(inventory: Inventory, analysis: Pick<Analysis, "workflows">): DependabotPatch[] {
  const out: DependabotPatch[] = [];
  for (const repo of inventory.github?.repos ?? []) {
    const config = repo.dependabotConfig;
    if (!config) continue;
    const keyed = new Set((analysis.workflows.get(repo.fullName)?.usages ?? []).filter((u) => u.kind !== "literal-key-id").map((u) => u.path));
    for (const file of repo.workflows) {
      const secret = file.text && keyed.has(file.path) ? refreshedSecret(file.text) : undefined;
      if (!secret) continue;
      const roleName = `dependabot-codeartifact-${repo.name.toLowerCase().replace(/[^a-z0-9+=,.@_-]/g, "-")}`.slice(0, 64);
      const patch = patchDependabotYml(config.text, secret, { roleName });
      const first = patch?.registries[0];
      if (!patch || !first) continue;
      out.push({ repo: repo.fullName, path: config.path, before: config.text, after: patch.text, replaces: file.path, role: codeArtifactRole(repo.fullName, roleName, first.domainOwner, patch.registries), registries: patch.registries.map((r) => r.key) });
    }
  }
  return out;
}

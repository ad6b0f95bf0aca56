// The Dependabot half of generate: for each dependabot.yml change the plan names (KL121: a scheduled
// workflow refreshes a CodeArtifact token into a Dependabot secret with a static key), the
// dependabot.yml that uses OIDC instead, written from the file's text in the Inventory, and the role
// it names. The plan decides which registries and which role; this only writes them. Pure.
import { codeArtifactRegistriesNamed } from "../../analyze/dependabot-yml.js";
import type { Inventory } from "../../inventory/schema.js";
import type { Plan } from "../../plan/index.js";
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

export function generateDependabotPatches(plan: Pick<Plan, "dependabot">, inventory: Inventory): DependabotPatch[] {
  const repos = new Map((inventory.github?.repos ?? []).map((r) => [r.fullName, r]));
  const out: DependabotPatch[] = [];
  for (const entry of plan.dependabot ?? []) {
    const config = repos.get(entry.repo)?.dependabotConfig;
    if (!config || config.path !== entry.path) continue;
    const registries = entry.codeArtifact ?? codeArtifactRegistriesNamed(config.text, entry.registries);
    const after = patchDependabotYml(config.text, registries, { roleName: entry.roleName });
    if (after === undefined) continue;
    out.push({ repo: entry.repo, path: entry.path, before: config.text, after, replaces: entry.replaces, role: codeArtifactRole(entry.repo, entry.roleName, entry.accountId, registries), registries: registries.map((r) => r.key) });
  }
  return out;
}

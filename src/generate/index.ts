// Generate: the pure stage after plan. Terraform per account and workflow patches per repo, from
// the plan and the Inventory's workflow text. Nothing here reads or writes anything.
import type { Analysis } from "../analyze/index.js";
import type { Inventory } from "../inventory/schema.js";
import { readyRepos, roleAssignmentsFor, type Plan } from "../plan/index.js";
import { generateDependabotPatches, type DependabotPatch } from "./dependabot/index.js";
import { generateTerraform, type GeneratedFile } from "./terraform/index.js";
import { patchRepo, type FilePatch, type NotPatched } from "./workflows/index.js";

export interface RepoPatches {
  repo: string;
  patches: FilePatch[];
  notPatched: NotPatched[];
}

export interface Generated {
  terraform: GeneratedFile[];
  workflows: RepoPatches[];
  /** dependabot.yml moved from a refreshed CodeArtifact token to OIDC, with its role. */
  dependabot?: DependabotPatch[];
}

/** The workflow patches of every ready repo of the plan (only those `only` keeps, when given). */
export function generateWorkflowPatches(plan: Plan, inventory: Inventory, analysis: Pick<Analysis, "workflows">, only?: (repo: string) => boolean): RepoPatches[] {
  const repos = new Map((inventory.github?.repos ?? []).map((r) => [r.fullName, r]));
  const ready = readyRepos(plan);
  const out: RepoPatches[] = [];
  for (const repoPlan of plan.repos) {
    if (repoPlan.status !== "ready" || (only && !only(repoPlan.repo))) continue;
    const repo = repos.get(repoPlan.repo);
    if (!repo) continue;
    const result = patchRepo({
      repo: repo.fullName,
      files: repo.workflows.flatMap((w) => (w.text === undefined ? [] : [{ path: w.path, text: w.text }])),
      analysis: analysis.workflows.get(repo.fullName),
      roles: roleAssignmentsFor(plan, repo.fullName, ready),
      options: { actionRef: plan.config.actionRef },
    });
    out.push({ repo: repo.fullName, patches: result.patches, notPatched: result.notPatched });
  }
  return out;
}

export function generate(plan: Plan, inventory: Inventory, analysis: Pick<Analysis, "workflows">): Generated {
  return { terraform: generateTerraform(plan), workflows: generateWorkflowPatches(plan, inventory, analysis), dependabot: generateDependabotPatches(plan, inventory) };
}

// Generate: the pure stage after plan. Terraform per account and workflow patches per repo, from
// the plan and the Inventory's workflow text. Nothing here reads or writes anything.
import type { Analysis } from "../analyze/index.js";
import type { Inventory } from "../inventory/schema.js";
import { roleAssignmentsFor, type Plan } from "../plan/index.js";
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
}

export function generate(plan: Plan, inventory: Inventory, analysis: Pick<Analysis, "workflows">): Generated {
  const workflows: RepoPatches[] = [];
  for (const repoPlan of plan.repos) {
    if (repoPlan.status !== "ready") continue;
    const repo = inventory.github?.repos.find((r) => r.fullName === repoPlan.repo);
    if (!repo) continue;
    const files = repo.workflows.flatMap((w) => (w.text === undefined ? [] : [{ path: w.path, text: w.text }]));
    const result = patchRepo({
      repo: repo.fullName,
      files,
      analysis: analysis.workflows.get(repo.fullName),
      roles: roleAssignmentsFor(plan, repo.fullName),
      options: { actionRef: plan.config?.actionRef },
    });
    workflows.push({ repo: repo.fullName, patches: result.patches, notPatched: result.notPatched });
  }
  return { terraform: generateTerraform(plan), workflows };
}

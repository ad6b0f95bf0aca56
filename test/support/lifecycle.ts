// Helpers for the sandbox lifecycle tests (src/sandbox/lifecycle): the acme world with a plan built
// from it (as `keyless plan` would from an audit of that world), the migrated workflow text for a
// plan assignment, and a pull request opened and merged through the real Octokit. They live here,
// not in the sandbox, because they use the product (analyze, plan): the sandbox itself never does.

import type { Octokit } from "@octokit/rest";
import { analyze } from "../../src/analyze/index.js";
import { DEFAULT_ANALYSIS_CONFIG } from "../../src/analyze/model.js";
// What keyless takes for a GitHub runner's address: the sandbox's runs must come from one.
export { runnerRangeMatcher } from "../../src/analyze/links/runner-ranges.js";
import type { Plan, RoleAssignment } from "../../src/plan/index.js";
import { acmeInventory, NOW, planOf } from "./plan.js";
import { buildScenario } from "../../src/sandbox/scenario/index.js";
import type { World } from "../../src/sandbox/world.js";

export const TOOLING = "947472025964";

/** A fresh acme world and the plan of its audit (hub-and-spoke unless told otherwise). */
export function acmeWithPlan(config: Parameters<typeof planOf>[1] = {}): { world: World; plan: Plan } {
  const world = buildScenario("acme");
  const inventory = acmeInventory(structuredClone(world));
  const plan = planOf({ inventory, analysis: analyze(inventory, DEFAULT_ANALYSIS_CONFIG, NOW) }, config);
  return { world, plan };
}

export function assignmentOf(plan: Plan, repo: string): RoleAssignment {
  const found = plan.repos.find((r) => r.repo === repo)?.assignments[0];
  if (!found) throw new Error(`the plan has no assignment for ${repo}`);
  return found;
}

/** acme/analytics-etl's ETL workflow as the patcher writes it: OIDC entry role, then the chained deploy role. */
export function migratedEtl(a: RoleAssignment, options: { externalId?: boolean; trigger?: string[] } = {}): string {
  return [
    "name: ETL",
    "on:",
    ...(options.trigger ?? ["  push:", "    branches: [main]", "  workflow_dispatch:"]),
    "permissions:",
    "  id-token: write",
    "  contents: read",
    "jobs:",
    "  load:",
    "    runs-on: ubuntu-latest",
    "    environment: production",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - uses: aws-actions/configure-aws-credentials@v6",
    "        with:",
    `          role-to-assume: ${a.entryRoleArn}`,
    "          aws-region: ${{ vars.AWS_REGION }}",
    "      - name: Chain into the deploy role",
    "        uses: aws-actions/configure-aws-credentials@v6",
    "        with:",
    `          role-to-assume: ${a.chainRoleArn}`,
    "          role-chaining: true",
    "          aws-region: ${{ vars.AWS_REGION }}",
    ...(options.externalId === false ? [] : [`          role-external-id: ${a.externalId}`]),
    "      - run: python etl.py --target redshift",
    "",
  ].join("\n");
}

/** Branch, one commit (Git Data API), pull request, merge: what `keyless pr` and a reviewer do. */
export async function mergeChange(octokit: Octokit, fullName: string, branch: string, files: Record<string, string>): Promise<{ number: number; sha: string }> {
  const [owner, repo] = fullName.split("/") as [string, string];
  const base = await octokit.git.getRef({ owner, repo, ref: "heads/main" });
  const parent = await octokit.git.getCommit({ owner, repo, commit_sha: base.data.object.sha });
  const tree = await octokit.git.createTree({ owner, repo, base_tree: parent.data.tree.sha, tree: Object.entries(files).map(([path, content]) => ({ path, mode: "100644" as const, type: "blob" as const, content })) });
  const commit = await octokit.git.createCommit({ owner, repo, message: `Change ${Object.keys(files).join(", ")}`, tree: tree.data.sha, parents: [parent.data.sha] });
  await octokit.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.data.sha });
  const pull = await octokit.pulls.create({ owner, repo, title: `Change on ${branch}`, head: branch, base: "main" });
  const merged = await octokit.pulls.merge({ owner, repo, pull_number: pull.data.number });
  return { number: pull.data.number, sha: merged.data.sha };
}

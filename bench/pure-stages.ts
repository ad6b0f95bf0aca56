// The pure stages at scale: analyze + plan + generate of a sandbox organization with (at least) a
// given number of workflow files, without servers — the Inventory is read straight from the sandbox
// World, so only the pure stages are timed (issue 10: 30,000 workflow files in under 60 s).
// Prints wall and CPU time per stage (the machine is shared: CPU time says what keyless costs) and a
// digest of the results, so that a faster build can be shown to give the same plan and patches.
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { analyze } from "../src/analyze/index.js";
import { worldToInventory } from "../test/support/world-to-inventory.js";
import { DEFAULT_ANALYSIS_CONFIG } from "../src/analyze/model.js";
import { planConfig } from "../src/config/parse.js";
import { generateWorkflowPatches } from "../src/generate/index.js";
import { generateTerraform } from "../src/generate/terraform/index.js";
import type { Inventory } from "../src/inventory/schema.js";
import { buildPlan } from "../src/plan/index.js";
import { buildScenario } from "../src/sandbox/scenario/index.js";

export interface PureStagesOptions {
  /** Workflow files wanted (the organization is grown until it has at least this many). */
  files: number;
  accounts?: number;
  /** Share of generated repositories that use AWS keys (the scenario's default when undefined). */
  awsShare?: number;
  log?: (line: string) => void;
}

export interface StageTime {
  wallMs: number;
  cpuMs: number;
}

export interface PureStagesResult {
  repos: number;
  files: number;
  stages: Record<"analyze" | "plan" | "generate", StageTime>;
  total: StageTime;
  digest: string;
}

/** The large scenario has about 1.2 workflow files per repository at its default share. */
const FILES_PER_REPO_GUESS = 1.2;

export function benchPureStages(options: PureStagesOptions): PureStagesResult {
  const log = options.log ?? console.log;
  const accounts = options.accounts ?? 1000;
  const tBuild = performance.now();
  const { inventory, files } = inventoryWithFiles(options.files, accounts, options.awsShare);
  const repos = inventory.github?.repos.length ?? 0;
  log(`pure stages: ${files} workflow files in ${repos} repos, ${accounts} accounts${options.awsShare !== undefined ? `, AWS share ${options.awsShare}` : ""} (${((performance.now() - tBuild) / 1000).toFixed(1)} s to build)`);
  const now = new Date(inventory.generatedAt);

  const analysis = timed(() => analyze(inventory, DEFAULT_ANALYSIS_CONFIG, now));
  const plan = timed(() => buildPlan({ inventory, analysis: analysis.value, config: planConfig(undefined), now }));
  const generated = timed(() => ({ patches: generateWorkflowPatches(plan.value, inventory, analysis.value), terraform: generateTerraform(plan.value) }));
  const stages = { analyze: analysis.time, plan: plan.time, generate: generated.time };
  const total = { wallMs: stages.analyze.wallMs + stages.plan.wallMs + stages.generate.wallMs, cpuMs: stages.analyze.cpuMs + stages.plan.cpuMs + stages.generate.cpuMs };

  const { usages, links, findings, skipped } = analysis.value;
  const { patches, terraform } = generated.value;
  const digest = createHash("sha256")
    .update(JSON.stringify({ usages, links, findings, skipped, plan: plan.value, patches, terraform }))
    .digest("hex")
    .slice(0, 16);
  const fmt = (t: StageTime) => `${(t.wallMs / 1000).toFixed(1).padStart(5)} s (CPU ${(t.cpuMs / 1000).toFixed(1)} s)`;
  log(`  analyze         ${fmt(stages.analyze)}  ${usages.length} usages, ${links.length} links, ${findings.length} findings`);
  log(`  plan            ${fmt(stages.plan)}  ${plan.value.repos.length} repos, ${plan.value.roles.length} roles`);
  log(`  generate        ${fmt(stages.generate)}  ${patches.length} repos patched (${patches.reduce((n, p) => n + p.patches.length, 0)} files), ${terraform.length} Terraform files`);
  log(`  analyze+plan+gen ${fmt(total)}  for ${files} workflow files (target: under 60 s); results digest ${digest}`);
  return { repos, files, stages, total, digest };
}

function inventoryWithFiles(want: number, accounts: number, awsShare: number | undefined): { inventory: Inventory; files: number } {
  let repos = Math.max(1, Math.ceil(want / FILES_PER_REPO_GUESS));
  for (;;) {
    const world = buildScenario("large", { accounts, repos, ...(awsShare !== undefined ? { awsShare } : {}) });
    const inventory = worldToInventory(world);
    const files = inventory.github?.repos.reduce((n, r) => n + r.workflows.length, 0) ?? 0;
    // The scenario is seeded: the same count gives the same organization, so the figure is repeatable.
    if (files >= want || files === 0) return { inventory, files };
    repos = Math.ceil((repos * want) / files) + 1;
  }
}

function timed<T>(run: () => T): { value: T; time: StageTime } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = run();
  const used = process.cpuUsage(cpu);
  return { value, time: { wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 } };
}

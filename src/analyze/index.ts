// Analyze: the pure stage after discover. Workflows → usages; usages + AWS evidence → links;
// everything → findings. No clients, no clock: `now` and the config come in as arguments.
import type { Inventory, Skip } from "../inventory/schema.js";
import { linkKeys } from "./links/index.js";
import type { AnalysisConfig, Finding, Link } from "./model.js";
import { runRules } from "./rules/index.js";
import { analyzeRepoWorkflows, type OidcUse, type RepoWorkflowAnalysis, type Usage } from "./workflows/index.js";

export interface Analysis {
  workflows: Map<string, RepoWorkflowAnalysis>;
  usages: Usage[];
  oidcJobs: OidcUse[];
  links: Link[];
  unlinkedKeys: string[];
  unlinkedSecrets: Array<{ repo?: string; name: string; scope: string; environment?: string; store?: "dependabot" | "codespaces" }>;
  findings: Finding[];
  /** Files the analyzer could not read (invalid YAML, too large, …). */
  skipped: Skip[];
}

export function analyze(inventory: Inventory, config: AnalysisConfig, now: Date): Analysis {
  const workflows = new Map<string, RepoWorkflowAnalysis>();
  const skipped: Skip[] = [];
  for (const repo of inventory.github?.repos ?? []) {
    const files = repo.workflows.flatMap((w) => (w.text === undefined ? [] : [{ path: w.path, text: w.text }]));
    const result = analyzeRepoWorkflows({ repo: repo.fullName, files });
    workflows.set(repo.fullName, result);
    for (const s of result.skipped) skipped.push({ side: "github", target: `${repo.fullName}/${s.path}`, code: s.code, reason: s.reason });
  }
  const usages = [...workflows.values()].flatMap((w) => w.usages);
  const oidcJobs = [...workflows.values()].flatMap((w) => w.oidcJobs);
  const { links, unlinkedKeys, unlinkedSecrets } = linkKeys({ inventory, workflows, mappings: config.mappings, now });
  const findings = runRules({ inventory, workflows, usages, links, config, now });
  return { workflows, usages, oidcJobs, links, unlinkedKeys, unlinkedSecrets, findings, skipped };
}

// What `audit --upload-sarif` sends to each repository's code scanning: one SARIF log per affected
// repository, holding only that repository's results (repository-relative URIs, as code scanning
// resolves them against the analysed commit), with the default branch and the commit that was read.
// Pure: the audit's findings and the scanned repositories in, upload plans and skips out.
import type { Finding, Link } from "../../analyze/model.js";
import type { Usage } from "../../analyze/workflows/index.js";
import { findingsByRepo } from "./for-repo.js";
import { sarifLog, type SarifInput } from "./render.js";
import type { SarifLog } from "./types.js";

/** keyless's code scanning category: a new upload replaces the previous one of the same category and commit/branch. */
export const SARIF_CATEGORY = "keyless/";
export const SARIF_TOOL_NAME = "keyless";

/**
 * GitHub's hard limits on one upload (docs: "SARIF support for code scanning", "SARIF results exceed
 * limit", "SARIF file is too large"). Over them GitHub rejects the whole file, so keyless skips it instead.
 */
export const SARIF_LIMITS = {
  gzippedBytes: 10 * 1024 * 1024,
  runsPerFile: 20,
  resultsPerRun: 25_000,
  rulesPerRun: 25_000,
  locationsPerResult: 1_000,
  tagsPerRule: 20,
} as const;

export interface SarifUploadRepo {
  fullName: string;
  defaultBranch: string;
  /** The default branch's commit the workflows were read at; absent for older scans. */
  headSha?: string;
  archived: boolean;
}

export interface SarifUploadInput extends Pick<SarifInput, "rules" | "toolVersion" | "informationUri" | "docsBaseUri"> {
  findings: Finding[];
  usages: Usage[];
  links: Link[];
  /** The scanned repositories (the inventory's). */
  repos: SarifUploadRepo[];
}

export interface SarifUpload {
  repo: string;
  /** refs/heads/<default branch>. */
  ref: string;
  commitSha?: string;
  category: string;
  log: SarifLog;
  /** Results in the log, and the repository's findings left out for want of a workflow line. */
  results: number;
  unlocated: number;
  /** A closing upload (an empty analysis): the results of the previous keyless upload it closes. */
  closes?: number;
}

export interface SarifUploadSkip {
  repo: string;
  reason: string;
}

/** Repositories with at least one located finding get a log; the others get nothing. Sorted by name. */
export function sarifUploads(input: SarifUploadInput): { uploads: SarifUpload[]; skipped: SarifUploadSkip[] } {
  const byName = new Map(input.repos.map((r) => [r.fullName.toLowerCase(), r]));
  const uploads: SarifUpload[] = [];
  const skipped: SarifUploadSkip[] = [];
  const perRepo = [...findingsByRepo(input.findings, input).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [id, found] of perRepo) {
    const results = found.located.length;
    if (results === 0) continue;
    const repo = byName.get(id);
    if (!repo) {
      skipped.push({ repo: id, reason: "not among the scanned repositories" });
      continue;
    }
    if (repo.archived) {
      skipped.push({ repo: repo.fullName, reason: "archived: GitHub refuses uploads to a read-only repository" });
      continue;
    }
    const log = sarifLog({ findings: found.located, rules: input.rules, toolVersion: input.toolVersion, informationUri: input.informationUri, docsBaseUri: input.docsBaseUri, category: SARIF_CATEGORY });
    const over = overLimits(log);
    if (over) {
      skipped.push({ repo: repo.fullName, reason: `${over}; GitHub would reject the whole file` });
      continue;
    }
    uploads.push({
      repo: repo.fullName,
      ref: `refs/heads/${repo.defaultBranch}`,
      ...(repo.headSha ? { commitSha: repo.headSha } : {}),
      category: SARIF_CATEGORY,
      log,
      results: log.runs.reduce((n, run) => n + run.results.length, 0),
      unlocated: found.unlocated.length,
    });
  }
  return { uploads, skipped };
}

/** The first of GitHub's hard limits (other than the gzipped size, checked where it is compressed) the log breaks. */
export function overLimits(log: SarifLog): string | undefined {
  const L = SARIF_LIMITS;
  if (log.runs.length > L.runsPerFile) return `${log.runs.length} runs, over GitHub's limit of ${L.runsPerFile} per file`;
  for (const run of log.runs) {
    if (run.results.length > L.resultsPerRun) return `${run.results.length} results, over GitHub's limit of ${L.resultsPerRun} per run`;
    if (run.tool.driver.rules.length > L.rulesPerRun) return `${run.tool.driver.rules.length} rules, over GitHub's limit of ${L.rulesPerRun} per run`;
    const tagged = run.tool.driver.rules.find((r) => r.properties.tags.length > L.tagsPerRule);
    if (tagged) return `rule ${tagged.id} has ${tagged.properties.tags.length} tags, over GitHub's limit of ${L.tagsPerRule}`;
    const located = run.results.find((r) => r.locations.length > L.locationsPerResult);
    if (located) return `a ${located.ruleId} result has ${located.locations.length} locations, over GitHub's limit of ${L.locationsPerResult}`;
  }
  return undefined;
}

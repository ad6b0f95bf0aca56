// The acme sandbox plants static-key usages (ground truth from markers in its templates): each one
// must be found at its exact line, with its job and secret names, and nothing else may be reported.
import { describe, expect, it } from "vitest";
import { buildScenario } from "../../sandbox/scenario/index.js";
import { analyzeRepoWorkflows } from "./index.js";

const WORKFLOW_FILE = /^\.github\/workflows\/[^/]+\.ya?ml$|(^|\/)action\.ya?ml$/;

describe("acme sandbox", () => {
  it("finds every planted usage at its line, and no other", () => {
    const world = buildScenario("acme");
    const found: Array<{ key: string; job?: string; names: string[]; literal: boolean }> = [];
    const skipped: string[] = [];
    for (const repo of world.github.repos) {
      const files = Object.entries(repo.files)
        .filter(([path]) => WORKFLOW_FILE.test(path))
        .map(([path, text]) => ({ path, text }));
      const result = analyzeRepoWorkflows({ repo: repo.fullName, files });
      skipped.push(...result.skipped.map((s) => `${repo.fullName}|${s.path}`));
      for (const u of result.usages) {
        found.push({ key: `${repo.fullName}|${u.path}|${u.line}`, ...(u.job ? { job: u.job } : {}), names: [...u.secretNames, ...u.variableNames], literal: u.kind === "literal-key-id" });
      }
    }
    const truth = world.truth.usages.map((t) => ({ key: `${t.repo}|${t.path}|${t.line}`, job: t.job, names: t.secretNames }));
    // A literal key id in an env value is reported twice on one line (the env usage and the literal).
    const lines = new Set(found.map((f) => f.key));
    const recall = truth.filter((t) => lines.has(t.key)).length / truth.length;
    const precision = [...lines].filter((k) => truth.some((t) => t.key === k)).length / lines.size;
    console.log(`acme usages: ${truth.length} planted, ${lines.size} lines found, precision ${precision}, recall ${recall}`);
    expect(recall).toBe(1);
    expect(precision).toBe(1);
    for (const t of truth) {
      const f = found.find((x) => x.key === t.key && !x.literal) ?? found.find((x) => x.key === t.key);
      expect({ key: t.key, job: f?.job, names: [...(f?.names ?? [])].sort() }).toEqual({ key: t.key, job: t.job, names: [...t.names].sort() });
    }
    expect(skipped.sort()).toEqual(world.truth.invalidWorkflows.map((w) => `${w.repo}|${w.path}`).sort());
    for (const repo of world.truth.oidcRepos) expect(found.filter((f) => f.key.startsWith(`${repo}|`))).toEqual([]);
  });
});

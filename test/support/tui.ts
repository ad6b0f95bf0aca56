// Test helpers: the acme sandbox through the TUI's stages without servers (its inventory comes
// straight from the world), states ready at a given size, and a 10,000-repo model for windowing.
import { worldToInventory } from "./world-to-inventory.js";
import { buildScenario } from "../../src/sandbox/scenario/index.js";
import type { World } from "../../src/sandbox/world.js";
import { runStages, type StageResults } from "../../src/tui/session/stages.js";
import { initialState, type AppState, type Mode } from "../../src/tui/state/app-state.js";
import { NO_RECORDS, type Records, type RepoRow, type TuiData } from "../../src/tui/state/model.js";
import { reducer } from "../../src/tui/state/reducer.js";

export const NOW = new Date("2026-11-20T12:00:00Z");

let cached: { world: World; results: StageResults } | undefined;

/** The acme scenario's stage results (built once per test file: it takes a moment). */
export function acme(): { world: World; results: StageResults } {
  if (!cached) {
    const world = buildScenario("acme");
    cached = { world, results: runStages(worldToInventory(world), undefined, NOW, NO_RECORDS) };
  }
  return cached;
}

export function acmeData(records?: Records): TuiData {
  const { results } = acme();
  return records ? runStages(results.inventory, undefined, NOW, records, results.plan).data : results.data;
}

export const MODE: Mode = { dryRun: true, sandbox: true, source: "acme (sandbox)", color: true };

/** A state with the data loaded, at the given terminal size. */
export function readyState(data: TuiData, size = { columns: 80, rows: 24 }, mode: Partial<Mode> = {}): AppState {
  return reducer(initialState({ ...MODE, ...mode }, size, { aws: true, github: true }), { type: "loaded", data });
}

/** The acme data with its repo list replaced by `n` synthetic repos (the rest of the model stays acme's). */
export function manyRepos(n: number): TuiData {
  const data = acme().results.data;
  const severities = ["critical", "high", "medium", "low", "none"] as const;
  const repos: RepoRow[] = Array.from({ length: n }, (_, i) => ({
    kind: "repo",
    id: `big/repo-${String(i).padStart(5, "0")}`,
    severity: severities[i % severities.length] as RepoRow["severity"],
    confidence: i % 3 === 0 ? "certain" : "high",
    accounts: [`${100000000000 + (i % 50)}`],
    migration: i % 7 === 0 ? "blocked" : "ready",
    usages: (i % 4) + 1,
    keys: 1,
    why: `${(i % 4) + 1} usages in deploy.yml · 1 key linked`,
    selectable: i % 7 !== 0,
  }));
  return { ...data, repos };
}

// When each repo's key-using workflows were running: one time window per run, searchable by instant.
import type { WorkflowRun } from "../../inventory/schema.js";
import type { LinkContext } from "./context.js";

/** CloudTrail and GitHub clocks, and the gap between a run's creation and its first step. */
export const RUN_MARGIN_MS = 2 * 60_000;
/**
 * A GitHub-hosted job stops after 6 hours; a run that spans longer was re-run or waited for an
 * approval, so only its last 6 hours (before it was last updated) count as "running".
 */
export const MAX_RUN_MS = 6 * 3_600_000;

export interface RunWindow {
  repo: string;
  run: WorkflowRun;
  start: number;
  end: number;
}

export class RunIndex {
  private readonly windows: RunWindow[];
  private readonly periods = new Map<string, { start: number; end: number }>();

  constructor(ctx: LinkContext) {
    const all: RunWindow[] = [];
    for (const repo of ctx.repos.values()) {
      for (const run of repo.repo.workflowRuns) {
        if (!repo.keyUsingPaths.has(run.workflowPath)) continue;
        const window = runWindow(repo.repo.fullName, run, ctx.now);
        if (!window) continue;
        all.push(window);
        const p = this.periods.get(window.repo);
        this.periods.set(window.repo, p ? { start: Math.min(p.start, window.start), end: Math.max(p.end, window.end) } : { start: window.start, end: window.end });
      }
    }
    this.windows = all.sort((a, b) => a.start - b.start);
  }

  /** Runs in progress at an instant. */
  at(time: number): RunWindow[] {
    const out: RunWindow[] = [];
    // Windows are at most MAX_RUN_MS + 2 margins long: only those starting shortly before can cover `time`.
    let i = upperBound(this.windows, time) - 1;
    const earliest = time - MAX_RUN_MS - 2 * RUN_MARGIN_MS;
    for (; i >= 0; i--) {
      const w = this.windows[i];
      if (!w || w.start < earliest) break;
      if (w.end >= time) out.push(w);
    }
    return out;
  }

  /** First to last known key-using run of a repo (the period its runs can explain events in). */
  period(repo: string): { start: number; end: number } | undefined {
    return this.periods.get(repo);
  }
}

function runWindow(repo: string, run: WorkflowRun, now: Date): RunWindow | undefined {
  const created = Date.parse(run.createdAt);
  let updated = Date.parse(run.updatedAt);
  if (Number.isNaN(created) || Number.isNaN(updated)) return undefined;
  // A run without a conclusion is still going: its last update is not its end.
  if (run.conclusion === null) updated = Math.max(updated, Math.min(now.getTime(), created + MAX_RUN_MS));
  const start = Math.max(created, updated - MAX_RUN_MS);
  return { repo, run, start: start - RUN_MARGIN_MS, end: updated + RUN_MARGIN_MS };
}

/** Index of the first window starting after `time`. */
function upperBound(windows: RunWindow[], time: number): number {
  let lo = 0;
  let hi = windows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((windows[mid]?.start ?? Infinity) <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

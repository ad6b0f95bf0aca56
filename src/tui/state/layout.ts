// How many rows each part of the screen gets, and which lines the current text screen shows.
// One row is always left free: ink redraws the whole terminal (static log included) when its output
// fills the screen, and leaving a row keeps each frame to the lines that changed.
import { confirmPrLines, deactivateLines } from "./act.js";
import type { AppState, Overlay } from "./app-state.js";
import { keyDetail, repoDetail } from "./detail.js";
import { repoDiff } from "./diff.js";
import { line, type Line } from "./lines.js";
import type { KeyRow, RepoRow, TuiData } from "./model.js";
import { visibleRows } from "./query.js";

export const HEADER_ROWS = 1;
export const FOOTER_ROWS = 2;

export function appHeight(state: Pick<AppState, "size">): number {
  return Math.max(8, state.size.rows - 1);
}

export function bodyHeight(state: Pick<AppState, "size">): number {
  return appHeight(state) - HEADER_ROWS - FOOTER_ROWS;
}

/** Rows of a list (the body minus its column header). */
export function listHeight(state: Pick<AppState, "size">): number {
  return bodyHeight(state) - 1;
}

export function overlayLines(data: TuiData | undefined, overlay: Overlay, dryRun: boolean): Line[] {
  switch (overlay.screen) {
    case "repo":
      return data ? repoDetail(data, overlay.id) : [];
    case "key":
      return data ? keyDetail(data, overlay.id) : [];
    case "diff":
      return data ? repoDiff(data, overlay.repo) : [];
    case "confirm-prs":
      return confirmPrLinesMemo(overlay, dryRun);
    case "deactivate":
      return deactivateLines(overlay.keys, overlay.step, dryRun);
    case "results":
      return resultLinesMemo(overlay);
  }
}

const confirmCache = new WeakMap<object, Line[]>();
function confirmPrLinesMemo(overlay: Extract<Overlay, { screen: "confirm-prs" }>, dryRun: boolean): Line[] {
  // Keyed by the previews array (or the overlay while it has none): built once per preview.
  const key = overlay.previews ?? overlay;
  const hit = confirmCache.get(key);
  if (hit && !overlay.error) return hit;
  const built = confirmPrLines(overlay.repos, overlay.previews, dryRun, overlay.error);
  if (overlay.previews) confirmCache.set(key, built);
  return built;
}

const resultCache = new WeakMap<string[], Line[]>();
function resultLinesMemo(overlay: Extract<Overlay, { screen: "results" }>): Line[] {
  let hit = resultCache.get(overlay.lines);
  if (!hit) resultCache.set(overlay.lines, (hit = [line(overlay.title, "title"), line(""), ...overlay.lines.map((t) => line(t, t.startsWith("✗") ? "bad" : t.startsWith("✓") ? "ok" : undefined))]));
  return hit;
}

/** Screens whose lines lead elsewhere move a cursor; the others scroll. */
export function hasCursor(overlay: Overlay): boolean {
  return overlay.screen === "repo" || overlay.screen === "key";
}

export function repoRows(state: AppState): RepoRow[] {
  return state.data ? visibleRows(state.data.repos, { ...state.lists.repos, selected: state.selected }) : [];
}

export function keyRows(state: AppState): KeyRow[] {
  return state.data ? visibleRows(state.data.keys, { ...state.lists.keys, selected: state.selected }) : [];
}

// Reads of the state that several modules need: the open overlay, the list in front, the row or
// detail under the cursor.
import type { AppState, Overlay } from "./app-state.js";
import { keyRows, repoRows } from "./layout.js";
import type { KeyRow, RepoRow } from "./model.js";

export type ListTab = "repos" | "keys";

export const top = (state: AppState): Overlay | undefined => state.stack[state.stack.length - 1];

/** The list tab in front, when no overlay covers it. */
export const listTab = (state: AppState): ListTab | undefined =>
  state.stack.length === 0 && (state.tab === "repos" || state.tab === "keys") ? state.tab : undefined;

export const rowsOf = (state: AppState, tab: ListTab): Array<RepoRow | KeyRow> => (tab === "repos" ? repoRows(state) : keyRows(state));

/** The repo or key under the cursor: the open detail screen's, else the list row's. */
export function current(state: AppState): { kind: "repo" | "key"; id: string } | undefined {
  const overlay = top(state);
  if (overlay?.screen === "repo" || overlay?.screen === "key") return { kind: overlay.screen, id: overlay.id };
  if (overlay?.screen === "diff") return { kind: "repo", id: overlay.repo };
  if (overlay) return undefined;
  const tab = listTab(state);
  if (!tab) return undefined;
  const row = rowsOf(state, tab)[state.lists[tab].cursor];
  return row ? { kind: row.kind, id: row.id } : undefined;
}

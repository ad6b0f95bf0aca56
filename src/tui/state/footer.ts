// The footer's text: a status line (search being typed, work in progress, a message, the list's
// filter, sort and selection) and the keys that do something on the current screen.
import type { AppState } from "./app-state.js";
import type { Tone } from "./columns.js";
import { bodyHeight, listHeight, overlayLines } from "./layout.js";
import { plural } from "./rows.js";
import { listTab, rowsOf, top } from "./selectors.js";
import { windowLabel } from "./window.js";

export function statusLine(state: AppState): { text: string; tone: Tone } {
  if (state.help) return { text: "", tone: "muted" };
  const tab = listTab(state);
  if (tab && state.lists[tab].editing) return { text: `/${state.lists[tab].text}▏  (Enter keeps, Esc clears)`, tone: "accent" };
  if (state.busy) return { text: `… ${state.busy}`, tone: "accent" };
  if (state.message) return { text: state.message.text, tone: state.message.level === "error" ? "high" : state.message.level === "warn" ? "medium" : "plain" };
  const selected = state.selected.size ? ` · ${plural(state.selected.size, "repo")} selected (p opens PRs)` : "";
  const overlay = top(state);
  if (overlay) {
    const count = overlayLines(state.data, overlay, state.mode.dryRun).length;
    return { text: `${windowLabel(overlay.offset, Math.min(bodyHeight(state), count), count)} lines${selected}`, tone: "muted" };
  }
  if (tab) {
    const list = state.lists[tab];
    const count = rowsOf(state, tab).length;
    const shown = windowLabel(list.offset, Math.min(listHeight(state), count), count);
    const filter = list.text ? ` · filter "${list.text}"` : "";
    return { text: `${shown} ${tab}${filter} · sort ${list.sort}${list.reverse ? " ↑" : " ↓"}${selected}`, tone: "muted" };
  }
  return { text: selected.replace(/^ · /, ""), tone: "muted" };
}

export function footerHints(state: AppState): string {
  if (state.phase === "scanning" || state.phase === "analysing") return "q quit · ? help";
  if (state.phase === "failed") return "q quit";
  if (state.help) return "any key closes the help · q quit";
  const overlay = top(state);
  switch (overlay?.screen) {
    case "repo":
      return "j/k move · Enter open key · d diff · space select · p PR · Esc back · ? help";
    case "key":
      return "j/k move · Enter open repo · Esc back · ? help";
    case "diff":
      return "j/k scroll · PgUp/PgDn · g/G top/bottom · p PR · Esc back";
    case "confirm-prs":
      if (!overlay.previews) return "Esc cancel";
      return state.mode.dryRun ? "j/k scroll · Enter: dry run (nothing is written) · Esc cancel" : "j/k scroll · Enter/y write these PRs · Esc cancel";
    case "deactivate":
      return overlay.step === 1 ? "Enter continue · Esc cancel" : "y deactivate now · Esc cancel";
    case "results":
      return "j/k scroll · Esc back";
  }
  if (state.tab === "overview") return "Enter/2 repos · 3 keys · v verify · x deactivate ready keys · ? help · q quit";
  if (state.tab === "repos") return "j/k move · Enter open · / search · s sort · space select · d diff · p PRs · ? help · q quit";
  return "j/k move · Enter open · / search · s sort · x deactivate ready · ? help · q quit";
}

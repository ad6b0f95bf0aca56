// The reducer: every change to the TUI's state, as a pure function of the state and an action.
// Navigation and lists here; the act step (PRs, verify, deactivate) in reducer-act.ts.
import type { Action, AppState, ListState, Overlay, Tab } from "./app-state.js";
import { TABS } from "./app-state.js";
import { bodyHeight, hasCursor, listHeight, overlayLines } from "./layout.js";
import { KEY_SORTS, REPO_SORTS } from "./query.js";
import { actReducer } from "./reducer-act.js";
import { applyMeter, applyScanEvents } from "./scan.js";
import { current, listTab, rowsOf, top, type ListTab } from "./selectors.js";
import { clamp, scrollOffset } from "./window.js";

function withList(state: AppState, tab: ListTab, patch: Partial<ListState>): AppState {
  const next = { ...state, lists: { ...state.lists, [tab]: { ...state.lists[tab], ...patch } } };
  // Keep the cursor on a row and in view after any change (filter, sort, resize).
  const list = next.lists[tab];
  const count = rowsOf(next, tab).length;
  const cursor = clamp(list.cursor, 0, Math.max(0, count - 1));
  const offset = scrollOffset(cursor, list.offset, listHeight(next), count);
  return cursor === list.cursor && offset === list.offset ? next : { ...next, lists: { ...next.lists, [tab]: { ...list, cursor, offset } } };
}

function withTop(state: AppState, patch: Partial<Overlay>): AppState {
  const current = top(state);
  if (!current) return state;
  return { ...state, stack: [...state.stack.slice(0, -1), { ...current, ...patch } as Overlay] };
}

function movePager(state: AppState, overlay: Overlay, delta: number | "top" | "bottom"): AppState {
  const count = overlayLines(state.data, overlay, state.mode.dryRun).length;
  const height = bodyHeight(state);
  if (hasCursor(overlay)) {
    const cursor = delta === "top" ? 0 : delta === "bottom" ? count - 1 : clamp(overlay.cursor + delta, 0, Math.max(0, count - 1));
    return withTop(state, { cursor, offset: scrollOffset(cursor, overlay.offset, height, count) });
  }
  const max = Math.max(0, count - height);
  const offset = delta === "top" ? 0 : delta === "bottom" ? max : clamp(overlay.offset + delta, 0, max);
  return withTop(state, { offset });
}

function move(state: AppState, delta: number | "top" | "bottom"): AppState {
  const overlay = top(state);
  if (overlay) return movePager(state, overlay, delta);
  const tab = listTab(state);
  if (!tab) return state;
  const count = rowsOf(state, tab).length;
  const cursor = delta === "top" ? 0 : delta === "bottom" ? count - 1 : state.lists[tab].cursor + delta;
  return withList(state, tab, { cursor });
}

function open(state: AppState): AppState {
  const overlay = top(state);
  if (overlay?.screen === "repo" || overlay?.screen === "key") {
    const target = overlayLines(state.data, overlay, state.mode.dryRun)[overlay.cursor]?.target;
    return target ? { ...state, stack: [...state.stack, { screen: target.screen, id: target.id, cursor: 0, offset: 0 }] } : state;
  }
  if (overlay) return actReducer(state, { type: overlay.screen === "deactivate" && overlay.step === 1 ? "deactivate-confirm" : "prs-confirm" });
  if (state.tab === "overview") return { ...state, tab: "repos" };
  const item = current(state);
  return item ? { ...state, stack: [...state.stack, { screen: item.kind, id: item.id, cursor: 0, offset: 0 }] } : state;
}

function back(state: AppState): AppState {
  if (state.help) return { ...state, help: false };
  const tab = listTab(state);
  if (tab && state.lists[tab].editing) return withList(state, tab, { editing: false });
  if (state.stack.length > 0) return { ...state, stack: state.stack.slice(0, -1), busy: undefined };
  if (tab && state.lists[tab].text) return withList(state, tab, { text: "", cursor: 0, offset: 0 });
  return state.tab === "overview" ? state : { ...state, tab: "overview" };
}

function switchTab(state: AppState, tab: Tab): AppState {
  return { ...state, tab, stack: [] };
}

export function reducer(state: AppState, action: Action): AppState {
  // A message stays until the next key; progress and results do not clear it.
  const s = action.type === "scan-events" || action.type === "meter" || action.type === "busy" || action.type === "message" || action.type.endsWith("-done") || action.type.endsWith("-previewed") ? state : { ...state, message: undefined };
  switch (action.type) {
    case "resize": {
      const next = { ...s, size: { columns: action.columns, rows: action.rows } };
      const overlay = top(next);
      const fixed = withList(withList(next, "repos", {}), "keys", {});
      return overlay ? movePager(fixed, overlay, 0) : fixed;
    }
    case "scan-events":
      return { ...s, scan: applyScanEvents(s.scan, action.events) };
    case "meter":
      return { ...s, scan: applyMeter(s.scan, action.side, action.requests, action.rateLimit) };
    case "phase":
      return { ...s, phase: action.phase, phaseDetail: action.detail };
    case "loaded": {
      const selectable = new Set(action.data.repos.filter((r) => r.selectable).map((r) => r.id));
      const next = { ...s, data: action.data, phase: "ready" as const, busy: undefined, selected: new Set([...s.selected].filter((id) => selectable.has(id))) };
      return withList(withList(next, "repos", {}), "keys", {});
    }
    case "tab":
      return switchTab(s, action.tab);
    case "next-tab":
      return switchTab(s, TABS[(TABS.indexOf(s.tab) + action.delta + TABS.length) % TABS.length] as Tab);
    case "move":
      return move(s, action.delta);
    case "move-to":
      return move(s, action.where);
    case "page":
      return move(s, action.delta * Math.max(1, (top(s) ? bodyHeight(s) : listHeight(s)) - 1));
    case "open":
      return s.phase === "ready" ? open(s) : s;
    case "back":
      return back(s);
    case "search-start": {
      const tab = listTab(s);
      return tab ? withList(s, tab, { editing: true }) : s;
    }
    case "search-input": {
      const tab = listTab(s);
      return tab ? withList(s, tab, { text: action.text, cursor: 0, offset: 0 }) : s;
    }
    case "search-end": {
      const tab = listTab(s);
      return tab ? withList(s, tab, action.keep ? { editing: false } : { editing: false, text: "", cursor: 0, offset: 0 }) : s;
    }
    case "sort-next":
    case "sort-reverse": {
      const tab = listTab(s);
      if (!tab) return s;
      const list = s.lists[tab];
      if (action.type === "sort-reverse") return withList(s, tab, { reverse: !list.reverse });
      const sorts: string[] = tab === "repos" ? REPO_SORTS : KEY_SORTS;
      return withList(s, tab, { sort: sorts[(sorts.indexOf(list.sort) + 1) % sorts.length] as ListState["sort"], reverse: false });
    }
    case "help":
      return { ...s, help: !s.help };
    case "quit":
      return { ...s, quit: true };
    case "busy":
      return { ...s, busy: action.text };
    case "message":
      return { ...s, message: { text: action.text, level: action.level ?? "info" } };
    default:
      return actReducer(s, action);
  }
}

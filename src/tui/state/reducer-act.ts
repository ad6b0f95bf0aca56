// The act step as state changes: selecting repos, the PR confirmation (preview → confirm → outcome),
// verify, and the two-step key deactivation. What must happen outside is left in `pending`.
import type { Action, AppState, Overlay } from "./app-state.js";
import { actResultLines, prResultLines } from "./act.js";
import { plural } from "./rows.js";
import { current, top } from "./selectors.js";

const results = (title: string, lines: string[]): Overlay => ({ screen: "results", title, lines, cursor: 0, offset: 0 });

/** Replaces the confirmation (or pushes) with the outcome, so Esc goes back to where the action started. */
function showResults(state: AppState, overlay: Overlay): AppState {
  const t = top(state);
  const base = t && (t.screen === "confirm-prs" || t.screen === "deactivate") ? state.stack.slice(0, -1) : state.stack;
  return { ...state, stack: [...base, overlay], busy: undefined };
}

function selectableRepo(state: AppState, id: string): { ok: true } | { ok: false; why: string } {
  const row = state.data?.repos.find((r) => r.id === id);
  if (!row) return { ok: false, why: `${id} is not in this scan` };
  if (row.selectable) return { ok: true };
  return { ok: false, why: `${id} has no pull request to open (${row.migration}${row.migration === "blocked" ? ": see its detail" : ""})` };
}

export function actReducer(state: AppState, action: Action): AppState {
  switch (action.type) {
    case "toggle-select": {
      const item = current(state);
      if (item?.kind !== "repo" || (top(state) && top(state)?.screen !== "repo")) return state;
      const check = selectableRepo(state, item.id);
      if (!check.ok) return { ...state, message: { text: check.why, level: "warn" } };
      const selected = new Set(state.selected);
      if (selected.has(item.id)) selected.delete(item.id);
      else selected.add(item.id);
      return { ...state, selected };
    }
    case "diff": {
      const item = current(state);
      if (item?.kind !== "repo" || top(state)?.screen === "diff") return state;
      return { ...state, stack: [...state.stack, { screen: "diff", repo: item.id, cursor: 0, offset: 0 }] };
    }
    case "prs-request": {
      if (!state.data || state.busy) return state;
      const item = current(state);
      const repos = state.selected.size > 0 ? [...state.selected].sort() : item?.kind === "repo" ? [item.id] : [];
      if (repos.length === 0) return { ...state, message: { text: "Select repositories with space first (in the Repos list).", level: "warn" } };
      const blocked = repos.map((r) => selectableRepo(state, r)).find((c) => !c.ok);
      if (blocked && !blocked.ok) return { ...state, message: { text: blocked.why, level: "warn" } };
      return {
        ...state,
        stack: [...state.stack, { screen: "confirm-prs", repos, cursor: 0, offset: 0 }],
        busy: `Preparing ${plural(repos.length, "pull request")}…`,
        pending: { kind: "preview", repos },
      };
    }
    case "prs-previewed": {
      const t = top(state);
      return t?.screen === "confirm-prs" ? { ...state, stack: [...state.stack.slice(0, -1), { ...t, previews: action.previews }], busy: undefined } : state;
    }
    case "prs-confirm": {
      const t = top(state);
      if (t?.screen !== "confirm-prs" || !t.previews || state.busy) return state;
      if (state.mode.dryRun) {
        const outcomes = t.previews.map((p) => ({ repo: p.repo, ok: true, action: p.action }));
        return showResults(state, results("Pull requests (dry run)", prResultLines(outcomes, true)));
      }
      return { ...state, busy: `Writing ${plural(t.repos.length, "pull request")}…`, pending: { kind: "publish", repos: t.repos } };
    }
    case "prs-done": {
      const done = new Set(action.outcomes.filter((o) => o.ok).map((o) => o.repo));
      const selected = new Set([...state.selected].filter((r) => !done.has(r)));
      const ok = action.outcomes.filter((o) => o.ok).length;
      return { ...showResults(state, results(`Pull requests: ${ok} of ${action.outcomes.length} written`, prResultLines(action.outcomes, action.dryRun))), selected };
    }
    case "verify":
      if (!state.data || state.busy) return state;
      return { ...state, busy: "Verifying…", pending: { kind: "verify" } };
    case "deactivate-request": {
      if (!state.data || state.busy) return state;
      const ready = state.data.keys.filter((k) => k.migration === "ready");
      if (ready.length === 0) return { ...state, message: { text: "No key is ready to deactivate: merge the PRs, then verify (v).", level: "warn" } };
      const keys = ready.map((k) => ({ accessKeyId: k.id, accountId: k.accountId, userName: k.userName }));
      return { ...state, stack: [...state.stack, { screen: "deactivate", keys, step: 1, cursor: 0, offset: 0 }] };
    }
    case "deactivate-confirm": {
      const t = top(state);
      if (t?.screen !== "deactivate" || state.busy) return state;
      if (t.step === 1) return { ...state, stack: [...state.stack.slice(0, -1), { ...t, step: 2 }] };
      if (state.mode.dryRun) return showResults(state, results("Deactivation (dry run)", ["Dry run: nothing changed. Would deactivate:", ...t.keys.map((k) => `  ${k.accessKeyId} (${k.userName} in ${k.accountId})`)]));
      return { ...state, busy: `Deactivating ${plural(t.keys.length, "key")}…`, pending: { kind: "deactivate", keys: t.keys } };
    }
    case "act-done":
      return showResults(state, results(action.title, actResultLines(action.outcomes)));
    case "act-failed": {
      const t = top(state);
      if (t?.screen === "confirm-prs" && !t.previews) return { ...state, stack: [...state.stack.slice(0, -1), { ...t, error: action.message }], busy: undefined };
      return { ...state, busy: undefined, message: { text: action.message, level: "error" } };
    }
    default:
      return state;
  }
}

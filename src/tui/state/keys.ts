// Key presses to actions: pure, so the whole keyboard map is tested without a terminal.
import type { Action, AppState } from "./app-state.js";
import { listTab, top } from "./selectors.js";

/** The parts of ink's Key this map reads. */
export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  tab?: boolean;
  shift?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  meta?: boolean;
}

export const HELP: Array<[string, string]> = [
  ["↑ ↓  j k", "move"],
  ["PgUp PgDn  g G", "page, top, bottom"],
  ["Enter", "open the repo, key or line under the cursor; confirm"],
  ["Esc  Backspace", "back (clears the search first)"],
  ["1 2 3  Tab", "Overview, Repos, Keys"],
  ["/", "search: words, sev:high conf:medium acct:<id> state:<state> is:selected"],
  ["s  r", "next sort, reverse"],
  ["space", "select the repo (for pull requests)"],
  ["d", "workflow patch and Terraform of the repo"],
  ["p", "open or update pull requests of the selected repos"],
  ["v", "verify: merged, ran on OIDC, key unused since?"],
  ["x", "deactivate the keys verify found ready (asks twice)"],
  ["?", "this help"],
  ["q  Ctrl-C", "quit"],
];

/**
 * A terminal may deliver several key presses in one read ("jjj" when a key repeats, a paste): one
 * press per character, so each is mapped against the state the previous one left.
 */
export function splitPresses(input: string, key: KeyInfo): Array<[string, KeyInfo]> {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl || key.meta) return [[input, key]];
  return chars.map((c) => (CONTROL[c] ? ["", CONTROL[c]] : [c, {}]));
}

// Control characters inside a burst are keys, not text ("\r" is Enter, as ink reads it alone).
const CONTROL: Record<string, KeyInfo> = { "\r": { return: true }, "\n": { return: true }, "\t": { tab: true }, "\x7f": { delete: true }, "\b": { backspace: true } };

export function keyAction(state: AppState, input: string, key: KeyInfo): Action | undefined {
  if (key.ctrl && input === "c") return { type: "quit" };
  const tab = listTab(state);
  const editing = tab ? state.lists[tab].editing : false;
  if (editing && tab) {
    const text = state.lists[tab].text;
    if (key.return) return { type: "search-end", keep: true };
    if (key.escape) return { type: "search-end", keep: false };
    if (key.backspace || key.delete) return { type: "search-input", text: text.slice(0, -1) };
    if (key.upArrow || key.downArrow) return { type: "move", delta: key.upArrow ? -1 : 1 };
    if (input && !key.ctrl && !key.meta && !key.tab) return { type: "search-input", text: text + input };
    return undefined;
  }
  if (state.help) return input === "q" ? { type: "quit" } : { type: "help" };
  if (input === "q") return { type: "quit" };
  if (input === "?") return { type: "help" };
  if (state.phase !== "ready") return undefined;
  if (key.upArrow || input === "k") return { type: "move", delta: -1 };
  if (key.downArrow || input === "j") return { type: "move", delta: 1 };
  if (key.pageUp || (key.ctrl && input === "u")) return { type: "page", delta: -1 };
  if (key.pageDown || (key.ctrl && input === "d")) return { type: "page", delta: 1 };
  if (key.home || input === "g") return { type: "move-to", where: "top" };
  if (key.end || input === "G") return { type: "move-to", where: "bottom" };
  if (key.return) return { type: "open" };
  if (key.escape || key.backspace || key.delete || key.leftArrow) return { type: "back" };
  if (key.tab) return { type: "next-tab", delta: key.shift ? -1 : 1 };
  if (input === "1") return { type: "tab", tab: "overview" };
  if (input === "2") return { type: "tab", tab: "repos" };
  if (input === "3") return { type: "tab", tab: "keys" };
  const overlay = top(state);
  if (input === "y" && overlay?.screen === "confirm-prs") return { type: "prs-confirm" };
  if (input === "y" && overlay?.screen === "deactivate" && overlay.step === 2) return { type: "deactivate-confirm" };
  if (input === "/" && tab) return { type: "search-start" };
  if (input === "s" && tab) return { type: "sort-next" };
  if (input === "r" && tab) return { type: "sort-reverse" };
  if (input === " ") return { type: "toggle-select" };
  if (input === "d") return { type: "diff" };
  if (input === "p") return { type: "prs-request" };
  if (input === "v") return { type: "verify" };
  if (input === "x") return { type: "deactivate-request" };
  // Right opens only lists and details: never a confirmation, which writes.
  if (key.rightArrow && (!overlay || overlay.screen === "repo" || overlay.screen === "key")) return { type: "open" };
  return undefined;
}

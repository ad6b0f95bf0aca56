// The TUI's behaviour as state: key presses in, state out, on the acme scenario at 80×24.
import { describe, expect, it } from "vitest";
import { acmeData, readyState } from "../../../test/support/tui.js";
import type { Action, AppState } from "./app-state.js";
import { keyAction, splitPresses, type KeyInfo } from "./keys.js";
import { listHeight, overlayLines, repoRows } from "./layout.js";
import { reducer } from "./reducer.js";
import { current, top } from "./selectors.js";

const data = acmeData();
const run = (state: AppState, ...actions: Action[]) => actions.reduce(reducer, state);
/** Types keys as a user would: each through the key map, against the state the previous one left. */
const press = (state: AppState, ...keys: Array<string | KeyInfo>) =>
  keys.reduce((s, k) => {
    const action = typeof k === "string" ? keyAction(s, k, {}) : keyAction(s, "", k);
    return action ? reducer(s, action) : s;
  }, state);
const ENTER = { return: true };
const ESC = { escape: true };

describe("lists", () => {
  it("opens on the overview; 2 and 3 switch to the repo and key lists", () => {
    const s = readyState(data);
    expect(s.tab).toBe("overview");
    expect(press(s, "2").tab).toBe("repos");
    expect(press(s, "3").tab).toBe("keys");
    expect(press(s, { tab: true }, { tab: true }).tab).toBe("keys");
  });

  it("moves the cursor with j/k and arrows, keeps it in view, and stops at the ends", () => {
    let s = press(readyState(data), "2");
    const height = listHeight(s);
    expect(height).toBe(19);
    s = run(s, { type: "move", delta: 30 });
    expect(s.lists.repos).toMatchObject({ cursor: 30, offset: 30 - height + 1 });
    s = press(s, "k", { upArrow: true });
    expect(s.lists.repos.cursor).toBe(28);
    s = press(s, "G");
    expect(s.lists.repos).toMatchObject({ cursor: data.repos.length - 1, offset: data.repos.length - height });
    s = press(s, "j", "g");
    expect(s.lists.repos).toMatchObject({ cursor: 0, offset: 0 });
    s = press(s, "k");
    expect(s.lists.repos.cursor).toBe(0);
  });

  it("keeps the cursor visible when the terminal shrinks", () => {
    let s = run(press(readyState(data), "2"), { type: "move", delta: 15 });
    s = run(s, { type: "resize", columns: 60, rows: 12 });
    expect(listHeight(s)).toBe(7);
    expect(s.lists.repos.cursor).toBe(15);
    expect(s.lists.repos.offset).toBe(9);
  });

  it("searches as you type, keeps the filter on Enter, clears it on Esc, then Esc goes back to the overview", () => {
    let s = press(readyState(data), "2", "/", "b", "i", "l", "l");
    expect(s.lists.repos).toMatchObject({ editing: true, text: "bill" });
    expect(repoRows(s).map((r) => r.id)).toEqual(["acme/billing-api"]);
    s = press(s, "q"); // typed, not quit
    expect(s.quit).toBe(false);
    s = press(s, { backspace: true }, ENTER);
    expect(s.lists.repos).toMatchObject({ editing: false, text: "bill" });
    s = press(s, ESC);
    expect(s.lists.repos.text).toBe("");
    expect(repoRows(s)).toHaveLength(data.repos.length);
    expect(press(s, ESC).tab).toBe("overview");
  });

  it("filters by facets typed into the search", () => {
    const s = press(readyState(data), "2", "/", ..."state:blocked".split(""), ENTER);
    expect(repoRows(s).every((r) => r.migration === "blocked")).toBe(true);
    expect(repoRows(s).length).toBe(data.repos.filter((r) => r.migration === "blocked").length);
  });

  it("cycles the sort with s and reverses it with r", () => {
    let s = press(readyState(data), "2", "s");
    expect(s.lists.repos.sort).toBe("name");
    expect(repoRows(s)[0]?.id).toBe([...data.repos].sort((a, b) => a.id.localeCompare(b.id))[0]?.id);
    s = press(s, "r");
    expect(repoRows(s)[0]?.id).toBe([...data.repos].sort((a, b) => b.id.localeCompare(a.id))[0]?.id);
  });
});

describe("detail and diff", () => {
  it("Enter opens the repo under the cursor; Enter on a linked key opens the key; Esc and Backspace go back", () => {
    let s = press(readyState(data), "2", "j", "j");
    const id = repoRows(s)[2]!.id;
    s = press(s, ENTER);
    expect(top(s)).toMatchObject({ screen: "repo", id });
    const lines = overlayLines(s.data, top(s)!, true);
    const keyLine = lines.findIndex((l) => l.target?.screen === "key");
    s = run(s, { type: "move", delta: keyLine });
    s = press(s, ENTER);
    expect(top(s)).toMatchObject({ screen: "key", id: lines[keyLine]!.target!.id });
    s = press(s, { backspace: true });
    expect(top(s)).toMatchObject({ screen: "repo", id });
    s = press(s, ESC);
    expect(s.stack).toHaveLength(0);
    expect(s.tab).toBe("repos");
  });

  it("d shows the diff of the repo under the cursor; j/k scroll it, G goes to its end", () => {
    let s = press(readyState(data), "2", "/", ..."billing".split(""), ENTER, "d");
    expect(top(s)).toMatchObject({ screen: "diff", repo: "acme/billing-api", offset: 0 });
    s = press(s, "j", "j");
    expect(top(s)?.offset).toBe(2);
    s = press(s, "G");
    const count = overlayLines(s.data, top(s)!, true).length;
    expect(top(s)?.offset).toBe(count - (s.size.rows - 1 - 3));
    expect(current(s)).toEqual({ kind: "repo", id: "acme/billing-api" });
  });
});

describe("act", () => {
  const firstSelectable = (s: AppState) => repoRows(s).findIndex((r) => r.selectable);

  it("space selects only repos that have a pull request to open, and says why not", () => {
    let s = press(readyState(data), "2");
    const blocked = repoRows(s).findIndex((r) => r.migration === "blocked");
    s = run(s, { type: "move", delta: blocked });
    s = press(s, " ");
    expect(s.selected.size).toBe(0);
    expect(s.message?.text).toMatch(/has no pull request to open \(blocked/);
    s = run(press(s, "g"), { type: "move", delta: firstSelectable(s) });
    s = press(s, " ");
    expect([...s.selected]).toEqual([repoRows(s)[firstSelectable(s)]!.id]);
    expect(press(s, " ").selected.size).toBe(0);
  });

  it("p asks the publisher for a preview of exactly the selected repos, and a dry run writes nothing", () => {
    let s = press(readyState(data), "2", "/", ..."state:ready".split(""), ENTER);
    const [a, b] = repoRows(s).filter((r) => r.selectable).map((r) => r.id) as [string, string];
    const at = (id: string) => repoRows(s).findIndex((r) => r.id === id);
    s = press(run(s, { type: "move", delta: at(b) }), " ");
    s = press(run(press(s, "g"), { type: "move", delta: at(a) }), " ");
    s = press(s, "p");
    expect(top(s)).toMatchObject({ screen: "confirm-prs", repos: [a, b].sort() });
    expect(s.pending).toEqual({ kind: "preview", repos: [a, b].sort() });
    expect(s.busy).toMatch(/Preparing 2 pull requests/);
    expect(press(s, ENTER).pending).toEqual(s.pending); // nothing to confirm until the preview is there
    const previews = [a, b].map((repo) => ({ repo, action: "create" as const, branch: "keyless/oidc-migration", base: "main", title: "t", body: "b", files: [{ path: ".github/workflows/x.yml", diff: "+a\n" }] }));
    s = run(s, { type: "prs-previewed", previews });
    expect(s.busy).toBeUndefined();
    expect(overlayLines(s.data, top(s)!, true).map((l) => l.text)).toContainEqual(expect.stringMatching(/^DRY RUN/));
    const confirmed = press(s, ENTER);
    expect(confirmed.pending).toEqual(s.pending); // no publish effect in a dry run
    expect(top(confirmed)).toMatchObject({ screen: "results", title: "Pull requests (dry run)" });
    expect(confirmed.stack.map((o) => o.screen)).toEqual(["results"]);
  });

  it("with --apply, y on the confirmation asks for the publish, and the outcome replaces the confirmation", () => {
    let s = press(readyState(data, undefined, { dryRun: false }), "2", "/", ..."billing".split(""), ENTER, " ", "p");
    s = run(s, { type: "prs-previewed", previews: [{ repo: "acme/billing-api", action: "create", branch: "b", base: "main", title: "t", body: "", files: [] }] });
    expect(press(s, { rightArrow: true })).toBe(s); // never confirms by accident
    s = press(s, "y");
    expect(s.pending).toEqual({ kind: "publish", repos: ["acme/billing-api"] });
    s = run(s, { type: "prs-done", dryRun: false, outcomes: [{ repo: "acme/billing-api", ok: true, action: "create", number: 1, url: "http://x/1" }] });
    expect(top(s)).toMatchObject({ screen: "results", title: "Pull requests: 1 of 1 written", lines: ["✓ acme/billing-api: opened #1 http://x/1"] });
    expect(s.selected.size).toBe(0);
    expect(press(s, ESC).stack).toHaveLength(0);
  });

  it("a failed preview shows its error on the confirmation", () => {
    let s = press(readyState(data), "2", "/", ..."billing".split(""), ENTER, "p");
    s = run(s, { type: "act-failed", message: "error[MissingWorkflowPermission]: no workflow scope" });
    expect(overlayLines(s.data, top(s)!, true).map((l) => l.text)).toContainEqual("The preview failed: error[MissingWorkflowPermission]: no workflow scope");
    expect(s.busy).toBeUndefined();
  });

  it("x deactivates only keys verify found ready, after two confirmations", () => {
    expect(press(readyState(data), "x").message?.text).toMatch(/No key is ready to deactivate/);
    const key = data.keys.find((k) => k.migration === "to-retire")!;
    const ready = acmeData({ prs: [], keyEvents: [], scans: [], verifications: [{ accessKeyId: key.id, at: "2026-11-20T13:00:00Z", verdict: "ready", reasons: [] }] });
    let s = press(readyState(ready, undefined, { dryRun: false }), "x");
    expect(top(s)).toMatchObject({ screen: "deactivate", step: 1, keys: [{ accessKeyId: key.id, accountId: key.accountId, userName: key.userName }] });
    s = press(s, ENTER);
    expect(top(s)).toMatchObject({ step: 2 });
    expect(press(s, ENTER).pending).toBeUndefined(); // Enter is not the second confirmation
    s = press(s, "y");
    expect(s.pending).toEqual({ kind: "deactivate", keys: [{ accessKeyId: key.id, accountId: key.accountId, userName: key.userName }] });
  });
});

describe("keys", () => {
  it("q quits, ? toggles the help, and any key closes it", () => {
    const s = readyState(data);
    expect(press(s, "q").quit).toBe(true);
    const help = press(s, "?");
    expect(help.help).toBe(true);
    expect(press(help, "j").help).toBe(false);
  });

  it("splits a burst of characters into single presses", () => {
    expect(splitPresses("jj ", {})).toEqual([["j", {}], ["j", {}], [" ", {}]]);
    expect(splitPresses("ab\r ", {})).toEqual([["a", {}], ["b", {}], ["", { return: true }], [" ", {}]]);
    const s = press(readyState(data), "2");
    const typed = splitPresses("/billing\r ", {}).reduce((st, [i, k]) => reducer(st, keyAction(st, i, k) ?? { type: "busy" }), s);
    expect(typed.lists.repos).toMatchObject({ text: "billing", editing: false });
    expect([...typed.selected]).toEqual(["acme/billing-api"]);
    expect(splitPresses("j", { downArrow: false })).toEqual([["j", { downArrow: false }]]);
  });

  it("ignores navigation while scanning, but not quit", () => {
    const scanning = { ...readyState(data), phase: "scanning" as const };
    expect(keyAction(scanning, "j", {})).toBeUndefined();
    expect(keyAction(scanning, "q", {})).toEqual({ type: "quit" });
  });
});

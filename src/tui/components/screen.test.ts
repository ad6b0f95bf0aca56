// Frames of the screens, rendered from states: what fits at 80×24, what each screen shows, and a
// 10,000-repo list that draws only the rows in view.
import { render } from "ink-testing-library";
import { createElement } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { acmeData, manyRepos, readyState } from "../../../test/support/tui.js";
import type { Action, AppState } from "../state/app-state.js";
import { initialState } from "../state/app-state.js";
import { reducer } from "../state/reducer.js";
import { Screen } from "./screen.js";
import { makeTheme } from "./theme.js";

const theme = makeTheme(true);
const data = acmeData();
const mounted: Array<{ unmount(): void }> = [];
afterEach(() => mounted.splice(0).forEach((m) => m.unmount()));

function frame(state: AppState): string[] {
  const app = render(createElement(Screen, { state, theme }));
  mounted.push(app);
  return (app.lastFrame() ?? "").split("\n");
}
const run = (state: AppState, ...actions: Action[]) => actions.reduce(reducer, state);

describe("at 80×24", () => {
  it("the overview fits: 23 lines, none wider than 80, the dry-run badge in the header", () => {
    const lines = frame(readyState(data));
    expect(lines).toHaveLength(23);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^keyless acme \(sandbox\)\s+1 Overview\s+2 Repos 48\s+3 Keys 48\s+DRY RUN$/);
    expect(lines.join("\n")).toMatch(/Access keys: 48 \(\d+ active, 1 ROOT\)/);
    expect(lines[22]).toMatch(/^Enter\/2 repos · 3 keys/);
  });

  it("the repo list shows a column header, 19 rows with why each is listed, and where the window is", () => {
    const lines = frame(run(readyState(data), { type: "tab", tab: "repos" }));
    expect(lines).toHaveLength(23);
    expect(lines[1]).toMatch(/^\s+sev\s+repository\s+state\s+link\s+why/);
    const rows = lines.slice(2, 21);
    expect(rows.every((l) => /acme\//.test(l))).toBe(true);
    expect(lines.find((l) => l.includes("acme/billing-api"))).toMatch(/○ med\s+acme\/billing-api\s+ready\s+certain 2 usages in release\.yml/);
    expect(lines[21]).toBe("1–19 of 48 repos · sort severity ↓");
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
  });

  it("APPLY replaces DRY RUN when writes are on", () => {
    expect(frame(readyState(data, undefined, { dryRun: false }))[0]).toMatch(/ APPLY$/);
  });

  it("the key detail shows the user, the age, the last use and the repos", () => {
    const id = data.index.linksByRepo.get("acme/billing-api")![0]!.accessKeyId;
    const text = frame(run(readyState(data), { type: "tab", tab: "keys" }, { type: "search-input", text: id }, { type: "open" })).join("\n");
    expect(text).toContain(`${id} · Active`);
    expect(text).toMatch(/IAM user \S+ in \S+ \(\d{12}\)/);
    expect(text).toMatch(/Created \d{4}-\d\d-\d\d \(\d+ days ago\)/);
    expect(text).toContain("  acme/billing-api  certain");
  });

  it("the diff view shows the patch and the Terraform, scrolled by the offset", () => {
    let state = run(readyState(data), { type: "tab", tab: "repos" }, { type: "search-input", text: "billing" }, { type: "diff" });
    const first = frame(state);
    expect(first[1]).toBe("Workflow .github/workflows/release.yml");
    expect(first.some((l) => l.startsWith("+") && !l.startsWith("+++"))).toBe(true);
    state = run(state, { type: "move-to", where: "bottom" });
    expect(frame(state).join("\n")).toMatch(/\n}\n/);
  });

  it("adapts to a resize: 100 columns show more of each reason, 40 rows more rows", () => {
    // (ink-testing-library's terminal is 100 columns wide.)
    const narrow = frame(run(readyState(data), { type: "tab", tab: "repos" }));
    expect(narrow.find((l) => l.includes("acme/billing-api"))).not.toContain("2 keys linked");
    const state = run(readyState(data), { type: "tab", tab: "repos" }, { type: "resize", columns: 100, rows: 40 });
    const lines = frame(state);
    expect(lines).toHaveLength(39);
    expect(lines.find((l) => l.includes("acme/billing-api"))).toContain("2 usages in release.yml · 2 keys linke");
    expect(lines.filter((l) => /acme\//.test(l))).toHaveLength(35);
  });
});

describe("scan", () => {
  it("finished items go to the static log above, the counters per side stay live", () => {
    let state = initialState({ dryRun: true, sandbox: true, source: "acme (sandbox)", color: true }, { columns: 80, rows: 24 }, { aws: true, github: true });
    state = run(
      state,
      { type: "scan-events", events: [{ type: "aws-accounts", total: 3 }, { type: "aws-account-done", accountId: "111111111111", keys: 4, ok: true }, { type: "github-repos", total: 10 }, { type: "github-repo-done", repo: "acme/api", ok: true }] },
      { type: "scan-events", events: [{ type: "aws-account-done", accountId: "222222222222", keys: 0, ok: false, reason: "AccessDenied" }] },
      { type: "meter", side: "github", requests: 12, rateLimit: { remaining: 4988, limit: 5000 } },
    );
    const text = frame(state).join("\n");
    expect(text).toContain("✓ aws    account 111111111111: 4 access keys\n✓ github acme/api\n✗ aws    account 222222222222 not read: AccessDenied\n");
    expect(text).toMatch(/AWS: 2\/3 accounts █+░+\n {2}1 account entered · 4 access keys found · 1 error/);
    expect(text).toMatch(/GitHub: 1\/10 repositories █+░+\n {2}1 repo read · 12 requests · rate limit 4988\/5000 left/);
    expect(text).toContain("errors so far: 1");
  });
});

describe("10,000 repos", () => {
  // Only the rows in view are drawn (a frame of 10,000 rows would take seconds). No timing here: a
  // loaded CI machine made a 250 ms bound flaky; the window's size and position are the behaviour.
  it("renders only the rows in view, wherever the cursor is", () => {
    const big = manyRepos(10_000);
    let state = run(readyState(big), { type: "tab", tab: "repos" });
    let lines = frame(state);
    expect(lines.filter((l) => l.includes("big/repo-"))).toHaveLength(19);
    expect(lines[21]).toBe("1–19 of 10,000 repos · sort severity ↓");
    state = run(state, { type: "move", delta: 5000 });
    lines = frame(state);
    expect(lines.filter((l) => l.includes("big/repo-"))).toHaveLength(19);
    expect(lines[21]).toBe("4,983–5,001 of 10,000 repos · sort severity ↓");
  });
});

// The session: progress events reach the store in batches, the stages' results arrive as data, and
// the reducer's effects run through the act ports (fakes here) with the records read again after.
import { render } from "ink-testing-library";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import type { PrRecord } from "../../state/store.js";
import { App } from "../components/app.js";
import { makeTheme } from "../components/theme.js";
import { initialState } from "../state/app-state.js";
import { NO_RECORDS, type Records } from "../state/model.js";
import { acme, MODE, NOW } from "../../../test/support/tui.js";
import type { Publisher, PrPreview } from "./ports.js";
import { startSession } from "./session.js";
import { createStore } from "./store.js";

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

function fakePublisher(records: Records) {
  const calls: Array<{ op: "preview" | "publish"; repos: string[] }> = [];
  const publisher: Publisher = {
    async preview(repos) {
      calls.push({ op: "preview", repos });
      return repos.map((repo): PrPreview => ({ repo, action: "create", branch: "keyless/oidc-migration", base: "main", title: "Assume AWS roles", body: "why", files: [{ path: ".github/workflows/release.yml", diff: "-key\n+role\n" }] }));
    },
    async publish(repos) {
      calls.push({ op: "publish", repos });
      repos.forEach((repo, i) => records.prs.push({ repo, number: i + 1, url: `http://gh/${repo}/pull/${i + 1}`, branch: "keyless/oidc-migration", baseBranch: "main", headSha: "x", planHash: "h", state: "open", openedAt: NOW.toISOString(), updatedAt: NOW.toISOString() } satisfies PrRecord));
      return repos.map((repo, i) => ({ repo, ok: true, action: "create" as const, number: i + 1, url: `http://gh/${repo}/pull/${i + 1}` }));
    },
  };
  return { publisher, calls };
}

function setup(options: { apply: boolean; failScan?: boolean; publisher?: boolean }) {
  const records: Records = { ...NO_RECORDS, prs: [] };
  const fake = fakePublisher(records);
  const store = createStore(initialState({ ...MODE, dryRun: !options.apply }, { columns: 80, rows: 24 }, { aws: true, github: true }));
  const session = startSession({
    store,
    now: NOW,
    batchMs: 5,
    loadInventory: async (hooks) => {
      hooks.onEvent({ type: "github-repos", total: 2 });
      hooks.onEvent({ type: "github-repo-done", repo: "acme/api", ok: true });
      hooks.onMeter("github", { requests: 3 });
      if (options.failScan) throw Object.assign(new Error("bad credentials"), {});
      return { inventory: acme().results.inventory, plan: acme().results.plan };
    },
    readRecords: () => ({ ...records, prs: [...records.prs] }),
    makePorts: () => (options.publisher === false ? {} : { publisher: fake.publisher }),
  });
  return { store, session, calls: fake.calls };
}

describe("startSession", () => {
  it("feeds scan progress, then the data", async () => {
    const { store, session } = setup({ apply: false });
    await session.ready;
    const s = store.getState();
    expect(s.scan.github).toMatchObject({ total: 2, done: 1, requests: 3 });
    expect(s.scan.log.map((l) => l.text)).toEqual(["acme/api"]);
    expect(s.phase).toBe("ready");
    expect(s.data?.repos.length).toBe(acme().results.data.repos.length);
    session.stop();
  });

  it("reports a failed scan on the scan screen", async () => {
    const { store, session } = setup({ apply: false, failScan: true });
    await session.ready;
    expect(store.getState()).toMatchObject({ phase: "failed", phaseDetail: expect.stringContaining("bad credentials") });
    session.stop();
  });

  it("says an action is unavailable when there is no publisher", async () => {
    const { store, session } = setup({ apply: true, publisher: false });
    await session.ready;
    store.dispatch({ type: "tab", tab: "repos" });
    store.dispatch({ type: "search-input", text: "billing" });
    store.dispatch({ type: "prs-request" });
    await until(() => store.getState().busy === undefined);
    const top = store.getState().stack.at(-1);
    expect(top).toMatchObject({ screen: "confirm-prs", error: "error[Unavailable]: Opening pull requests is not available here. fix: Run keyless pr." });
    session.stop();
  });
});

describe("the app, driven by keys", () => {
  it("selects two repos, shows what will be written, opens exactly those PRs and shows them as pr-open", async () => {
    const { store, session, calls } = setup({ apply: true });
    const app = render(createElement(App, { store, theme: makeTheme(false) }));
    await session.ready;
    const type = async (keys: string) => {
      for (const k of keys) {
        app.stdin.write(k);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    await type("2/state:ready\r");
    const rows = app.lastFrame()!.split("\n").filter((l) => l.startsWith("○"));
    const [a, b] = rows.slice(0, 2).map((l) => /acme\/[\w-]+/.exec(l)![0]) as [string, string];
    await type(" j ");
    await until(() => store.getState().selected.size === 2);
    expect(app.lastFrame()).toMatch(new RegExp(`● \\S+\\s+${a}`));
    await type("p");
    await until(() => store.getState().busy === undefined);
    const confirm = app.lastFrame()!;
    expect(confirm).toContain(`Pull requests for 2 repositories: ${[a, b].sort().join(", ")}`);
    expect(confirm).toContain("Enter or y writes exactly this; Esc cancels.");
    expect(confirm).toContain("  branch keyless/oidc-migration → main");
    expect(calls).toEqual([{ op: "preview", repos: [a, b].sort() }]);
    await type("y");
    await until(() => store.getState().stack.at(-1)?.screen === "results");
    expect(calls[1]).toEqual({ op: "publish", repos: [a, b].sort() });
    expect(app.lastFrame()).toContain(`✓ ${[a, b].sort()[0]}: opened #1`);
    await type("\x1b");
    await until(() => store.getState().stack.length === 0);
    await type("\x1b"); // the filter state:ready no longer matches them: clear it
    await new Promise((r) => setTimeout(r, 50));
    const list = app.lastFrame()!;
    expect(list).toMatch(new RegExp(`${a}\\s+pr-open`));
    expect(list).toMatch(new RegExp(`${b}\\s+pr-open`));
    app.unmount();
    session.stop();
  });
});

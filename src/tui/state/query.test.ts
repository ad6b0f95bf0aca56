import { describe, expect, it } from "vitest";
import type { KeyRow, RepoRow } from "./model.js";
import { parseQuery, visibleRows } from "./query.js";

const repo = (id: string, patch: Partial<RepoRow> = {}): RepoRow => ({
  kind: "repo", id, severity: "medium", accounts: ["111111111111"], migration: "ready", usages: 1, keys: 1, why: "1 usage in deploy.yml", selectable: true, ...patch,
});
const key = (id: string, patch: Partial<KeyRow> = {}): KeyRow => ({
  kind: "key", id, accountId: "111111111111", accountName: "prod", userName: "ci", status: "Active", ageDays: 100, severity: "medium", repos: 1, migration: "to-retire", why: "", ...patch,
});

const none = new Set<string>();
const q = (text: string, sort: string = "severity", selected: ReadonlySet<string> = none) => ({ text, sort: sort as "severity", reverse: false, selected });

describe("parseQuery", () => {
  it("reads facets and leaves the rest as words", () => {
    expect(parseQuery("sev:high conf:medium acct:prod state:pr deploy is:selected")).toEqual({
      words: ["deploy"], minSeverity: "high", minConfidence: "medium", account: "prod", state: "pr", selectedOnly: true,
    });
  });

  it("treats an unknown facet value as a word", () => {
    expect(parseQuery("sev:urgent").words).toEqual(["sev:urgent"]);
  });
});

describe("visibleRows", () => {
  const rows = [
    repo("acme/api", { severity: "high", confidence: "certain", accounts: ["222222222222"] }),
    repo("acme/web", { severity: "low", confidence: "low", why: "2 usages in release.yml" }),
    repo("acme/docs", { severity: "none", migration: "clean", why: "no static keys" }),
    repo("acme/ops", { severity: "critical", confidence: "medium", migration: "blocked" }),
  ];

  it("sorts by severity, then confidence, then name by default", () => {
    expect(visibleRows(rows, q("")).map((r) => r.id)).toEqual(["acme/ops", "acme/api", "acme/web", "acme/docs"]);
  });

  it("filters by at-least severity and confidence, account, state and words", () => {
    expect(visibleRows(rows, q("sev:high")).map((r) => r.id)).toEqual(["acme/ops", "acme/api"]);
    expect(visibleRows(rows, q("conf:medium")).map((r) => r.id)).toEqual(["acme/ops", "acme/api"]);
    expect(visibleRows(rows, q("acct:2222")).map((r) => r.id)).toEqual(["acme/api"]);
    expect(visibleRows(rows, q("state:block")).map((r) => r.id)).toEqual(["acme/ops"]);
    expect(visibleRows(rows, q("RELEASE")).map((r) => r.id)).toEqual(["acme/web"]);
  });

  it("filters to the selection with is:selected", () => {
    expect(visibleRows(rows, q("is:selected", "name", new Set(["acme/web"]))).map((r) => r.id)).toEqual(["acme/web"]);
  });

  it("sorts keys by age, oldest first, and by account name", () => {
    const keys = [key("AKIA1", { ageDays: 10 }), key("AKIA2", { ageDays: 900, accountName: "dev" }), key("AKIA3", { ageDays: 300 })];
    expect(visibleRows(keys, q("", "age")).map((k) => k.id)).toEqual(["AKIA2", "AKIA3", "AKIA1"]);
    expect(visibleRows(keys, q("acct:dev")).map((k) => k.id)).toEqual(["AKIA2"]);
  });

  it("reverses on request, and returns the same array for the same query (no re-sort per key press)", () => {
    const forward = visibleRows(rows, q("", "name"));
    expect(visibleRows(rows, { ...q("", "name"), reverse: true }).map((r) => r.id)).toEqual([...forward].reverse().map((r) => r.id));
    const a = visibleRows(rows, q("acme"));
    expect(visibleRows(rows, q("acme"))).toBe(a);
  });
});

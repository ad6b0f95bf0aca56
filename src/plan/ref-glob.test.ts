// GitHub's filter patterns as its cheat sheet describes them, matched without backtracking, and the
// containment test that decides whether an IAM pattern may stand for a filter.
import { describe, expect, it } from "vitest";
import { filterContains, filterListMatches, filterMatches, filterToIam } from "./ref-glob.js";

describe("filterMatches (GitHub's filter cheat sheet)", () => {
  it.each([
    ["feature/*", "feature/my-branch", true],
    ["feature/*", "feature/your/branch", false],
    ["feature/**", "feature/your/branch", true],
    ["*", "main", true],
    ["*", "releases/10", false],
    ["**", "releases/10", true],
    ["main", "main-x", false],
    ["v[12].[0-9]+.[0-9]+", "v1.10.1", true],
    ["v[12].[0-9]+.[0-9]+", "v2.0.0", true],
    ["v[12].[0-9]+.[0-9]+", "v3.0.0", false],
    ["v[12].[0-9]+.[0-9]+", "v1..1", false],
    ["*.jsx?", "page.js", true],
    ["*.jsx?", "page.jsx", true],
    ["*.jsx?", "page.jsxx", false],
    ["c\\+\\+", "c++", true],
    ["c++", "ccc", true],
    ["**-prod", "eu/x-prod", true],
    ["*-prod", "eu/x-prod", false],
  ])("%s on %s is %s", (pattern, value, expected) => {
    expect(filterMatches(pattern, value)).toBe(expected);
  });

  it("finishes at once on patterns that make a backtracking regex run for ever", () => {
    expect(filterMatches(`${"*a".repeat(40)}*b`, `${"a".repeat(200)}c`)).toBe(false);
    expect(filterMatches(`${"**a".repeat(40)}**b`, `${"a".repeat(200)}b`)).toBe(true);
    expect(filterMatches(`${"a?".repeat(40)}${"a".repeat(40)}`, "a".repeat(40))).toBe(true);
  });
});

describe("filter lists, in GitHub's order", () => {
  it("lets a later ! exclude and a later positive pattern bring back", () => {
    expect(filterListMatches(["release/**", "!release/**-alpha"], "release/1-alpha")).toBe(false);
    expect(filterListMatches(["release/**", "!release/**-alpha"], "release/1")).toBe(true);
    expect(filterListMatches(["**", "!old", "old"], "old")).toBe(true);
  });
});

describe("filterContains: every ref the IAM pattern admits is one the filter runs on", () => {
  it.each([
    ["refs/heads/release/**", "refs/heads/release/*", true],
    ["refs/heads/release/*", "refs/heads/release/*", false],
    ["refs/heads/**-prod", "refs/heads/eu*-prod", true],
    ["refs/heads/*-prod", "refs/heads/eu*-prod", false],
    ["refs/tags/v[0-9]+", "refs/tags/v*", false],
    ["refs/heads/main", "refs/heads/main", true],
  ])("%s contains %s: %s", (filter, iam, expected) => {
    expect(filterContains(filter, iam)).toBe(expected);
  });

  it("writes a filter as IAM text no narrower than the filter", () => {
    expect(filterToIam("refs/tags/v[12].[0-9]+")).toBe("refs/tags/v*.*");
    expect(filterToIam("refs/heads/release/**")).toBe("refs/heads/release/*");
    // A literal * (escaped) is in no ref name: no IAM text stands for it.
    expect(filterToIam("refs/heads/a\\*b")).toBeUndefined();
  });
});

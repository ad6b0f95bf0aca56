import { describe, expect, it } from "vitest";
import { wildcardMatch } from "./wildcard.js";

describe("wildcardMatch", () => {
  it("matches IAM's * and ? and nothing else", () => {
    expect(wildcardMatch("sts:AssumeRole*", "sts:AssumeRoleWithWebIdentity")).toBe(true);
    expect(wildcardMatch("repo:acme/*:ref:refs/heads/main", "repo:acme/web:ref:refs/heads/main")).toBe(true);
    expect(wildcardMatch("repo:acme/*", "repo:acme")).toBe(false);
    expect(wildcardMatch("a?c", "abc")).toBe(true);
    expect(wildcardMatch("a?c", "ac")).toBe(false);
    expect(wildcardMatch("a?c", "a?c", { question: false })).toBe(true);
    expect(wildcardMatch("a?c", "abc", { question: false })).toBe(false);
    expect(wildcardMatch("a.c", "abc")).toBe(false);
    expect(wildcardMatch("*", "")).toBe(true);
    expect(wildcardMatch("", "")).toBe(true);
    expect(wildcardMatch("**a", "ba")).toBe(true);
  });

  it("is case-sensitive unless asked", () => {
    expect(wildcardMatch("STS:*", "sts:AssumeRole")).toBe(false);
    expect(wildcardMatch("STS:*", "sts:AssumeRole", { ignoreCase: true })).toBe(true);
  });

  it("answers at once where a backtracking regex would run for hours", () => {
    // `^.*a.*a…b$` against 60 a's backtracks through C(60, 40) paths; this loop is 41 × 60 steps at worst.
    const pattern = `${"*a".repeat(40)}*b`;
    expect(wildcardMatch(pattern, "a".repeat(60))).toBe(false);
    expect(wildcardMatch(pattern, `${"a".repeat(60)}b`)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { applyMeter, applyScanEvents, errorsSoFar, initialScan } from "./scan.js";

describe("applyScanEvents", () => {
  it("counts accounts entered, keys found and repos read per side, and logs each finished item once", () => {
    let s = initialScan({ aws: true, github: true });
    s = applyScanEvents(s, [
      { type: "phase", side: "aws", phase: "organization" },
      { type: "aws-accounts", total: 3 },
      { type: "aws-account-done", accountId: "111111111111", keys: 2, ok: true },
      { type: "github-repos", total: 2 },
      { type: "github-repo-done", repo: "acme/api", ok: true },
    ]);
    s = applyScanEvents(s, [
      { type: "aws-account-done", accountId: "222222222222", keys: 0, ok: false, reason: "AccessDenied" },
      { type: "skip", side: "github", target: "acme/web/.github/workflows/x.yml", code: "InvalidYaml", reason: "bad indentation" },
      { type: "github-repo-done", repo: "acme/web", ok: false, reason: "x.yml: bad indentation" },
    ]);
    expect(s.aws).toMatchObject({ total: 3, done: 2, failed: 1, keys: 2, phase: "organization" });
    expect(s.github).toMatchObject({ total: 2, done: 2, failed: 1, skipped: 1 });
    expect(errorsSoFar(s)).toBe(2);
    expect(s.log.map((l) => l.text)).toEqual([
      "account 111111111111: 2 access keys",
      "acme/api",
      "account 222222222222 not read: AccessDenied",
      "acme/web/.github/workflows/x.yml skipped (InvalidYaml): bad indentation",
    ]);
    expect(s.log.map((l) => l.id)).toEqual([0, 1, 2, 3]);
  });

  it("shows a rate-limit wait until the next item finishes", () => {
    let s = applyScanEvents(initialScan({ aws: false, github: true }), [{ type: "wait", side: "github", seconds: 60, reason: "secondary rate limit" }]);
    expect(s.github.waiting).toEqual({ seconds: 60, reason: "secondary rate limit" });
    s = applyScanEvents(s, [{ type: "github-repo-done", repo: "acme/api", ok: true }]);
    expect(s.github.waiting).toBeUndefined();
  });

  it("keeps a wait for the rate-limit reset until an answer from the next window comes, with its end and the ETA", () => {
    let s = applyScanEvents(initialScan({ aws: false, github: true }), [
      { type: "eta", side: "github", at: "2026-11-20T15:30:00.000Z" },
      { type: "wait", side: "github", seconds: 1800, reason: "GitHub REST rate limit used up", until: "2026-11-20T13:00:01.000Z" },
      { type: "github-repo-done", repo: "acme/api", ok: true },
      { type: "rate", side: "github", resource: "core", limit: 5000, remaining: 0, resetAt: "2026-11-20T13:00:00.000Z", requests: 5000 },
    ]);
    expect(s.github.waiting).toEqual({ seconds: 1800, reason: "GitHub REST rate limit used up", until: "2026-11-20T13:00:01.000Z" });
    expect(s.github.eta).toBe("2026-11-20T15:30:00.000Z");
    s = applyScanEvents(s, [{ type: "rate", side: "github", resource: "core", limit: 5000, remaining: 4999, resetAt: "2026-11-20T14:00:02.000Z", requests: 5001 }]);
    expect(s.github.waiting).toBeUndefined();
  });

  it("keeps the same log array when nothing finished (the static log does not re-render)", () => {
    const s = initialScan({ aws: true, github: true });
    expect(applyScanEvents(s, [{ type: "phase", side: "github", phase: "repositories" }]).log).toBe(s.log);
  });

  it("records requests and the rate limit GitHub reports", () => {
    const s = applyMeter(initialScan({ aws: true, github: true }), "github", 42, { remaining: 4958, limit: 5000 });
    expect(s.github).toMatchObject({ requests: 42, rateLimit: { remaining: 4958, limit: 5000 } });
  });
});

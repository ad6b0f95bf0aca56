// The token cache keyless gives @octokit/auth-app forgets a token before its expires_at, so a long
// scan gets a new one instead of a 401.
import { describe, expect, it } from "vitest";
import { expiringTokenCache } from "./app-auth.js";

describe("expiringTokenCache", () => {
  it("hands a token back until its margin before expires_at, then nothing", () => {
    let now = Date.parse("2026-12-07T10:00:00Z");
    const cache = expiringTokenCache(60_000, () => now);
    cache.set("42", "ghs_a|2026-12-07T10:00:00.000Z|2026-12-07T11:00:00Z|all|contents!");
    expect(cache.get("42")).toMatch(/^ghs_a\|/);
    now = Date.parse("2026-12-07T10:58:59Z");
    expect(cache.get("42")).toMatch(/^ghs_a\|/);
    now = Date.parse("2026-12-07T10:59:00Z");
    expect(cache.get("42")).toBe("");
    expect(cache.get("unknown")).toBe("");
  });
});

import { describe, expect, it } from "vitest";
import { deletionFor } from "./deletion.js";
import { verdictFor } from "./key-verdict.js";
import { keyOf, provenRepo, reposOf, run } from "../../test/support/verify.js";
import type { KeyEvidence } from "./types.js";

const DEACTIVATED = { accessKeyId: "AKIAAAAAAAAAAAAAAAAA", accountId: "222222222222", action: "deactivated" as const, at: "2026-11-21T09:00:00Z" };
const AFTER_QUIET = new Date("2026-11-28T09:00:00Z");

function decide(key: KeyEvidence, fields: { now?: Date; failedRuns?: Parameters<typeof deletionFor>[0]["failedRuns"]; repo?: ReturnType<typeof provenRepo> } = {}) {
  const verdict = verdictFor(key, reposOf(fields.repo ?? provenRepo()), { minConfidence: "high" });
  return deletionFor({ verdict, key, failedRuns: fields.failedRuns ?? [], now: fields.now ?? AFTER_QUIET, waitDays: 7 });
}

const inactive = (fields: Partial<KeyEvidence> = {}) => keyOf({ state: { status: "Inactive" }, events: [DEACTIVATED], ...fields });

describe("deletionFor", () => {
  it("deletes a key keyless deactivated once the quiet period is over and nothing failed", () => {
    expect(decide(inactive())).toEqual({ action: "delete", reasons: ["inactive since 2026-11-21 09:00Z (7-day quiet period over), no failed run and no use since"] });
  });

  it("holds it during the quiet period, saying when it ends", () => {
    const d = decide(inactive(), { now: new Date("2026-11-25T09:00:00Z") });
    expect(d).toEqual({ action: "hold", reasons: ["inactive since 2026-11-21 09:00Z: the 7-day quiet period ends 2026-11-28 09:00Z (3 day(s) left)"] });
  });

  it("skips active keys, deleted keys, and keys keyless did not deactivate (or reactivated)", () => {
    expect(decide(keyOf()).action).toBe("skip");
    expect(decide(keyOf({ state: { status: "missing" } })).action).toBe("skip");
    expect(decide(keyOf({ state: { status: "Inactive" } }))).toMatchObject({ action: "skip", reasons: [expect.stringContaining("keyless did not deactivate it")] });
    const undone = inactive({ events: [DEACTIVATED, { ...DEACTIVATED, action: "reactivated", at: "2026-11-22T00:00:00Z" }] });
    expect(decide(undone).action).toBe("skip");
  });

  it("holds when IAM cannot be read", () => {
    expect(decide(keyOf({ state: { status: "unknown", error: "Throttled" } }))).toMatchObject({ action: "hold", reasons: [expect.stringContaining("Throttled")] });
  });

  it("never deletes a key used outside GitHub, linked below the confidence, or linked to an unmigrated repository", () => {
    expect(decide(inactive({ plan: { ...inactive().plan, disposition: "keep-used-outside-github" } }))).toMatchObject({ action: "hold", reasons: [expect.stringContaining("KL110")] });
    expect(decide(inactive({ links: [{ repo: "acme/api", confidence: "low" }] }))).toMatchObject({ action: "hold", reasons: [expect.stringContaining("below --confidence high")] });
    const unmerged = provenRepo({ pr: { number: 7, url: "u", state: "open", baseBranch: "main" } });
    expect(decide(inactive(), { repo: unmerged })).toMatchObject({ action: "hold", reasons: [expect.stringContaining("waits for #7")] });
  });

  it("holds when a run failed after the deactivation", () => {
    const failed = [{ ...run({ id: 5, conclusion: "failure", createdAt: "2026-11-23T00:00:00Z", url: "https://x/5" }), repo: "acme/api" }];
    const d = decide(inactive(), { failedRuns: failed });
    expect(d.action).toBe("hold");
    expect(d.reasons[0]).toBe("1 run(s) failed since it was deactivated (latest https://x/5 at 2026-11-23 00:00Z): check they did not need the key, or retire --reactivate AKIAAAAAAAAAAAAAAAAA");
  });

  it("holds when CloudTrail or IAM saw the key used after the deactivation", () => {
    const tried = decide(inactive({ uses: [{ at: "2026-11-24T00:00:00Z", what: "s3:GetObject from 9.9.9.9" }] }));
    expect(tried).toMatchObject({ action: "hold", reasons: ["CloudTrail shows 1 attempt(s) to use it since it was deactivated, the latest s3:GetObject from 9.9.9.9 at 2026-11-24 00:00Z"] });
    expect(decide(inactive({ lastUsed: "2026-11-22T00:00:00Z" }))).toMatchObject({ action: "hold", reasons: ["IAM reports it used 2026-11-22 00:00Z, after it was deactivated"] });
  });
});

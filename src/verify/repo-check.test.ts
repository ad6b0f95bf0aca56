import { describe, expect, it } from "vitest";
import { checkRepo } from "./repo-check.js";
import { MERGED_AT, provenRepo, run } from "../../test/support/verify.js";

describe("checkRepo", () => {
  it("verifies a merged repo with a successful run and every role assumed since the merge", () => {
    const c = checkRepo(provenRepo());
    expect(c).toMatchObject({ repo: "acme/api", state: "verified", mergedAt: MERGED_AT });
    expect(c.reason).toBe("acme/api: #7 merged 2026-11-20 12:00Z; run 101 succeeded 2026-11-20 12:05Z; 2 role(s) assumed through OIDC from 2026-11-20 12:06Z");
  });

  it("blocks a repo the plan does not know, or blocks, or skips", () => {
    expect(checkRepo(provenRepo({ plan: undefined }))).toMatchObject({ state: "blocked", reason: expect.stringContaining("not in the plan") });
    const blocked = checkRepo(provenRepo({ plan: { status: "blocked", issues: [{ severity: "blocker", code: "UnknownTargetAccount", message: "No target account." }, { severity: "warning", code: "W", message: "w" }] } }));
    expect(blocked).toMatchObject({ state: "blocked", reason: "acme/api is blocked in the plan (UnknownTargetAccount: No target account.); fix it and re-plan" });
    expect(checkRepo(provenRepo({ plan: { status: "blocked", issues: [] } })).reason).toBe("acme/api is blocked in the plan; fix it and re-plan");
    expect(checkRepo(provenRepo({ plan: { status: "skipped", issues: [] } }))).toMatchObject({ state: "blocked", reason: expect.stringContaining("skipped in keyless.config.yaml") });
  });

  it("counts a repo whose workflows do not use the key as nothing to verify", () => {
    expect(checkRepo(provenRepo({ plan: { status: "archived", issues: [] }, pr: undefined }))).toMatchObject({ state: "verified", reason: expect.stringContaining("(archived)") });
  });

  it("waits for the pull request to exist and to be merged", () => {
    expect(checkRepo(provenRepo({ pr: undefined }))).toMatchObject({ state: "waiting", reason: "acme/api: waits for its pull request (keyless pr --apply)" });
    const open = checkRepo(provenRepo({ pr: { number: 7, url: "https://github.com/acme/api/pull/7", state: "open", baseBranch: "main" } }));
    expect(open).toMatchObject({ state: "waiting", reason: "acme/api: waits for #7 to be merged (https://github.com/acme/api/pull/7)" });
    const noTime = checkRepo(provenRepo({ pr: { number: 7, url: "u", state: "merged", baseBranch: "main" } }));
    expect(noTime).toMatchObject({ state: "waiting", reason: expect.stringContaining("when #7 was merged") });
  });

  it("blocks a pull request the owners closed unmerged", () => {
    expect(checkRepo(provenRepo({ pr: { number: 7, url: "u", state: "closed", baseBranch: "main" } }))).toMatchObject({ state: "blocked", reason: expect.stringContaining("opted out") });
    expect(checkRepo(provenRepo({ pr: { number: 7, url: "u", state: "merged", baseBranch: "main", mergedAt: MERGED_AT, optedOut: true } })).state).toBe("blocked");
  });

  it("blocks when GitHub or CloudTrail could not be asked, rather than reading silence as success", () => {
    expect(checkRepo(provenRepo({ errors: ["runs: HTTP 403"] }))).toMatchObject({ state: "blocked", reason: "acme/api: could not check (runs: HTTP 403)" });
  });

  it("waits for a successful run after the merge; runs from before the merge do not count", () => {
    const before = checkRepo(provenRepo({ runs: [run({ createdAt: "2026-11-20T11:59:59Z" })] }));
    expect(before).toMatchObject({ state: "waiting", reason: "acme/api: waits for a successful run of the migrated workflows since #7 merged 2026-11-20 12:00Z" });
    expect(checkRepo(provenRepo({ runs: [run({ status: "in_progress", conclusion: null }), run({ id: 102, conclusion: "cancelled" })] })).state).toBe("waiting");
  });

  it("blocks when runs failed after the merge and none succeeded, naming the latest", () => {
    const c = checkRepo(
      provenRepo({
        runs: [
          run({ id: 1, conclusion: "failure", createdAt: "2026-11-20T12:01:00Z", url: "https://x/1" }),
          run({ id: 2, conclusion: "timed_out", createdAt: "2026-11-20T12:03:00Z", url: "https://x/2" }),
        ],
      }),
    );
    expect(c).toMatchObject({ state: "blocked", mergedAt: MERGED_AT });
    expect(c.reason).toContain("2 run(s) failed since #7 merged 2026-11-20 12:00Z and none succeeded (latest https://x/2)");
  });

  it("a success outweighs earlier failures", () => {
    expect(checkRepo(provenRepo({ runs: [run({ id: 1, conclusion: "failure" }), run({ id: 2, createdAt: "2026-11-20T13:00:00Z" })] })).state).toBe("verified");
  });

  it("waits for CloudTrail to show each role assumed after the merge", () => {
    const [entry, deploy] = provenRepo().roles;
    const c = checkRepo(provenRepo({ roles: [entry!, { ...deploy!, assumedAt: undefined }] }));
    expect(c).toMatchObject({ state: "waiting", reason: "acme/api: waits for CloudTrail to show the chained AssumeRole into arn:aws:iam::222222222222:role/keyless/gha-api-deploy since #7 merged 2026-11-20 12:00Z" });
    const stale = checkRepo(provenRepo({ roles: [{ ...entry!, assumedAt: "2026-11-19T00:00:00Z" }] }));
    expect(stale.reason).toContain("AssumeRoleWithWebIdentity into arn:aws:iam::111111111111:role/keyless/gha-api-main");
  });

  it("blocks a ready repo with no role to look for", () => {
    expect(checkRepo(provenRepo({ roles: [] }))).toMatchObject({ state: "blocked", reason: expect.stringContaining("no role") });
  });

  it("compares instants, not strings (milliseconds or not)", () => {
    const c = checkRepo(provenRepo({ pr: { number: 7, url: "u", state: "merged", baseBranch: "main", mergedAt: "2026-11-20T12:05:00.000Z" }, runs: [run({ createdAt: "2026-11-20T12:05:00Z" })], roles: [{ arn: "a", via: "web-identity", assumedAt: "2026-11-20T12:05:00Z" }] }));
    expect(c.state).toBe("verified");
  });
});

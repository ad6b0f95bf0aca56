import { describe, expect, it } from "vitest";
import { verdictFor } from "./key-verdict.js";
import { keyOf, provenRepo, reposOf } from "../../test/support/verify.js";
import type { VerifyPolicy } from "./types.js";

const HIGH: VerifyPolicy = { minConfidence: "high" };
const DEACTIVATED = { accessKeyId: "AKIAAAAAAAAAAAAAAAAA", accountId: "222222222222", action: "deactivated" as const, at: "2026-11-21T09:00:00Z" };

describe("verdictFor", () => {
  it("is ready when its one repository is verified and the key was not used since the merge", () => {
    const v = verdictFor(keyOf(), reposOf(provenRepo()), HIGH);
    expect(v).toMatchObject({ verdict: "ready", problems: [], lastMergeAt: "2026-11-20T12:00:00Z" });
    expect(v.reasons).toEqual([expect.stringMatching(/^acme\/api: #7 merged/)]);
  });

  it("readies a shared key only when every repository that uses it migrated", () => {
    const key = keyOf({ links: [{ repo: "acme/api", confidence: "certain" }, { repo: "acme/web", confidence: "high" }] }, { repos: ["acme/api", "acme/web"] });
    const web = provenRepo({ repo: "acme/web", pr: { number: 3, url: "https://github.com/acme/web/pull/3", state: "open", baseBranch: "main" } });
    const waiting = verdictFor(key, reposOf(provenRepo(), web), HIGH);
    expect(waiting.verdict).toBe("waiting");
    expect(waiting.reasons).toEqual(["acme/web: waits for #3 to be merged (https://github.com/acme/web/pull/3)"]);
    expect(waiting.lastMergeAt).toBeUndefined();

    const later = { ...web.pr!, state: "merged" as const, mergedAt: "2026-11-20T12:03:00Z" };
    const ready = verdictFor(key, reposOf(provenRepo(), { ...web, pr: later }), HIGH);
    expect(ready.verdict).toBe("ready");
    expect(ready.reasons[0]).toBe("all 2 repositories that used it run on OIDC");
    expect(ready.lastMergeAt).toBe("2026-11-20T12:03:00Z");
  });

  it("ignores linked repositories whose workflows never used it (archived, secrets only)", () => {
    const key = keyOf({ links: [{ repo: "acme/api", confidence: "certain" }, { repo: "acme/old", confidence: "certain" }] }, { repos: ["acme/api", "acme/old"] });
    const old = provenRepo({ repo: "acme/old", plan: { status: "archived", issues: [] }, pr: undefined });
    const v = verdictFor(key, reposOf(provenRepo(), old), HIGH);
    expect(v.verdict).toBe("ready");
    expect(v.repos.map((r) => r.repo)).toEqual(["acme/api"]);
  });

  it("never readies a key used outside GitHub, even when its repository migrated", () => {
    const v = verdictFor(keyOf({}, { disposition: "keep-used-outside-github" }), reposOf(provenRepo()), HIGH);
    expect(v.verdict).toBe("blocked");
    expect(v.reasons[0]).toContain("used outside GitHub (KL110)");
  });

  it("blocks root keys, keys no migrating workflow uses, and keys whose repositories left the plan", () => {
    expect(verdictFor(keyOf({}, { userName: "<root_account>" }), reposOf(provenRepo()), HIGH).reasons[0]).toContain("root access key");
    const notLinked = verdictFor(keyOf({}, { disposition: "not-linked", repos: [] }), reposOf(), HIGH);
    expect(notLinked).toMatchObject({ verdict: "blocked", reasons: [expect.stringContaining("out of keyless's reach")] });
    const gone = verdictFor(keyOf({}, { repos: ["acme/gone"] }), reposOf(), HIGH);
    expect(gone).toMatchObject({ verdict: "blocked", reasons: ["no repository that uses it is in the plan"] });
  });

  it("never readies a key linked below the configured confidence", () => {
    const key = keyOf({ links: [{ repo: "acme/api", confidence: "medium" }] });
    const v = verdictFor(key, reposOf(provenRepo()), HIGH);
    expect(v.verdict).toBe("blocked");
    expect(v.reasons[0]).toBe("linked with medium confidence to acme/api, below --confidence high: confirm the link with a mapping in keyless.config.yaml");
    expect(verdictFor(key, reposOf(provenRepo()), { minConfidence: "medium" }).verdict).toBe("ready");
  });

  it("lists what blocks before what it waits for", () => {
    const key = keyOf({}, { repos: ["acme/api", "acme/web"] });
    const web = provenRepo({ repo: "acme/web", pr: undefined });
    const v = verdictFor(key, reposOf(provenRepo({ plan: { status: "skipped", issues: [] } }), web), HIGH);
    expect(v.verdict).toBe("blocked");
    expect(v.reasons).toEqual([expect.stringContaining("acme/api is skipped"), "acme/web: waits for its pull request (keyless pr --apply)"]);
  });

  it("blocks when IAM or CloudTrail could not be read, rather than reading silence as no use", () => {
    const v = verdictFor(keyOf({ state: { status: "unknown", error: "AccessDenied: not authorized" } }), reposOf(provenRepo()), HIGH);
    expect(v).toMatchObject({ verdict: "blocked", reasons: ["could not read its state in IAM (AccessDenied: not authorized)"] });
    const trail = verdictFor(keyOf({ errors: ["CloudTrail uses of the key: AccessDenied"] }), reposOf(provenRepo()), HIGH);
    expect(trail).toMatchObject({ verdict: "blocked", reasons: ["could not check: CloudTrail uses of the key: AccessDenied"] });
  });

  it("blocks a key IAM or CloudTrail saw used after the last merge", () => {
    const byIam = verdictFor(keyOf({ lastUsed: "2026-11-20T12:30:00Z" }), reposOf(provenRepo()), HIGH);
    expect(byIam).toMatchObject({ verdict: "blocked", reasons: ["IAM reports it used 2026-11-20 12:30Z, after the last merge (2026-11-20 12:00Z): something still uses it"] });
    const uses = [
      { at: "2026-11-20T11:00:00Z", what: "s3:PutObject from 1.2.3.4" },
      { at: "2026-11-20T12:10:00Z", what: "s3:PutObject from 4.3.2.1" },
      { at: "2026-11-20T12:20:00Z", what: "sts:GetCallerIdentity from 4.3.2.1" },
    ];
    const byTrail = verdictFor(keyOf({ uses }), reposOf(provenRepo()), HIGH);
    expect(byTrail.reasons).toEqual(["CloudTrail shows 2 use(s) after the last merge (2026-11-20 12:00Z), the latest sts:GetCallerIdentity from 4.3.2.1 at 2026-11-20 12:20Z"]);
    expect(verdictFor(keyOf({ uses: uses.slice(0, 1) }), reposOf(provenRepo()), HIGH).verdict).toBe("ready");
  });

  it("readies an unused key with nothing to migrate, unless it was used again since the audit", () => {
    const unused = keyOf({ links: [], lastUsed: undefined, lastUsedAtAudit: undefined }, { disposition: "delete-unused", repos: [] });
    expect(verdictFor(unused, reposOf(), HIGH)).toMatchObject({ verdict: "ready", reasons: ["unused (KL104), never used: nothing to migrate"] });
    const old = { ...unused, lastUsed: "2026-01-01T00:00:00Z", lastUsedAtAudit: "2026-01-01T00:00:00Z" };
    expect(verdictFor(old, reposOf(), HIGH).reasons).toEqual(["unused (KL104), last used 2026-01-01 00:00Z: nothing to migrate"]);
    const again = verdictFor({ ...old, lastUsed: "2026-11-20T10:00:00Z" }, reposOf(), HIGH);
    expect(again).toMatchObject({ verdict: "blocked", reasons: [expect.stringContaining("used again since the audit")] });
  });

  it("is done once deleted or deactivated, and says by whom", () => {
    const deleted = verdictFor(keyOf({ state: { status: "missing" }, events: [DEACTIVATED, { ...DEACTIVATED, action: "deleted", at: "2026-11-28T10:00:00Z" }] }), reposOf(provenRepo()), HIGH);
    expect(deleted).toMatchObject({ verdict: "done", reasons: ["deleted by keyless 2026-11-28 10:00Z"] });
    expect(verdictFor(keyOf({ state: { status: "missing" } }), reposOf(provenRepo()), HIGH).reasons).toEqual(["no longer exists in IAM (deleted outside keyless)"]);
    const inactive = verdictFor(keyOf({ state: { status: "Inactive" }, events: [DEACTIVATED] }), reposOf(provenRepo()), HIGH);
    expect(inactive).toMatchObject({ verdict: "done", reasons: ["deactivated by keyless 2026-11-21 09:00Z"], problems: [], deactivatedAt: DEACTIVATED.at });
    const foreign = verdictFor(keyOf({ state: { status: "Inactive" } }), reposOf(provenRepo()), HIGH);
    expect(foreign.reasons[0]).toContain("not deactivated by keyless");
  });

  it("counts uses after keyless deactivated it as attempts for retire, not as uses after the merge", () => {
    const key = keyOf({ state: { status: "Inactive" }, events: [DEACTIVATED], uses: [{ at: "2026-11-22T00:00:00Z", what: "s3:ListBuckets from 1.2.3.4" }] });
    expect(verdictFor(key, reposOf(provenRepo()), HIGH).problems).toEqual([]);
  });

  it("forgets a deactivation that a reactivation undid", () => {
    const events = [DEACTIVATED, { ...DEACTIVATED, action: "reactivated" as const, at: "2026-11-22T00:00:00Z" }];
    const v = verdictFor(keyOf({ events }), reposOf(provenRepo()), HIGH);
    expect(v.deactivatedAt).toBeUndefined();
    expect(v.verdict).toBe("ready");
  });
});

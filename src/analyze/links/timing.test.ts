import { describe, expect, it } from "vitest";
import { cacWorkflow, find, inventory, key, kid, kinds, link, repo, secret } from "../../../test/support/analyze/links-fixtures.js";

const K = kid("timing");
const K2 = kid("second");
const CREATED = "2026-06-01T10:00:00Z";
const after = (hours: number) => new Date(Date.parse(CREATED) + hours * 3_600_000).toISOString();

describe("secret timing", () => {
  it("gives medium when the secret a workflow reads as the key id was written within a day after the key was made", () => {
    const app = repo("app", { secrets: [secret("AWS_ACCESS_KEY_ID", after(2)), secret("AWS_SECRET_ACCESS_KEY", after(2))] });
    const l = find(link(inventory({ keys: [key(K, { createDate: CREATED })], repos: [app] })), K, "app");
    expect(kinds(l)).toEqual(["secret-timing:medium"]);
    expect(l?.evidence[0]?.refs).toMatchObject({ secret: "AWS_ACCESS_KEY_ID", scope: "repo", minutes: 120, keyCreatedAt: CREATED });
    expect(l).toMatchObject({ secretNames: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"], scope: "repo" });
  });

  it("says nothing for a secret written before the key existed or more than a day later", () => {
    for (const when of [after(-1), after(30)]) {
      const app = repo("app", { secrets: [secret("AWS_ACCESS_KEY_ID", when)] });
      expect(link(inventory({ keys: [key(K, { createDate: CREATED })], repos: [app] })).links).toEqual([]);
    }
  });

  it("only counts secrets that a workflow reads as the access key id", () => {
    // The secret key's secret and an unrelated secret were written right after the key was made.
    const app = repo("app", { secrets: [secret("AWS_ACCESS_KEY_ID", after(-100)), secret("AWS_SECRET_ACCESS_KEY", after(1)), secret("AWS_BACKUP_KEY_ID", after(1))] });
    expect(link(inventory({ keys: [key(K, { createDate: CREATED })], repos: [app] })).links).toEqual([]);
  });

  it("reads the environment secret a job's environment shadows the repo secret with", () => {
    const app = repo("app", {
      files: { ".github/workflows/deploy.yml": cacWorkflow("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "production") },
      environments: ["production"],
      secrets: [secret("AWS_ACCESS_KEY_ID", after(3)), secret("AWS_ACCESS_KEY_ID", after(-200), { environment: "production" })],
    });
    // The repo secret was written at the right time but the job reads the environment's.
    expect(link(inventory({ keys: [key(K, { createDate: CREATED })], repos: [app] })).links).toEqual([]);
  });

  it("keeps medium for the key whose stage matches when two keys were made in the window, and low for the other", () => {
    const files = { ".github/workflows/deploy.yml": cacWorkflow("STAGING_AWS_ACCESS_KEY_ID", "STAGING_AWS_SECRET_ACCESS_KEY") };
    const app = repo("app", { files, secrets: [secret("STAGING_AWS_ACCESS_KEY_ID", after(3))] });
    const keys = [key(K, { createDate: CREATED, userName: "deployer-staging" }), key(K2, { createDate: after(2), userName: "deployer-prod" })];
    const r = link(inventory({ keys, repos: [app] }));
    expect(kinds(find(r, K, "app"))).toEqual(["secret-timing:medium"]);
    expect(kinds(find(r, K2, "app"))).toEqual(["secret-timing:low"]);
    expect(find(r, K, "app")?.evidence[0]?.refs).toMatchObject({ otherCandidateKeys: 1 });
  });

  it("gives low to each key when nothing tells two candidates apart", () => {
    const app = repo("app", { secrets: [secret("AWS_ACCESS_KEY_ID", after(3))] });
    const r = link(inventory({ keys: [key(K, { createDate: CREATED }), key(K2, { createDate: after(1) })], repos: [app] }));
    expect(kinds(find(r, K, "app"))).toEqual(["secret-timing:low"]);
    expect(kinds(find(r, K2, "app"))).toEqual(["secret-timing:low"]);
  });

  it("trusts a lone key less where keys are made every few days: medium only when its name singles it out", () => {
    // Ten other keys made in the month around the write: a key in the window may be chance.
    const busy = Array.from({ length: 10 }, (_, i) => key(kid(`busy${i}`), { createDate: after(-24 * (i + 2)) }));
    const app = repo("billing-api", { secrets: [secret("AWS_ACCESS_KEY_ID", after(3))] });
    const anonymous = link(inventory({ keys: [key(K, { createDate: CREATED }), ...busy], repos: [app] }));
    expect(find(anonymous, K, "billing-api")).toBeUndefined();
    const named = link(inventory({ keys: [key(K, { createDate: CREATED, userName: "gha-billing-api" }), ...busy], repos: [app] }));
    expect(kinds(find(named, K, "billing-api"))).toEqual(["secret-timing:medium", "name-match:low"]);
  });

  it("gives low at most when the workflow also reads a stored session token (temporary credentials)", () => {
    const wf = cacWorkflow().replace("          aws-region: us-east-1", "          aws-session-token: ${{ secrets.AWS_SESSION_TOKEN }}\n          aws-region: us-east-1");
    const app = repo("app", { files: { ".github/workflows/deploy.yml": wf }, secrets: [secret("AWS_ACCESS_KEY_ID", after(2)), secret("AWS_SESSION_TOKEN", after(2))] });
    const l = find(link(inventory({ keys: [key(K, { createDate: CREATED })], repos: [app] })), K, "app");
    expect(kinds(l)).toEqual(["secret-timing:low"]);
    expect(l?.evidence[0]?.summary).toContain("temporary credentials");
  });

  it("does not ask about other keys once stronger evidence places a key in the secret", () => {
    const alert = { number: 1, state: "open", secretType: "aws_access_key_id", createdAt: after(48), accessKeyId: K2 };
    const app = repo("app", { secrets: [secret("AWS_ACCESS_KEY_ID", after(3))], secretScanningAlerts: [alert] });
    const r = link(inventory({ keys: [key(K, { createDate: CREATED }), key(K2, { createDate: "2025-01-01T00:00:00Z" })], repos: [app] }));
    expect(find(r, K2, "app")?.confidence).toBe("certain");
    expect(find(r, K, "app")).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { keyHistory } from "./history.js";
import { openMemoryStateStore } from "../state/index.js";
import type { Link } from "../analyze/model.js";
import { secretId, secretLinkOf, secretSteps, type SecretLink } from "./secrets.js";

const A = "AKIAAAAAAAAAAAAAAAAA";
const B = "AKIABBBBBBBBBBBBBBBB";

describe("secretSteps", () => {
  it("names repository, environment and organization secrets as their DELETE endpoints do", () => {
    const links: SecretLink[] = [
      { accessKeyId: A, repo: "acme/api", secretNames: ["AWS_ACCESS_KEY_ID", "aws_secret_access_key"], scope: "repo" },
      { accessKeyId: A, repo: "acme/api", secretNames: ["AWS_ACCESS_KEY_ID"], scope: "environment", environment: "prod" },
      { accessKeyId: A, repo: "acme/web", secretNames: ["ORG_KEY"], scope: "organization" },
      { accessKeyId: A, repo: "acme/cli", secretNames: ["ORG_KEY"], scope: "organization" },
    ];
    const steps = secretSteps(A, links, new Set([A]), new Set());
    expect(steps.map((s) => [s.id, s.action])).toEqual([
      ["environment acme/api/prod secret AWS_ACCESS_KEY_ID", "delete"],
      ["organization acme secret ORG_KEY", "delete"],
      ["repo acme/api secret AWS_ACCESS_KEY_ID", "delete"],
      ["repo acme/api secret AWS_SECRET_ACCESS_KEY", "delete"],
    ]);
    expect(steps[0]?.target).toEqual({ scope: "environment", repo: "acme/api", environment: "prod", name: "AWS_ACCESS_KEY_ID" });
    expect(steps[1]?.target).toEqual({ scope: "organization", org: "acme", name: "ORG_KEY" });
  });

  it("keeps a secret that another key not retired is linked to, and deletes it once that key is retired too", () => {
    const links: SecretLink[] = [
      { accessKeyId: A, repo: "acme/web", secretNames: ["AWS_ACCESS_KEY_ID"], scope: "repo" },
      { accessKeyId: B, repo: "acme/web", secretNames: ["aws_access_key_id"] },
    ];
    expect(secretSteps(A, links, new Set([A]), new Set())).toEqual([
      { target: { scope: "repo", repo: "acme/web", name: "AWS_ACCESS_KEY_ID" }, id: "repo acme/web secret AWS_ACCESS_KEY_ID", action: "keep", reason: `also linked to ${B}, which is not retired` },
    ]);
    expect(secretSteps(A, links, new Set([A, B]), new Set())[0]?.action).toBe("delete");
  });

  it("leaves configuration variables that hold the key id to their owners (they are not secrets)", () => {
    const link: Link = {
      accessKeyId: A,
      accountId: "222222222222",
      repo: "acme/etl",
      secretNames: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
      scope: "environment",
      environment: "production",
      confidence: "certain",
      evidence: [{ kind: "literal-key-id", confidence: "certain", summary: "s", refs: { variable: "AWS_ACCESS_KEY_ID", scope: "environment", environment: "production" } }],
    };
    expect(secretSteps(A, [secretLinkOf(link)], new Set([A]), new Set()).map((s) => [s.id, s.action])).toEqual([
      ["environment acme/etl/production variable AWS_ACCESS_KEY_ID", "variable"],
      ["environment acme/etl/production secret AWS_SECRET_ACCESS_KEY", "delete"],
    ]);
  });

  it("names the Dependabot and Codespaces secrets a link places the key in, apart from the Actions secret of the same name", () => {
    const link: Link = {
      accessKeyId: A,
      accountId: "222222222222",
      repo: "acme/api",
      secretNames: ["AWS_ACCESS_KEY_ID"],
      scope: "repo",
      stores: [
        { store: "dependabot", name: "AWS_ACCESS_KEY_ID", scope: "repo" },
        { store: "codespaces", name: "DEV_KEY_ID", scope: "organization" },
      ],
      confidence: "certain",
      // A variable of the same name does not make the store's secret a variable.
      evidence: [{ kind: "literal-key-id", confidence: "certain", summary: "s", refs: { variable: "AWS_ACCESS_KEY_ID" } }],
    };
    const steps = secretSteps(A, [secretLinkOf(link)], new Set([A]), new Set());
    expect(steps.map((s) => [s.id, s.action])).toEqual([
      ["organization acme Codespaces secret DEV_KEY_ID", "delete"],
      ["repo acme/api Dependabot secret AWS_ACCESS_KEY_ID", "delete"],
      ["repo acme/api variable AWS_ACCESS_KEY_ID", "variable"],
    ]);
    expect(steps[0]?.target).toEqual({ scope: "organization", org: "acme", name: "DEV_KEY_ID", store: "codespaces" });
    expect(steps[1]?.target).toEqual({ scope: "repo", repo: "acme/api", name: "AWS_ACCESS_KEY_ID", store: "dependabot" });
    // Deleted by an earlier run: only that store's secret counts as done.
    const again = secretSteps(A, [secretLinkOf(link)], new Set([A]), new Set(["repo acme/api Dependabot secret AWS_ACCESS_KEY_ID"]));
    expect(again.map((s) => s.action)).toEqual(["delete", "done", "variable"]);
  });

  it("does not delete again what an earlier run deleted", () => {
    const links: SecretLink[] = [{ accessKeyId: A, repo: "acme/api", secretNames: ["K"], scope: "repo" }];
    const id = secretId({ scope: "repo", repo: "acme/api", name: "K" });
    expect(secretSteps(A, links, new Set([A]), new Set([id]))[0]?.action).toBe("done");
  });
});

describe("keyHistory", () => {
  it("reads keyless's own events in time order, whatever order the store returns", () => {
    const store = openMemoryStateStore();
    store.recordKeyEvent({ accessKeyId: A, accountId: "1", action: "secret-deleted", at: "2026-11-29T00:00:00Z", detail: "repo acme/api secret K" });
    store.recordKeyEvent({ accessKeyId: A, accountId: "1", action: "deactivated", at: "2026-11-22T00:00:00Z" });
    store.recordKeyEvent({ accessKeyId: A, accountId: "1", action: "reactivated", at: "2026-11-21T00:00:00Z" });
    store.recordKeyEvent({ accessKeyId: A, accountId: "1", action: "deleted", at: "2026-11-29T00:00:00Z" });
    const h = keyHistory(store.keyEvents(A));
    expect(h).toEqual({ deactivatedAt: "2026-11-22T00:00:00Z", deletedAt: "2026-11-29T00:00:00Z", secretsDeleted: new Set(["repo acme/api secret K"]) });
    expect(keyHistory(store.keyEvents(B))).toEqual({ secretsDeleted: new Set() });
  });
});

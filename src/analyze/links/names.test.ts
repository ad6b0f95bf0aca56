import { describe, expect, it } from "vitest";
import { namesMatch, nameWords, stageOf, workflowServices } from "./names.js";
import { cacWorkflow, find, inventory, key, kid, kinds, link, repo, secret } from "../../../test/support/analyze/links-fixtures.js";

const K = kid("names");

describe("namesMatch", () => {
  it("matches IAM users named after the repo or the secret, ignoring CI and stage words", () => {
    expect(namesMatch("gha-billing-api-prod", "billing-api")).toBe(true);
    expect(namesMatch("gha-payments-staging", "payments-gateway")).toBe(true);
    expect(namesMatch("gha-pr-previews", "pr-preview-envs")).toBe(true);
    expect(namesMatch("gha-plugin-publisher", "PLUGIN_AWS_ACCESS_KEY_ID")).toBe(true);
    expect(nameWords("GhaReportingJobs")).toEqual(["reporting", "job"]);
    expect(namesMatch("gha-maps-service", "maps-service")).toBe(true);
  });

  it("does not match on generic or short words", () => {
    expect(namesMatch("org-deployer", "deploy-tools")).toBe(false);
    expect(namesMatch("ci-user", "PROD_AWS_ACCESS_KEY_ID")).toBe(false);
    expect(namesMatch("gha-ml-models", "ml-training")).toBe(false);
    // A number left over names another instance of a repeated project.
    expect(namesMatch("gha-ads-api-1304", "ads-api")).toBe(false);
    expect(namesMatch("gha-ads-api-1304", "ads-api-1304")).toBe(true);
  });

  it("reads the stage a name mentions", () => {
    expect(stageOf("gha-billing-api-prod")).toBe("prod");
    expect(stageOf("production")).toBe("prod");
    expect(stageOf("STAGING_AWS_KEY")).toBe("staging");
    expect(stageOf("AWS_ACCESS_KEY_ID")).toBeUndefined();
  });
});

describe("name and last-used evidence", () => {
  it("links with low confidence when the IAM user is named like the repo", () => {
    const app = repo("billing-api", { secrets: [secret("AWS_ACCESS_KEY_ID", "2025-01-05T00:00:00Z")] });
    const l = find(link(inventory({ keys: [key(K, { userName: "gha-billing-api-prod" })], repos: [app] })), K, "billing-api");
    expect(kinds(l)).toEqual(["name-match:low"]);
    expect(l?.evidence[0]?.refs).toMatchObject({ userName: "gha-billing-api-prod", repoName: "billing-api" });
  });

  it("never names a repo whose workflows use no static key", () => {
    const app = repo("billing-api", { files: { ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n" } });
    expect(link(inventory({ keys: [key(K, { userName: "gha-billing-api-prod" })], repos: [app] })).links).toEqual([]);
  });

  it("adds the last-used service as support, and never links on it alone", () => {
    const lastUsed = { date: "2026-11-01T00:00:00Z", serviceName: "s3", region: "us-east-1" };
    const named = link(inventory({ keys: [key(K, { userName: "gha-billing-api", lastUsed })], repos: [repo("billing-api")] }));
    expect(kinds(find(named, K, "billing-api"))).toEqual(["name-match:low", "last-used-service:low"]);
    const unnamed = link(inventory({ keys: [key(K, { lastUsed })], repos: [repo("billing-api")] }));
    expect(unnamed.links).toEqual([]);
  });

  it("tells services from workflow text", () => {
    expect([...workflowServices([cacWorkflow()])]).toEqual(["s3"]);
    expect(workflowServices(["- uses: aws-actions/amazon-ecr-login@v2"]).has("ecr")).toBe(true);
    expect(workflowServices(["run: npx cdk deploy --all"]).has("cloudformation")).toBe(true);
    expect(workflowServices(["run: terraform apply"]).has("ec2")).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { find, inventory, key, kid, kinds, link, repo, secret } from "../../../test/support/analyze/links-fixtures.js";

const K = kid("direct");
const OTHER = kid("other");

describe("no evidence, no link", () => {
  it("leaves an active key that nothing ties to a repo unlinked, and an inactive one out of the list", () => {
    const r = link(inventory({ keys: [key(K), key(OTHER, { status: "Inactive" })], repos: [repo("app", { secrets: [secret("AWS_ACCESS_KEY_ID", "2025-03-01T00:00:00Z")] })] }));
    expect(r.links).toEqual([]);
    expect(r.unlinkedKeys).toEqual([K]);
  });

  it("copes with an inventory that has only one side", () => {
    const { aws: _aws, ...githubOnly } = inventory({ keys: [], repos: [repo("app")] });
    const { github: _github, ...awsOnly } = inventory({ keys: [key(K)], repos: [] });
    expect(link(githubOnly)).toMatchObject({ links: [], unlinkedKeys: [] });
    expect(link(awsOnly)).toMatchObject({ links: [], unlinkedKeys: [K] });
  });
});

describe("secret-scanning alerts", () => {
  it("link the key to the repo for certain, citing the alert", () => {
    const app = repo("app", {
      secrets: [secret("AWS_ACCESS_KEY_ID", "2025-03-01T00:00:00Z"), secret("AWS_SECRET_ACCESS_KEY", "2025-03-01T00:00:00Z")],
      secretScanningAlerts: [{ number: 7, state: "open", secretType: "aws_access_key_id", createdAt: "2026-02-01T00:00:00Z", accessKeyId: K, path: "docs/setup.md", line: 3 }],
    });
    const l = find(link(inventory({ keys: [key(K)], repos: [app] })), K, "app");
    expect(l?.confidence).toBe("certain");
    expect(l?.evidence[0]).toMatchObject({ kind: "secret-scanning", refs: { alert: 7, state: "open", path: "docs/setup.md", line: 3 } });
    expect(l?.secretNames).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
  });

  it("ignore alerts for keys the inventory does not have", () => {
    const app = repo("app", { secretScanningAlerts: [{ number: 1, state: "open", secretType: "aws_access_key_id", createdAt: "2026-02-01T00:00:00Z", accessKeyId: OTHER }] });
    expect(link(inventory({ keys: [key(K)], repos: [app] })).links).toEqual([]);
  });
});

describe("key ids in workflow files", () => {
  const literal = (id: string) =>
    [
      "on: push",
      "jobs:",
      "  deploy:",
      "    runs-on: ubuntu-latest",
      "    env:",
      `      AWS_ACCESS_KEY_ID: ${id}`,
      "      AWS_SECRET_ACCESS_KEY: ${{ secrets.LEGACY_SECRET }}",
      "    steps:",
      "      - run: aws s3 ls",
      "",
    ].join("\n");

  it("link for certain, with the secret that holds the secret key", () => {
    const app = repo("app", { files: { ".github/workflows/deploy.yml": literal(K) }, secrets: [secret("LEGACY_SECRET", "2025-03-01T00:00:00Z")] });
    const l = find(link(inventory({ keys: [key(K)], repos: [app] })), K, "app");
    expect(kinds(l)).toEqual(["literal-key-id:certain"]);
    expect(l?.evidence[0]?.refs).toMatchObject({ path: ".github/workflows/deploy.yml", line: 6 });
    expect(l?.secretNames).toEqual(["LEGACY_SECRET"]);
    expect(l?.scope).toBe("repo");
  });

  it("do not count AWS's documentation example key", () => {
    const example = "AKIAIOSFODNN7EXAMPLE";
    const app = repo("app", { files: { ".github/workflows/deploy.yml": literal(example) } });
    expect(link(inventory({ keys: [key(example)], repos: [app] })).links).toEqual([]);
  });

  it("count a configuration variable that holds the key id and is passed as the access key id", () => {
    const wf = cacWith("${{ vars.AWS_ACCESS_KEY_ID }}", "production");
    const app = repo("app", {
      files: { ".github/workflows/deploy.yml": wf },
      environments: ["production"],
      secrets: [secret("AWS_SECRET_ACCESS_KEY", "2025-03-01T00:00:00Z", { environment: "production" })],
      variables: [{ name: "AWS_ACCESS_KEY_ID", value: K, scope: "environment", environment: "production" }],
    });
    const l = find(link(inventory({ keys: [key(K)], repos: [app] })), K, "app");
    expect(l?.confidence).toBe("certain");
    expect(l?.evidence[0]?.refs).toMatchObject({ variable: "AWS_ACCESS_KEY_ID", scope: "environment", environment: "production" });
    expect(l).toMatchObject({ scope: "environment", environment: "production", secretNames: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] });
  });
});

describe("mapping file", () => {
  it("links what the user says for certain, with their secret names, and returns entries for unknown keys", () => {
    const app = repo("app", { secrets: [secret("PROD_KEY", "2025-03-01T00:00:00Z")] });
    const r = link(inventory({ keys: [key(K)], repos: [app] }), [
      { accessKeyId: K, repo: "ACME/App", secretNames: ["prod_key"] },
      { accessKeyId: OTHER, repo: "acme/app" },
    ]);
    const l = find(r, K, "app");
    expect(kinds(l)).toEqual(["mapping-file:certain"]);
    expect(l).toMatchObject({ secretNames: ["PROD_KEY"], scope: "repo" });
    expect(r.unmatchedMappings).toEqual([{ accessKeyId: OTHER, repo: "acme/app" }]);
    expect(r.unlinkedKeys).toEqual([]);
  });
});

function cacWith(idValue: string, environment: string): string {
  return [
    "on: push",
    "jobs:",
    "  load:",
    "    runs-on: ubuntu-latest",
    `    environment: ${environment}`,
    "    steps:",
    "      - uses: aws-actions/configure-aws-credentials@v4",
    "        with:",
    `          aws-access-key-id: ${idValue}`,
    "          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}",
    "          aws-region: eu-west-1",
    "",
  ].join("\n");
}

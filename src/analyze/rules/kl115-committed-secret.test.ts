import { describe, expect, it } from "vitest";
import { parseInventory, serializeInventory } from "../../inventory/parse.js";
import { KL115 } from "./kl115-committed-secret.js";
import { context, key, lines, repo, repoWith } from "../../../test/support/analyze/rules-fixtures.js";

// Shaped like real ones; not real.
const SECRET = "Zq3xV9mT2bR8nK4pL7wY1sD6fH0jC5gA/e+Qu8Xo";
const OTHER = "Yp2wU8lS1aQ7mJ3oK6vX0rC5eG9iB4fZ/d+Pt7Wn";
const TOKEN = `IQoJb3JpZ2luX2VjE${"Ab1/Cd2+Ef3Gh4".repeat(12)}`;

const WORKFLOW = lines(
  "on: push", // 1
  "jobs:", // 2
  "  deploy:", // 3
  "    runs-on: ubuntu-latest", // 4
  "    env:", // 5
  "      AWS_ACCESS_KEY_ID: AKIAZZZZZZZZZZZZZZZ2", // 6
  `      AWS_SECRET_ACCESS_KEY: ${SECRET}`, // 7
  "    steps:", // 8
  "      - uses: aws-actions/configure-aws-credentials@v4", // 9
  "        with:", // 10
  "          aws-access-key-id: ${{ secrets.KEY_ID }}", // 11
  `          aws-secret-access-key: "${OTHER}"`, // 12
  "          aws-region: eu-west-1", // 13
  "      - run: |", // 14
  "          aws configure set aws_access_key_id AKIAZZZZZZZZZZZZZZZ4", // 15
  `          aws configure set aws_secret_access_key ${OTHER}`, // 16
  `          export AWS_SESSION_TOKEN=${TOKEN}`, // 17
  "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", // 18
);

const ACTION = lines(
  "name: deploy",
  "runs:",
  "  using: composite",
  "  steps:",
  "    - shell: bash",
  "      # keyless: ignore[KL115]",
  `      run: export AWS_SECRET_ACCESS_KEY=${SECRET}`, // 7
);

describe("KL115 secret access key written in a repository file", () => {
  const app = repoWith("acme/app", WORKFLOW, ".github/workflows/deploy.yml", { visibility: "public" });
  app.workflows.push({ path: ".github/actions/deploy/action.yml", text: ACTION, size: ACTION.length });
  const input = { repos: [app], keys: [key({ accessKeyId: "AKIAZZZZZZZZZZZZZZZ2", userName: "ci" }), key({ accessKeyId: "AKIAZZZZZZZZZZZZZZZ4", userName: "old", status: "Inactive" as const })] };
  const findings = KL115.check(context(input));
  const at = (path: string, line: number) => findings.find((f) => f.location?.path === path && f.location.line === line);

  it("flags every literal secret key and session token, in env, an action input, a run script and a composite action, as critical", () => {
    expect(findings.map((f) => `${f.location?.path}:${f.location?.line}:${f.location?.column}`)).toEqual([
      ".github/workflows/deploy.yml:7:30",
      ".github/workflows/deploy.yml:12:35",
      ".github/workflows/deploy.yml:16:51",
      ".github/workflows/deploy.yml:17:36",
      ".github/actions/deploy/action.yml:7:41",
    ]);
    expect(new Set(findings.map((f) => f.severity))).toEqual(new Set(["critical"]));
    expect(at(".github/workflows/deploy.yml", 17)?.message).toContain("A session token is written");
  });

  it("links the secret to the key id beside it and the IAM user, and says whether the key is still active", () => {
    expect(at(".github/workflows/deploy.yml", 7)?.message).toContain("It belongs to key AKIAZZZZZZZZZZZZZZZ2 of IAM user ci in account 111122223333. It is still active.");
    expect(at(".github/workflows/deploy.yml", 16)?.message).toContain("key AKIAZZZZZZZZZZZZZZZ4 of IAM user old");
    expect(at(".github/workflows/deploy.yml", 16)?.message).toContain("It is inactive");
    expect(at(".github/workflows/deploy.yml", 12)?.message).toContain("No access key id is written beside it");
    expect(at(".github/workflows/deploy.yml", 7)?.message).toContain("The repository is public");
  });

  it("never carries the value, and honours an inline ignore", () => {
    const text = JSON.stringify(findings);
    for (const value of [SECRET, OTHER, TOKEN]) expect(text).not.toContain(value);
    expect(at(".github/actions/deploy/action.yml", 7)?.suppressed?.by).toBe("inline");
    expect(at(".github/workflows/deploy.yml", 7)?.suppressed).toBeUndefined();
  });

  it("finds the same secrets at the same places in a saved (masked) inventory", () => {
    const saved = serializeInventory(context(input).inventory);
    for (const value of [SECRET, OTHER, TOKEN]) expect(saved).not.toContain(value);
    const reread = parseInventory(saved, "inventory.json");
    const again = KL115.check(context({ ...input, repos: reread.github?.repos ?? [] }));
    expect(again.map((f) => [f.location, f.fingerprint, f.message])).toEqual(findings.map((f) => [f.location, f.fingerprint, f.message]));
    expect(again[0]?.evidence[0]).toContain("masked in the saved inventory");
  });

  it("finds a secret in a file whose YAML is broken, and leaves commit SHAs and expressions alone", () => {
    const broken = `on: push\njobs: [\n  aws_secret_access_key = ${SECRET}\n`;
    expect(KL115.check(context({ repos: [repoWith("acme/x", broken)] })).map((f) => f.location?.line)).toEqual([3]);
    const clean = lines("on: push", "jobs:", "  a:", "    runs-on: x", "    steps:", "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", "        env:", "          AWS_SECRET_ACCESS_KEY: ${{ secrets.S }}");
    expect(KL115.check(context({ repos: [repoWith("acme/y", clean), repo("acme/z")] }))).toEqual([]);
  });
});

// `keyless audit --local --no-aws`: the same analysis on checkouts, with no API at all.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkout, staticKeyWorkflow } from "../support/checkout.js";
import { runCli, tempDir } from "../support/cli.js";

const DEPLOY = staticKeyWorkflow("deploy");

const OIDC = `on: push
permissions:
  id-token: write
  contents: read
jobs:
  ship:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/deploy
          aws-region: eu-west-1
`;

describe("keyless audit --local", () => {
  it("finds static keys in a folder of checkouts, names repos from their origin, and needs no credentials", async () => {
    const root = await tempDir();
    await checkout(root, "web", { ".github/workflows/deploy.yml": DEPLOY }, "git@github.com:acme/web.git");
    await checkout(root, "api", { ".github/workflows/deploy.yaml": OIDC });
    await checkout(root, "broken", { ".github/workflows/bad.yml": "on: [push\njobs: {" });
    const out = await tempDir();
    const result = await runCli(["audit", "--local", root, "--no-aws", "--out", out]);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    const audit = JSON.parse(await readFile(join(out, "audit.json"), "utf8"));
    const usages = audit.usages.filter((u: any) => u.location.repo === "acme/web");
    expect(usages).toHaveLength(1);
    expect(usages[0].location).toMatchObject({ path: ".github/workflows/deploy.yml", line: 12 });
    expect(usages[0].job).toBe("ship");
    expect(usages[0].secretNames.sort()).toEqual(["SHIP_KEY_ID", "SHIP_SECRET"]);
    expect(audit.usages.some((u: any) => u.location.repo === "local/api")).toBe(false);
    expect(JSON.stringify(audit)).toMatch(/local\/broken\/\.github\/workflows\/bad\.yml/);
  });

  it("says clearly when the folder holds no repository", async () => {
    const empty = await tempDir();
    const result = await runCli(["audit", "--local", empty, "--no-aws", "--out", await tempDir()]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("error[NoLocalRepos]");
  });
});

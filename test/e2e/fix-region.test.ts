// `fix --local` on a workflow whose region it cannot tell (the job's script takes it from a shell variable):
// the refusal names the flag that fixes it, and the flag does.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkout } from "../support/checkout.js";
import { runCli, tempDir } from "../support/cli.js";

const WORKFLOW = `on: push
jobs:
  ship:
    runs-on: ubuntu-latest
    env:
      AWS_ACCESS_KEY_ID: \${{ secrets.SHIP_KEY_ID }}
      AWS_SECRET_ACCESS_KEY: \${{ secrets.SHIP_SECRET }}
    steps:
      - run: aws s3 sync ./site s3://bucket --region "$REGION"
`;
const ROLE = "arn:aws:iam::111111111111:role/gha-web";

describe("fix --local without a region", () => {
  it("names --region when no region is known, and --region fixes the file", async () => {
    const root = await tempDir();
    const repo = await checkout(root, "web", { ".github/workflows/deploy.yml": WORKFLOW }, "git@github.com:acme/web.git");
    const refused = await runCli(["fix", "--local", root, "--role-arn", ROLE]);
    expect(refused.stdout).toContain("not fixed acme/web: .github/workflows/deploy.yml: no AWS region is known for job `ship`: pass --region (or set fix.region in keyless.config.yaml)");
    expect(await readFile(join(repo, ".github/workflows/deploy.yml"), "utf8")).toBe(WORKFLOW);
    const fixed = await runCli(["fix", "--local", root, "--role-arn", ROLE, "--region", "eu-west-1"]);
    expect(fixed.stdout).toContain("fixed acme/web: .github/workflows/deploy.yml");
    expect(await readFile(join(repo, ".github/workflows/deploy.yml"), "utf8")).toMatch(/role-to-assume: arn:aws:iam::111111111111:role\/gha-web[\s\S]*aws-region: eu-west-1/);
  });
});

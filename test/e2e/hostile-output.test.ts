// Names from repositories printed by `fix --dry-run` and the `pr` dry run: escape sequences in step
// names and workflow text never reach the terminal as bytes (no recolouring, hyperlinks, retitling).
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { worldToInventory } from "../support/world-to-inventory.js";
import { serializeInventory } from "../../src/inventory/parse.js";
import { buildScenario } from "../../src/sandbox/scenario/index.js";
import { runCli, tempDir } from "../support/cli.js";

// A YAML double-quoted name whose escapes become ESC and BEL, and the same bytes raw in a comment.
const NAME = '"Deploy \\e]8;;https://evil.example/login\\aapprove\\e]8;;\\a \\e[2J\\e[31m"';
const RAW = "\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\u001b[8m";

const WORKFLOW = `on: push
jobs:
  ship:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      # ${RAW}
      - name: ${NAME}
        run: aws s3 sync ./site s3://bucket
        env:
          AWS_ACCESS_KEY_ID: \${{ secrets.SHIP_KEY_ID }}
          AWS_SECRET_ACCESS_KEY: \${{ secrets.SHIP_SECRET }}
          AWS_REGION: eu-west-1
`;

describe("hostile names in terminal output", () => {
  it("fix --dry-run prints the diff and the sentences with every escape spelled out", async () => {
    const root = await tempDir();
    await mkdir(join(root, "web", ".github", "workflows"), { recursive: true });
    await writeFile(join(root, "web", ".github", "workflows", "deploy.yml"), WORKFLOW);
    const result = await runCli(["fix", "--local", join(root, "web"), "--role-arn", "arn:aws:iam::111111111111:role/entry", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/would fix .*deploy\.yml/);
    expect(result.stdout).toContain("\\x1b]8;;https://evil.example");
    expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it("the pr dry run prints diffs, titles and bodies with every escape spelled out", async () => {
    const world = buildScenario("acme");
    const repo = world.github.repos.find((r) => r.fullName === "acme/billing-api")!;
    const path = ".github/workflows/release.yml";
    repo.files[path] = (repo.files[path] as string).replaceAll("- name: Configure AWS credentials", `# ${RAW}\n      - name: ${NAME}`);
    const dir = await tempDir();
    await writeFile(join(dir, "inventory.json"), serializeInventory(worldToInventory(world)));
    const result = await runCli(["pr", "--from", dir, "--repo", "billing-api"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("acme/billing-api: would open a pull request");
    expect(result.stdout).toContain("\\x1b]8;;https://evil.example");
    expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it("the pr dry run never prints a secret key written in a workflow", async () => {
    const secret = "Zq3xV9mT2bR8nK4pL7wY1sD6fH0jC5gA/e+Qu8Xo"; // shaped like one; not real
    const world = buildScenario("acme");
    const repo = world.github.repos.find((r) => r.fullName === "acme/billing-api")!;
    const path = ".github/workflows/release.yml";
    repo.files[path] = (repo.files[path] as string).replace("      - run: ./scripts/deploy.sh staging", `      - run: |\n          aws configure set aws_access_key_id \${{ secrets.AWS_ACCESS_KEY_ID }}\n          aws configure set aws_secret_access_key ${secret}\n          ./scripts/deploy.sh staging`);
    const dir = await tempDir();
    await writeFile(join(dir, "inventory.json"), serializeInventory(worldToInventory(world)));
    const result = await runCli(["pr", "--from", dir, "--repo", "billing-api"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("acme/billing-api: would open a pull request");
    expect(result.stdout).not.toContain(secret);
    expect(result.stdout).toContain("aws configure set aws_secret_access_key ****");
  });
});

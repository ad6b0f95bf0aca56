// keyless plan / generate / fix end to end: files a platform team reviews, and a fix that is
// idempotent on a checkout.
import { readdir, readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir, type CliResult } from "../support/cli.js";

describe("keyless generate --sandbox", () => {
  let out: string;
  let run: CliResult;
  beforeAll(async () => {
    out = await tempDir();
    run = await runCli(["generate", "--sandbox", "--quiet", "--out", out]);
  });

  it("writes the plan, one Terraform module per account and the patched workflows", async () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const plan = JSON.parse(await readFile(join(out, "plan.json"), "utf8"));
    expect(plan.schemaVersion).toBe(1);
    const modules = (await readdir(join(out, "terraform"), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(modules.some((m) => m.startsWith("tooling-"))).toBe(true);
    for (const m of modules) {
      const files = await readdir(join(out, "terraform", m));
      expect(files).toEqual(expect.arrayContaining(["versions.tf", "variables.tf", "main.tf", "outputs.tf", "README.md"]));
    }
    const ready = plan.repos.filter((r: any) => r.status === "ready");
    expect(ready.length).toBeGreaterThan(10);
    const patched = await readdir(join(out, "workflows", "acme"));
    expect(patched.length).toBeGreaterThan(10);
    expect(run.stdout).toMatch(/workflows patched: \d+/);
  });

  it("never writes a trust policy without a repo-scoped sub", async () => {
    const plan = JSON.parse(await readFile(join(out, "plan.json"), "utf8"));
    const trusts = plan.roles.map((r: any) => JSON.stringify(r.trustPolicy));
    for (const trust of trusts.filter((t: string) => t.includes("AssumeRoleWithWebIdentity"))) {
      expect(trust).toMatch(/token\.actions\.githubusercontent\.com:sub/);
      expect(trust).not.toMatch(/repo:acme\/\*/);
      expect(trust).not.toMatch(/ForAllValues/);
    }
  });

  it("gives the same files when run again", async () => {
    const again = await tempDir();
    await runCli(["generate", "--sandbox", "--quiet", "--out", again]);
    for (const file of ["plan.json", "plan.md"]) expect(await readFile(join(again, file), "utf8")).toBe(await readFile(join(out, file), "utf8"));
  });
});

const WORKFLOW = `# deploys the site
name: site
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v2 # pinned major
        with:
          aws-access-key-id: \${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
          aws-region: us-east-1
      - run: aws s3 sync public s3://site
`;

describe("keyless fix --local", () => {
  it("patches in place, keeps comments, and changes nothing the second time", async () => {
    const repo = await tempDir();
    await mkdir(join(repo, ".github", "workflows"), { recursive: true });
    const path = join(repo, ".github", "workflows", "site.yml");
    await writeFile(path, WORKFLOW);
    const role = "arn:aws:iam::111111111111:role/gha-site";
    const first = await runCli(["fix", "--local", repo, "--role-arn", role]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/fixed .*site\.yml/);
    const patched = await readFile(path, "utf8");
    expect(patched).toContain(`role-to-assume: ${role}`);
    expect(patched).toContain("# deploys the site");
    expect(patched).toContain("id-token: write");
    expect(patched).not.toMatch(/aws-access-key-id|AWS_SECRET_ACCESS_KEY/);
    const second = await runCli(["fix", "--local", repo, "--role-arn", role]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^0 file\(s\) changed/m);
    expect(await readFile(path, "utf8")).toBe(patched);
  });

  it("--dry-run prints the diff and writes nothing", async () => {
    const repo = await tempDir();
    await mkdir(join(repo, ".github", "workflows"), { recursive: true });
    const path = join(repo, ".github", "workflows", "site.yml");
    await writeFile(path, WORKFLOW);
    const result = await runCli(["fix", "--local", repo, "--role-arn", "arn:aws:iam::111111111111:role/gha-site", "--dry-run"]);
    expect(result.stdout).toMatch(/^\+\s+role-to-assume:/m);
    expect(await readFile(path, "utf8")).toBe(WORKFLOW);
  });

  it("asks for a role when none is given", async () => {
    const repo = await tempDir();
    const result = await runCli(["fix", "--local", repo]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("error[NoRole]");
  });
});

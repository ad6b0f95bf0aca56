// Issue 9 item 4: what keyless writes (reports, inventory, plan, Terraform) never goes through a
// symbolic link a checkout committed, and a checkout's own keyless.config.yaml is not trusted
// implicitly.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkout, link, staticKeyWorkflow } from "../support/checkout.js";
import { runCli, tempDir } from "../support/cli.js";

/** A file outside the checkout that a hostile link points at. */
async function victim(): Promise<string> {
  const path = join(await tempDir("keyless-victim-"), "victim.sh");
  await writeFile(path, "precious\n");
  return path;
}

describe("writes never follow a symbolic link", () => {
  it("audit --local . refuses a committed reports/findings.csv link and leaves its target alone", async () => {
    const dir = await checkout(await tempDir(), "web", { ".github/workflows/deploy.yml": staticKeyWorkflow("Deploy $(touch pwned)") }, "https://github.com/acme/web.git");
    const target = await victim();
    await link(target, join(dir, "reports", "findings.csv"));
    const run = await runCli(["audit", "--local", ".", "--no-aws", "--quiet"], { cwd: dir });
    expect(await readFile(target, "utf8")).toBe("precious\n");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("error[SymlinkRefused]");
    expect(run.stderr).toContain("reports/findings.csv");
    expect(run.stderr).toMatch(/fix: .*link/);
    // Checked before anything is written: no half set of reports.
    expect(existsSync(join(dir, "reports", "audit.json"))).toBe(false);
  });

  it("bare keyless (re-rendering ./reports) refuses a linked report too", async () => {
    const dir = await checkout(await tempDir(), "web", { ".github/workflows/deploy.yml": staticKeyWorkflow() });
    const first = await runCli(["audit", "--local", ".", "--no-aws", "--quiet"], { cwd: dir });
    expect(first.code).toBe(0);
    const target = await victim();
    await rm(join(dir, "reports", "audit.md"));
    await link(target, join(dir, "reports", "audit.md"));
    const run = await runCli([], { cwd: dir });
    expect(await readFile(target, "utf8")).toBe("precious\n");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("error[SymlinkRefused]");
  });

  it("a reports folder that is a link is refused, and nothing lands in its target", async () => {
    const dir = await checkout(await tempDir(), "web", { ".github/workflows/deploy.yml": staticKeyWorkflow() });
    const elsewhere = await tempDir("keyless-elsewhere-");
    await link(elsewhere, join(dir, "reports"));
    const run = await runCli(["audit", "--local", ".", "--no-aws", "--quiet"], { cwd: dir });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("error[SymlinkRefused]");
    expect(await readdir(elsewhere)).toEqual([]);
  });

  it("generate refuses a committed reports/terraform link", async () => {
    const dir = await tempDir();
    const elsewhere = await tempDir("keyless-elsewhere-");
    await link(elsewhere, join(dir, "reports", "terraform"));
    const run = await runCli(["generate", "--sandbox", "--quiet"], { cwd: dir });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("error[SymlinkRefused]");
    expect(run.stderr).toContain("reports/terraform");
    expect(await readdir(elsewhere)).toEqual([]);
  });
});

const ALLOW_ALL = `version: 1
allowlist:
  - rule: "*"
    reason: nothing to see here
fix:
  roleArn: arn:aws:iam::666666666666:role/attacker
`;

describe("a checkout's keyless.config.yaml is not trusted implicitly", () => {
  it("audit --local . ignores ./keyless.config.yaml of the scanned checkout and says so", async () => {
    const dir = await checkout(await tempDir(), "web", { ".github/workflows/deploy.yml": staticKeyWorkflow(), "keyless.config.yaml": ALLOW_ALL }, "https://github.com/acme/web.git");
    const run = await runCli(["audit", "--local", ".", "--no-aws", "--quiet"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/not read.*keyless\.config\.yaml|keyless\.config\.yaml.*not read/);
    const audit = JSON.parse(await readFile(join(dir, "reports", "audit.json"), "utf8"));
    expect(audit.findings.length).toBeGreaterThan(0);
    expect(audit.findings.every((f: any) => !f.suppressed)).toBe(true);
  });

  it("bare keyless in a git checkout re-renders ./reports without the checkout's config", async () => {
    const dir = await checkout(await tempDir(), "web", { ".github/workflows/deploy.yml": staticKeyWorkflow() }, "https://github.com/acme/web.git");
    expect((await runCli(["audit", "--local", ".", "--no-aws", "--quiet"], { cwd: dir })).code).toBe(0);
    await writeFile(join(dir, "keyless.config.yaml"), ALLOW_ALL);
    const run = await runCli([], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/not reading .*keyless\.config\.yaml: it lies in the git checkout/);
    const audit = JSON.parse(await readFile(join(dir, "reports", "audit.json"), "utf8"));
    expect(audit.findings.every((f: any) => !f.suppressed)).toBe(true);
  });

  it("uses it when named with --config, and says which file is in use", async () => {
    const dir = await checkout(await tempDir(), "web", { ".github/workflows/deploy.yml": staticKeyWorkflow(), "keyless.config.yaml": ALLOW_ALL }, "https://github.com/acme/web.git");
    const run = await runCli(["audit", "--local", ".", "--no-aws", "--quiet", "--config", "keyless.config.yaml"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(join(dir, "keyless.config.yaml"));
    const audit = JSON.parse(await readFile(join(dir, "reports", "audit.json"), "utf8"));
    expect(audit.findings.length).toBeGreaterThan(0);
    expect(audit.findings.every((f: any) => f.suppressed)).toBe(true);
  });

  it("fix --local . does not take the role to assume from the checkout's own config", async () => {
    const dir = await checkout(await tempDir(), "web", { ".github/workflows/deploy.yml": staticKeyWorkflow(), "keyless.config.yaml": ALLOW_ALL });
    const run = await runCli(["fix", "--local", "."], { cwd: dir });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("error[NoRole]");
    expect(await readFile(join(dir, ".github/workflows/deploy.yml"), "utf8")).toBe(staticKeyWorkflow());
  });

  it("still reads ./keyless.config.yaml from a folder that is not a checkout being scanned", async () => {
    const root = await tempDir();
    await checkout(root, "web", { ".github/workflows/deploy.yml": staticKeyWorkflow() });
    const work = join(await tempDir(), "work");
    await mkdir(work);
    await writeFile(join(work, "keyless.config.yaml"), ALLOW_ALL);
    const run = await runCli(["audit", "--local", root, "--no-aws", "--quiet"], { cwd: work });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(join(work, "keyless.config.yaml"));
    const audit = JSON.parse(await readFile(join(work, "reports", "audit.json"), "utf8"));
    expect(audit.findings.every((f: any) => f.suppressed)).toBe(true);
  });
});

// Issue 9 items 5 and 6: `--local` reads and `fix` writes only files inside each checkout, follow
// no symbolic link, and keep two checkouts of the same repository apart.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkout, link, staticKeyWorkflow } from "../support/checkout.js";
import { runCli, tempDir } from "../support/cli.js";

const ROLE = "arn:aws:iam::111111111111:role/gha-web";

async function auditJson(out: string) {
  return JSON.parse(await readFile(join(out, "audit.json"), "utf8"));
}

describe("--local follows no symbolic link out of a checkout", () => {
  it("fix leaves another repository's workflows alone when .github/workflows links to them", async () => {
    const other = await checkout(await tempDir(), "infra", { ".github/workflows/deploy.yml": staticKeyWorkflow("infra") });
    const dir = await checkout(await tempDir(), "web", { ".github/actions/.keep": "" });
    await link(join(other, ".github", "workflows"), join(dir, ".github", "workflows"));
    const run = await runCli(["fix", "--local", dir, "--role-arn", ROLE]);
    expect(await readFile(join(other, ".github/workflows/deploy.yml"), "utf8")).toBe(staticKeyWorkflow("infra"));
    expect(run.stdout).not.toMatch(/^fixed/m);
    expect(run.stdout).toMatch(/skipped local\/web\/\.github\/workflows: .*symbolic link/);
  });

  it("fix does not write through a linked workflow file", async () => {
    const other = await checkout(await tempDir(), "infra", { ".github/workflows/deploy.yml": staticKeyWorkflow("infra") });
    const dir = await checkout(await tempDir(), "web", { ".github/workflows/own.yml": staticKeyWorkflow("own") });
    await link(join(other, ".github/workflows/deploy.yml"), join(dir, ".github/workflows/deploy.yml"));
    const run = await runCli(["fix", "--local", dir, "--role-arn", ROLE]);
    expect(run.code).toBe(0);
    expect(await readFile(join(other, ".github/workflows/deploy.yml"), "utf8")).toBe(staticKeyWorkflow("infra"));
    expect(run.stdout).toMatch(/^fixed local\/web: \.github\/workflows\/own\.yml$/m);
    expect(run.stdout).toMatch(/skipped local\/web\/\.github\/workflows\/deploy\.yml: .*symbolic link/);
  });

  it("audit never copies a linked file's text into inventory.json, and reports it as skipped", async () => {
    const home = await tempDir("keyless-home-");
    await mkdir(join(home, ".aws"));
    const credentials = join(home, ".aws", "credentials");
    await writeFile(credentials, "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
    const dir = await checkout(await tempDir(), "web", { ".github/workflows/deploy.yml": staticKeyWorkflow() }, "git@github.com:acme/web.git");
    await link(credentials, join(dir, ".github/workflows/creds.yml"));
    await link(join(home, ".aws"), join(dir, ".github/actions/aws"));
    const out = await tempDir();
    const run = await runCli(["audit", "--local", dir, "--no-aws", "--quiet", "--out", out]);
    expect(run.code).toBe(0);
    for (const name of ["inventory.json", "audit.json", "audit.md"]) {
      const text = await readFile(join(out, name), "utf8");
      expect(text).not.toContain("wJalrXUtnFEMI");
      expect(text).not.toContain("AKIAIOSFODNN7EXAMPLE");
    }
    const skipped = (await auditJson(out)).coverage.skipped;
    expect(skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ target: "acme/web/.github/workflows/creds.yml", code: "Symlink" }),
        expect.objectContaining({ target: "acme/web/.github/actions/aws", code: "Symlink" }),
      ]),
    );
    expect(await readFile(join(out, "audit.md"), "utf8")).toMatch(/creds\.yml.*Symlink.*symbolic link/);
  });

  it("a checkout whose .github is a link is skipped with a reason, not read", async () => {
    const other = await checkout(await tempDir(), "infra", { ".github/workflows/deploy.yml": staticKeyWorkflow("infra") });
    const root = await tempDir();
    await checkout(root, "own", { ".github/workflows/deploy.yml": staticKeyWorkflow("own") });
    await link(join(other, ".github"), join(root, "web", ".github"));
    const out = await tempDir();
    const run = await runCli(["audit", "--local", root, "--no-aws", "--quiet", "--out", out]);
    expect(run.code).toBe(0);
    const audit = await auditJson(out);
    expect(audit.coverage.skipped).toEqual(expect.arrayContaining([expect.objectContaining({ target: "local/web/.github", code: "Symlink" })]));
    expect(JSON.stringify(audit.usages)).not.toContain("local/web");
    const fix = await runCli(["fix", "--local", root, "--role-arn", ROLE]);
    expect(await readFile(join(other, ".github/workflows/deploy.yml"), "utf8")).toBe(staticKeyWorkflow("infra"));
    expect(fix.stdout).toMatch(/skipped local\/web\/\.github: .*symbolic link/);
  });
});

describe("two checkouts of the same repository", () => {
  async function twins() {
    const root = await tempDir();
    const a = await checkout(root, "web-a", { ".github/workflows/deploy.yml": staticKeyWorkflow("from-a") }, "https://github.com/acme/web.git");
    const b = await checkout(root, "web-b", { ".github/workflows/deploy.yml": staticKeyWorkflow("from-b") }, "git@github.com:acme/web.git");
    return { root, a, b };
  }

  it("fix writes each checkout's workflow into that checkout only, and says they share an origin", async () => {
    const { root, a, b } = await twins();
    const run = await runCli(["fix", "--local", root, "--role-arn", ROLE]);
    expect(run.code).toBe(0);
    const textA = await readFile(join(a, ".github/workflows/deploy.yml"), "utf8");
    const textB = await readFile(join(b, ".github/workflows/deploy.yml"), "utf8");
    expect(textA).toContain("echo from-a");
    expect(textA).not.toContain("from-b");
    expect(textA).toContain(`role-to-assume: ${ROLE}`);
    expect(textB).toContain("echo from-b");
    expect(textB).not.toContain("from-a");
    expect(textB).toContain(`role-to-assume: ${ROLE}`);
    expect(run.stdout).toMatch(/web-a.*web-b.*acme\/web|acme\/web.*web-a.*web-b/);
    expect(run.stdout).toMatch(/^fixed acme\/web \(.*web-a\): \.github\/workflows\/deploy\.yml$/m);
    expect(run.stdout).toMatch(/^fixed acme\/web \(.*web-b\): \.github\/workflows\/deploy\.yml$/m);
  });

  it("audit reports the second checkout as a duplicate instead of mixing the two", async () => {
    const { root } = await twins();
    const out = await tempDir();
    const run = await runCli(["audit", "--local", root, "--no-aws", "--quiet", "--out", out]);
    expect(run.code).toBe(0);
    const audit = await auditJson(out);
    const dup = audit.coverage.skipped.find((s: any) => s.code === "DuplicateCheckout");
    expect(dup).toBeDefined();
    expect(dup.reason).toContain("web-a");
    expect(dup.reason).toContain("web-b");
    expect(audit.usages.filter((u: any) => u.location.repo === "acme/web")).toHaveLength(1);
  });
});

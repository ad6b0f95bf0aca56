// The generated Terraform: golden files pin its text; HashiCorp's HCL parser reads every file; every
// policy inside jsonencode({...}) reads back as exactly the plan's policy JSON; hostile names stay
// strings; regenerating gives the same bytes.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../plan/schema.js";
import { acmeFixture, planOf, type Fixture } from "../../../test/support/plan.js";
import { generateTerraform, type GeneratedFile } from "./index.js";
import { decodeObject, jsonencodeBlocks, parseHcl, smallPlan } from "../../../test/support/generate/terraform.js";

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

function checkGolden(name: string, files: GeneratedFile[]): void {
  const dir = join(GOLDEN, name);
  if (UPDATE) {
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.text);
    }
  }
  expect(existsSync(dir), `golden files for ${name} (UPDATE_GOLDEN=1 writes them)`).toBe(true);
  expect(files.map((f) => f.path).sort()).toEqual(listFiles(dir).sort());
  for (const f of files) expect(f.text, f.path).toBe(readFileSync(join(dir, f.path), "utf8"));
}

/** Checks every .tf file parses and every jsonencode policy equals the plan's JSON for that account. */
async function checkAgainstPlan(plan: Plan, files: GeneratedFile[]): Promise<number> {
  let policies = 0;
  for (const account of plan.accounts) {
    const main = files.find((f) => f.path === `${account.module}/main.tf`)?.text ?? "";
    for (const f of files.filter((f) => f.path.startsWith(`${account.module}/`) && f.path.endsWith(".tf"))) await parseHcl(f.path, f.text);
    const parsed = (await parseHcl("main.tf", main)) as { resource?: Record<string, Record<string, Array<Record<string, unknown>>>> };
    const refs = new Map<string, string>();
    const provider = plan.providers.find((p) => p.accountId === account.id);
    if (provider) refs.set(provider.exists ? "data.aws_iam_openid_connect_provider.github.arn" : "aws_iam_openid_connect_provider.github.arn", provider.arn);
    const roles = Object.entries(parsed.resource?.aws_iam_role ?? {});
    for (const [tfName, [body]] of roles) refs.set(`aws_iam_role.${tfName}.arn`, `arn:aws:iam::${account.id}:role${body?.path}${body?.name}`);
    const expected = plan.roles
      .filter((r) => r.accountId === account.id && r.managedByKeyless)
      .flatMap((r) => [r.trustPolicy, ...r.permissions.inlinePolicies.map((p) => p.document)]);
    const actual = await Promise.all(jsonencodeBlocks(main).map((b) => decodeObject(b.hcl, refs)));
    expect(actual.length).toBe(expected.length);
    for (const doc of expected) expect(actual, JSON.stringify(doc).slice(0, 200)).toContainEqual(doc);
    policies += actual.length;
    expect(roles.length).toBe(plan.roles.filter((r) => r.accountId === account.id && r.managedByKeyless).length);
  }
  return policies;
}

describe("generateTerraform", () => {
  it("writes one module per account plus a README, pinned by golden files (hub-and-spoke)", async () => {
    const plan = smallPlan("hub-and-spoke");
    const files = generateTerraform(plan);
    checkGolden("hub-and-spoke", files);
    expect(await checkAgainstPlan(plan, files)).toBeGreaterThan(4);
  });

  it("writes a provider and the roles in each target account (direct), pinned by golden files", async () => {
    const plan = smallPlan("direct");
    const files = generateTerraform(plan);
    checkGolden("direct", files);
    await checkAgainstPlan(plan, files);
    expect(files.filter((f) => f.path.endsWith("main.tf") && !f.path.startsWith("guardrails/")).every((f) => f.text.includes('resource "aws_iam_openid_connect_provider" "github"'))).toBe(true);
  });

  it("never writes a thumbprint, and reads an existing provider with a data source", () => {
    const files = generateTerraform(smallPlan("hub-and-spoke"));
    expect(files.some((f) => f.text.includes("thumbprint_list ="))).toBe(false);
    const plan = smallPlan("hub-and-spoke");
    const withProvider: Plan = { ...plan, providers: plan.providers.map((p) => ({ ...p, exists: true })) };
    const main = generateTerraform(withProvider).find((f) => f.path.endsWith("main.tf"))?.text ?? "";
    expect(main).toContain('data "aws_iam_openid_connect_provider" "github" {');
    expect(main).not.toContain('resource "aws_iam_openid_connect_provider"');
    expect(main).toContain("Federated = data.aws_iam_openid_connect_provider.github.arn");
  });

  it("names the entry role by reference where it lives in the same module, so Terraform creates it first", () => {
    const plan = smallPlan("hub-and-spoke");
    const tooling = plan.config.toolingAccountId as string;
    // Move one deploy role into the tooling account: its trust then names a role of the same module.
    const moved: Plan = { ...plan, roles: plan.roles.map((r) => (r.kind === "deploy" ? { ...r, accountId: tooling, arn: r.arn.replace(/::\d{12}:/, `::${tooling}:`) } : r)) };
    moved.accounts = moved.accounts.filter((a) => a.id === tooling);
    const main = generateTerraform(moved).find((f) => f.path.endsWith("main.tf"))?.text ?? "";
    expect(main).toMatch(/AWS = aws_iam_role\.gha_api_\w+\.arn/);
  });

  it("keeps hostile names as plain strings: quotes, backslashes, ${, %{ and newlines", async () => {
    const plan = smallPlan("hub-and-spoke", { environment: 'prod "x" \\ ${var.secret} %{if true}', branch: "feat-${x}-%{y}", policy: 'a"b\\c${d}%{e}\nf\u0007' });
    expect(plan.summary.reposReady).toBe(1);
    const files = generateTerraform(plan);
    await checkAgainstPlan(plan, files);
    // Comments are not templates; every other line must carry the escapes.
    const all = files.filter((f) => f.path.endsWith(".tf")).flatMap((f) => f.text.split("\n").filter((l) => !l.trimStart().startsWith("#"))).join("\n");
    expect(all).not.toMatch(/[^$]\$\{var\.secret\}/);
    expect(all).toContain("$${var.secret}");
    expect(all).toContain("%%{if true}");
    expect(all).toContain("\\nf\\u0007");
  });

  it("carries a segment pattern's StringNotLike into the trust (release/* never admits release/a/b)", async () => {
    for (const topology of ["hub-and-spoke", "direct"] as const) {
      const plan = smallPlan(topology, { branch: "release/*" });
      const files = generateTerraform(plan);
      await checkAgainstPlan(plan, files);
      const main = files.filter((f) => f.path.endsWith("main.tf")).map((f) => f.text).join("\n");
      expect(main).toContain('"token.actions.githubusercontent.com:sub" = "repo:acme/api:ref:refs/heads/release/*"');
      expect(main).toMatch(/StringNotLike = \{\n\s+"token\.actions\.githubusercontent\.com:sub" = "repo:acme\/api:ref:refs\/heads\/release\/\*\/\*"/);
      const readme = files.filter((f) => f.path.endsWith("README.md")).map((f) => f.text).join("\n");
      expect(readme).toContain("trusts `repo:acme/api:ref:refs/heads/release/*` but not `repo:acme/api:ref:refs/heads/release/*/*`");
    }
  });

  it("parses and reads back every policy of the acme plan in both topologies, identically on every run", async () => {
    const fixture: Fixture = acmeFixture();
    for (const topology of ["hub-and-spoke", "direct"] as const) {
      const plan = planOf(fixture, { topology });
      const files = generateTerraform(plan);
      expect(generateTerraform(planOf(fixture, { topology }))).toEqual(files);
      expect(await checkAgainstPlan(plan, files)).toBeGreaterThan(30);
      const top = files.find((f) => f.path === "README.md")?.text ?? "";
      if (topology === "hub-and-spoke") expect(top.indexOf("tooling-")).toBeLessThan(top.indexOf("account-"));
    }
  });
});

describe("module README", () => {
  let files: GeneratedFile[];
  beforeAll(() => {
    files = generateTerraform(smallPlan("hub-and-spoke"));
  });

  it("says which module to apply first and why", () => {
    const tooling = files.find((f) => /^tooling-\d+\/README\.md$/.test(f.path))?.text ?? "";
    const target = files.find((f) => /^account-\d+\/README\.md$/.test(f.path))?.text ?? "";
    expect(tooling).toContain("Apply this module first");
    expect(target).toMatch(/Apply after `tooling-\d+\/`: the trust policies here name roles created there/);
  });
});

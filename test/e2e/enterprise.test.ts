// Several GitHub organizations in one run against the `enterprise` sandbox scenario (acme plus
// acme-labs, one AWS organization): one inventory and one report with per-organization counts, an
// organization that cannot be read is skipped without stopping the others, `--enterprise` finds the
// organizations itself, and the plan keeps every repository by owner/name.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { ENTERPRISE_SLUG, LABS_ORG } from "../../src/sandbox/scenario/index.js";
import { runCli, tempDir } from "../support/cli.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "enterprise" });
});
afterAll(async () => sandbox?.close());

const read = async (dir: string, file: string) => readFile(join(dir, file), "utf8");

describe("keyless audit --org acme,acme-labs --org <missing>", () => {
  let out: string;
  let audit: any;
  beforeAll(async () => {
    out = await tempDir();
    const run = await runCli(["audit", "--org", `acme,${LABS_ORG}`, "--org", "no-such-org", "--quiet", "--out", out], { env: sandbox.env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    audit = JSON.parse(await read(out, "audit.json"));
  });

  it("scans both organizations into one inventory, repositories keyed by owner/name", async () => {
    const inventory = JSON.parse(await read(out, "inventory.json"));
    expect(inventory.github.orgs).toEqual(["acme", LABS_ORG]);
    const names: string[] = audit.repos.map((r: { fullName: string }) => r.fullName);
    const world = sandbox.world.github.repos;
    expect(names.sort()).toEqual(world.map((r) => r.fullName).sort());
    // acme-labs/registry-mirror (Dependabot's CodeArtifact token, KL121) is its own, not a copy of acme's.
    const copied = world.filter((r) => r.owner === LABS_ORG && r.name !== "registry-mirror" && Object.keys(r.files).some((f) => f.startsWith(".github/")));
    expect(copied.length).toBe(2);
    for (const r of copied) expect(names).toContain(`acme/${r.name}`);
  });

  it("reports per-organization counts, and the organization it could not read as skipped", async () => {
    const byLogin = new Map(audit.organizations.map((o: { login: string }) => [o.login, o]));
    const repoCount = (owner: string) => sandbox.world.github.repos.filter((r) => r.owner === owner).length;
    expect(byLogin.get("acme")).toMatchObject({ repos: repoCount("acme") });
    expect(byLogin.get(LABS_ORG)).toMatchObject({ repos: 4, reposWithStaticKeys: 3 });
    expect((byLogin.get(LABS_ORG) as { linkedKeys: number }).linkedKeys).toBeGreaterThan(0);
    expect(byLogin.get("no-such-org")).toMatchObject({ repos: 0, skipped: expect.stringContaining("was not found") });
    const sum = (k: string) => audit.organizations.reduce((n: number, o: Record<string, number>) => n + o[k]!, 0);
    expect(sum("repos")).toBe(audit.summary.reposScanned);
    const md = await read(out, "audit.md");
    expect(md).toContain("## Organizations");
    expect(md).toContain(`| ${LABS_ORG} | 4 | 3 | 0 |`);
    expect(md).toMatch(/\| no-such-org \| skipped: /);
    expect(await read(out, "audit.html")).toContain('<section id="orgs-section">');
  });

  it("plans each organization's repositories with trust scoped to that owner", async () => {
    const planOut = await tempDir();
    const run = await runCli(["plan", "--from", join(out, "inventory.json"), "--quiet", "--out", planOut]);
    expect(run.code).toBe(0);
    const plan = JSON.parse(await read(planOut, "plan.json"));
    const labs = plan.repos.filter((r: { repo: string }) => r.repo.startsWith(`${LABS_ORG}/`));
    expect(labs.length).toBe(3);
    // Entry roles carry the OIDC subjects (deploy roles trust the entry role).
    const trusts = plan.roles.filter((r: { repo: string; subjects?: unknown[] }) => r.repo.startsWith(`${LABS_ORG}/`) && r.subjects).map((r: { trustPolicy: unknown }) => JSON.stringify(r.trustPolicy));
    expect(trusts.length).toBeGreaterThan(0);
    for (const t of trusts) expect(t).toContain(`repo:${LABS_ORG}/`);
  });
});

describe("keyless audit --enterprise", () => {
  it("scans every organization of the enterprise the token sees", async () => {
    const out = await tempDir();
    const run = await runCli(["audit", "--enterprise", ENTERPRISE_SLUG, "--no-aws", "--quiet", "--out", out], { env: sandbox.env });
    expect(run.code).toBe(0);
    expect(JSON.parse(await read(out, "inventory.json")).github.orgs).toEqual(["acme", LABS_ORG]);
  });

  it("counts the repositories of every organization in its progress, each organization's named", async () => {
    const out = await tempDir();
    const run = await runCli(["audit", "--enterprise", ENTERPRISE_SLUG, "--no-aws", "--out", out], { env: sandbox.env });
    expect(run.code).toBe(0);
    const repos = JSON.parse(await read(out, "inventory.json")).github.repos as Array<{ fullName: string }>;
    const of = (org: string) => repos.filter((r) => r.fullName.startsWith(`${org}/`)).length;
    expect(of(LABS_ORG)).toBeGreaterThan(0);
    expect(run.stderr).toContain(`github: ${of("acme")} repositories to read in acme\n`);
    expect(run.stderr).toContain(`github: ${of(LABS_ORG)} repositories to read in ${LABS_ORG}\n`);
    // Before, the second organization's count replaced the first's: "GitHub 52/4 repos".
    expect(run.stderr).toContain(`GitHub ${repos.length}/${repos.length} repos`);
  });

  it("says clearly when the enterprise cannot be read, and when --org and --enterprise are both given", async () => {
    const missing = await runCli(["audit", "--enterprise", "no-such-enterprise", "--no-aws", "--quiet", "--out", await tempDir()], { env: sandbox.env });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("error[EnterpriseNotFound]");
    expect(missing.stderr).toContain("Could not resolve to Enterprise with the slug of 'no-such-enterprise'");
    const both = await runCli(["audit", "--enterprise", ENTERPRISE_SLUG, "--org", "acme", "--no-aws", "--quiet", "--out", await tempDir()], { env: sandbox.env });
    expect(both.stderr).toContain("error[OrgAndEnterprise]");
  });

  it("still stops when the only organization asked for does not exist", async () => {
    const run = await runCli(["audit", "--org", "no-such-org", "--no-aws", "--quiet", "--out", await tempDir()], { env: sandbox.env });
    expect(run.stderr).toContain("error[OrgNotFound]");
  });
});

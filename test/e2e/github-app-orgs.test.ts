// A GitHub App over several organizations (the `enterprise` sandbox scenario: acme and acme-labs,
// the App installed on both): each organization is read with its own installation's token, as it
// must be on GitHub, where an installation token reaches only its own organization.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { ENTERPRISE_SLUG, LABS_ORG } from "../../src/sandbox/scenario/index.js";
import { runCli, tempDir } from "../support/cli.js";

interface Finding {
  ruleId: string;
  severity: string;
  location?: unknown;
}

let sandbox: Sandbox;
let root: string;
let appFlags: string[];
beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "enterprise", githubApp: true });
  root = await tempDir("keyless-app-orgs-");
  const keyPath = join(root, "app.pem");
  await writeFile(keyPath, sandbox.githubApp!.privateKeyPem, { mode: 0o600 });
  appFlags = ["--app-id", String(sandbox.githubApp!.id), "--app-private-key", keyPath];
}, 60_000);
afterAll(async () => sandbox?.close());

const readJson = async (dir: string, file: string): Promise<any> => JSON.parse(await readFile(join(root, dir, file), "utf8"));

async function findingsOf(dir: string): Promise<string[]> {
  const audit = (await readJson(dir, "audit.json")) as { findings: Finding[] };
  return audit.findings.map((f) => JSON.stringify([f.ruleId, f.severity, f.location])).sort();
}

/** The installations the scan minted tokens for, by the ids in its request counts. */
async function mintedInstallations(dir: string): Promise<number[]> {
  const inventory = (await readJson(dir, "inventory.json")) as { requests: Array<{ side: string; endpoint: string }> };
  return inventory.requests.flatMap((r) => (r.side === "github" ? [/^POST \/app\/installations\/(\d+)\/access_tokens$/.exec(r.endpoint)?.[1]] : [])).flatMap((id) => (id ? [Number(id)] : [])).sort();
}

const installationOf = (org: string) => sandbox.world.github.apps![0]!.installations.find((i) => i.account === org)!;

describe("keyless audit --org acme,acme-labs with a GitHub App", () => {
  it("reads each organization with its own installation and finds what the personal token finds", async () => {
    const withToken = await runCli(["audit", "--org", `acme,${LABS_ORG}`, "--out", "token", "-q"], { env: sandbox.env, cwd: root });
    expect(withToken.code, withToken.stderr).toBe(0);
    const withApp = await runCli(["audit", "--org", `acme,${LABS_ORG}`, "--out", "app", "-q", ...appFlags], { env: { ...sandbox.env, GITHUB_TOKEN: undefined }, cwd: root });
    expect(withApp.code, withApp.stderr).toBe(0);
    const inventory = await readJson("app", "inventory.json");
    expect(inventory.github.orgs).toEqual(["acme", LABS_ORG]);
    expect(inventory.skipped.filter((s: { side: string }) => s.side === "github")).toEqual([]);
    const findings = await findingsOf("app");
    expect(findings.some((f) => f.includes(`${LABS_ORG}/`))).toBe(true);
    expect(findings).toEqual(await findingsOf("token"));
    const labsRepos = sandbox.world.github.repos.filter((r) => r.owner === LABS_ORG).map((r) => r.fullName);
    expect((await readJson("app", "audit.json")).repos.map((r: { fullName: string }) => r.fullName)).toEqual(expect.arrayContaining(labsRepos));
    expect(await mintedInstallations("app")).toEqual([installationOf("acme").id, installationOf(LABS_ORG).id].sort());
  }, 180_000);

  it("pr --apply on both organizations' repositories writes each with its owner's installation", async () => {
    const run = await runCli(["pr", "--from", "token", "--repo", `${LABS_ORG}/*`, "--repo", "acme/billing-api", "--apply", ...appFlags], { env: { ...sandbox.env, GITHUB_TOKEN: undefined }, cwd: root });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const opened = [...run.stdout.matchAll(/^(\S+): opened #\d+/gm)].map((m) => m[1] as string);
    expect(opened).toContain("acme/billing-api");
    const labs = opened.filter((r) => r.startsWith(`${LABS_ORG}/`));
    expect(labs.length).toBeGreaterThan(0);
    for (const fullName of labs) {
      const pulls = await fetch(`${sandbox.env.GITHUB_API_URL}/repos/${fullName}/pulls?state=open`, { headers: { authorization: `token ${sandbox.env.GITHUB_TOKEN}` } });
      expect(((await pulls.json()) as Array<{ user: { login: string } }>).map((p) => p.user.login)).toContain(`${sandbox.githubApp!.slug}[bot]`);
    }
    // Tokens were minted for both installations (the sandbox keeps every token it minted).
    const minted = new Set(sandbox.world.github.tokens.flatMap((t) => (t.installationId !== undefined ? [t.installationId] : [])));
    expect(minted).toEqual(new Set([installationOf("acme").id, installationOf(LABS_ORG).id]));
  }, 120_000);

  it("--enterprise with an App installed on several organizations: a clear error that says to name them with --org", async () => {
    const run = await runCli(["audit", "--enterprise", ENTERPRISE_SLUG, "--no-aws", "--out", "ent", "-q", ...appFlags], { env: { ...sandbox.env, GITHUB_TOKEN: undefined }, cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error[GithubAppEnterpriseAmbiguous]: GitHub App");
    expect(run.stderr).toContain(`installations (acme, ${LABS_ORG})`);
    expect(run.stderr).toMatch(/\n {2}fix: Name the organizations with --org a,b,c instead of --enterprise/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("an organization without the App is skipped with the fix, and the other is scanned", async () => {
    const app = sandbox.world.github.apps![0]!;
    const removed = installationOf(LABS_ORG);
    app.installations = app.installations.filter((i) => i !== removed);
    try {
      const run = await runCli(["audit", "--org", `acme,${LABS_ORG}`, "--no-aws", "--out", "partial", "-q", ...appFlags], { env: { ...sandbox.env, GITHUB_TOKEN: undefined }, cwd: root });
      expect(run.code, run.stderr).toBe(0);
      const inventory = await readJson("partial", "inventory.json");
      expect(inventory.github.orgs).toEqual(["acme"]);
      const skip = inventory.skipped.find((s: { target: string }) => s.target === LABS_ORG);
      expect(skip).toMatchObject({ side: "github", code: "GithubAppNotInstalled" });
      expect(skip.reason).toContain(`not installed on the organization ${LABS_ORG}`);
      expect(skip.reason).toContain(`Install the app on ${LABS_ORG}`);
      // The report's skipped table tells the user what to do.
      const md = await readFile(join(root, "partial", "audit.md"), "utf8");
      expect(md).toContain(`| github | ${LABS_ORG} | GithubAppNotInstalled | GitHub App ${sandbox.githubApp!.id} is not installed on the organization ${LABS_ORG}`);
      expect((await readJson("partial", "audit.json")).repos.length).toBe(sandbox.world.github.repos.filter((r) => r.owner === "acme").length);
    } finally {
      app.installations.push(removed);
    }
  }, 120_000);
});

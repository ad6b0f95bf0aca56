// retire --delete and GitHub's other secret stores, through the CLI against the sandbox: acme's
// data-pipeline key also sits in a Dependabot and a Codespaces secret of its repository (written
// minutes after the key was made, so the audit links them). After the migration and the quiet
// period, a GitHub App without `dependabot_secrets: write` is stopped before anything is written;
// with the token, the key goes with its Actions, Dependabot and Codespaces secrets; a rerun changes
// nothing.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../src/analyze/index.js";
import { DEFAULT_ANALYSIS_CONFIG } from "../../src/analyze/model.js";
import { serializeInventory } from "../../src/inventory/parse.js";
import { buildPlan, DEFAULT_PLAN_CONFIG } from "../../src/plan/index.js";
import { SANDBOX_APP_PERMISSIONS } from "../../src/sandbox/github/app-jwt.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { acmeInventory } from "../support/plan.js";
import { keyless, sandboxGithub } from "../support/publish/aws.js";

const PIPELINE = "AKIAFPBDAR3HQY72S2WV"; // acme/data-pipeline, repo secrets AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
const REPO = "acme/data-pipeline";
const DEPENDABOT = "PIPELINE_AWS_ACCESS_KEY_ID";
const CODESPACES = "DEV_AWS_ACCESS_KEY_ID";
const ORG_DEPENDABOT = "PIPELINE_MAVEN_KEY_ID"; // an acme organization Dependabot secret shared with data-pipeline

let sandbox: Sandbox;
let dir: string;

const keyIn = (id: string) => Object.values(sandbox.world.aws.iam).flatMap((iam) => iam.accessKeys).find((k) => k.accessKeyId === id);
const repo = () => sandbox.world.github.repos.find((r) => r.fullName === REPO)!;
const org = () => sandbox.world.github.orgs.find((o) => o.login === "acme")!;
const held = () => ({
  actions: repo().secrets.map((s) => s.name).filter((n) => n.startsWith("AWS_")).sort(),
  dependabot: (repo().dependabotSecrets ?? []).map((s) => s.name),
  codespaces: (repo().codespacesSecrets ?? []).map((s) => s.name),
  orgDependabot: (org().dependabotSecrets ?? []).map((s) => s.name).filter((n) => n === ORG_DEPENDABOT),
});
const NONE = { actions: [], dependabot: [], codespaces: [], orgDependabot: [] };

/** The same commands with the sandbox's GitHub App (no token to fall back on). */
const asApp = () => {
  const app = sandbox.githubApp!;
  const { GITHUB_TOKEN: _token, ...env } = sandbox.env;
  return { ...sandbox, env: { ...env, GITHUB_APP_ID: String(app.id), GITHUB_APP_PRIVATE_KEY: app.privateKeyPem.replace(/\n/g, "\\n") } } as Sandbox;
};

beforeAll(async () => {
  // The App may read Dependabot secrets but not delete them; everything else as keyless needs.
  sandbox = await startSandbox({ scenario: "acme", githubApp: { permissions: { ...SANDBOX_APP_PERMISSIONS, dependabot_secrets: "read" } } });
  const made = Date.parse(keyIn(PIPELINE)!.createDate);
  const at = (minutes: number) => new Date(made + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  repo().dependabotSecrets = [{ name: DEPENDABOT, createdAt: at(12), updatedAt: at(12) }];
  repo().codespacesSecrets = [{ name: CODESPACES, createdAt: at(14), updatedAt: at(14) }];
  (org().dependabotSecrets ??= []).push({ name: ORG_DEPENDABOT, createdAt: at(16), updatedAt: at(16), visibility: "selected", selectedRepos: [REPO] });

  dir = await mkdtemp(join(tmpdir(), "keyless-retire-stores-"));
  const inventory = acmeInventory(sandbox.world);
  const now = new Date(sandbox.world.now);
  const analysis = analyze(inventory, DEFAULT_ANALYSIS_CONFIG, now);
  const link = analysis.links.find((l) => l.accessKeyId === PIPELINE && l.repo === REPO);
  // The audit places the key in both stores (what the rest of this file relies on).
  expect(link?.stores?.map((s) => `${s.store}:${s.name}:${s.scope}`).sort()).toEqual([`codespaces:${CODESPACES}:repo`, `dependabot:${DEPENDABOT}:repo`, `dependabot:${ORG_DEPENDABOT}:organization`]);
  const plan = buildPlan({ inventory, analysis, config: DEFAULT_PLAN_CONFIG, now });
  await writeFile(join(dir, "inventory.json"), serializeInventory(inventory));
  await writeFile(join(dir, "plan.json"), JSON.stringify(plan));
  expect(sandbox.applyPlan(plan).errors).toEqual([]);
  const pr = await keyless(sandbox, dir, ["pr", "--from", dir, "--repo", REPO, "--apply", "--quiet"]);
  expect(pr.code, pr.stdout + pr.stderr).toBe(0);
  await sandboxGithub(sandbox).rest.pulls.merge({ owner: "acme", repo: "data-pipeline", pull_number: 1 });
  const deactivate = await keyless(sandbox, dir, ["retire", "--deactivate", "--quiet", "--key", PIPELINE, "--apply"]);
  expect(deactivate.code, deactivate.stdout).toBe(0);
  expect(keyIn(PIPELINE)?.status).toBe("Inactive");
  sandbox.advanceClock(8);
}, 120_000);

afterAll(async () => {
  await sandbox?.close();
});

describe("retire --delete and Dependabot and Codespaces secrets", () => {
  it("an App that may not delete Dependabot secrets is stopped before anything is written, naming the permission", async () => {
    const before = held();
    expect(before).toEqual({ actions: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"], dependabot: [DEPENDABOT], codespaces: [CODESPACES], orgDependabot: [ORG_DEPENDABOT] });
    const run = keyless(asApp(), dir, ["retire", "--delete", "--quiet", "--key", PIPELINE, "--apply"]);
    await expect(run).rejects.toMatchObject({ code: "MissingAppPermission", message: expect.stringMatching(/lacks `dependabot_secrets: write` on this installation .*: retire deletes organization acme Dependabot secret PIPELINE_MAVEN_KEY_ID\. Nothing was written\./) });
    // The key is still there (inactive, not deleted), and so is every secret that held it.
    expect(keyIn(PIPELINE)?.status).toBe("Inactive");
    expect(held()).toEqual(before);
  });

  it("the dry run lists the Dependabot and Codespaces secrets beside the Actions ones; --apply deletes the key, then all of them", async () => {
    const dry = await keyless(sandbox, dir, ["retire", "--delete", "--quiet", "--key", PIPELINE]);
    expect(dry.stdout).toContain(`would delete repo ${REPO} Dependabot secret ${DEPENDABOT} (held ${PIPELINE})`);
    expect(dry.stdout).toContain(`would delete repo ${REPO} Codespaces secret ${CODESPACES} (held ${PIPELINE})`);
    expect(dry.stdout).toContain(`would delete repo ${REPO} secret AWS_ACCESS_KEY_ID (held ${PIPELINE})`);
    expect(dry.stdout).toContain(`would delete organization acme Dependabot secret ${ORG_DEPENDABOT} (held ${PIPELINE})`);
    expect(keyIn(PIPELINE)).toBeDefined();

    // Someone removed the Codespaces secret by hand meanwhile: GitHub's 404 counts as already deleted.
    repo().codespacesSecrets = [];
    const run = await keyless(sandbox, dir, ["retire", "--delete", "--quiet", "--key", PIPELINE, "--apply"]);
    expect(run.code, run.stdout).toBe(0);
    expect(keyIn(PIPELINE)).toBeUndefined();
    expect(run.stdout.indexOf(`deleting access key ${PIPELINE}`)).toBeLessThan(run.stdout.indexOf(`deleting repo ${REPO} Dependabot secret ${DEPENDABOT}`));
    expect(run.stdout).toContain(`deleting repo ${REPO} Codespaces secret ${CODESPACES} (held ${PIPELINE})\n  done (it was already gone)`);
    expect(held()).toEqual(NONE);
    // Other acme store secrets are left alone.
    expect(org().dependabotSecrets?.map((s) => s.name)).toContain("GH_PACKAGES_TOKEN");
    expect(run.stdout).toContain("1 key(s) and 5 secret(s) deleted");
  });

  it("a rerun writes nothing: the stores' secrets are recorded as deleted, and stay gone", async () => {
    const again = await keyless(sandbox, dir, ["retire", "--delete", "--quiet", "--key", PIPELINE, "--apply"]);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).not.toContain("deleting");
    expect(again.stdout).toContain("nothing to delete");
    expect(held()).toEqual(NONE);
  });
});

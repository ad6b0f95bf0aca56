// Dependabot and Codespaces secrets end to end: `keyless audit` against the acme sandbox reads both
// stores, links the Dependabot secret that holds web-frontend's key, reports the AWS-named ones no
// key explains (KL114, store named) in JSON, Markdown and SARIF; with a token that may not read the
// stores, the scan records why and finishes with everything else.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { runCli, tempDir, type CliResult } from "../support/cli.js";

const NO_STORES = "github_pat_e2eNoStoresPermission000000000";
let sandbox: Sandbox;
let out: string;
let denied: string;
let run: CliResult;
let deniedRun: CliResult;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "acme" });
  const main = sandbox.world.github.tokens[0]!;
  sandbox.world.github.tokens.push({ ...main, token: NO_STORES, login: "fine-grained", withheld: ["dependabot_secrets", "codespaces_secrets"] });
  out = await tempDir();
  denied = await tempDir();
  [run, deniedRun] = await Promise.all([
    runCli(["audit", "--org", "acme", "--out", out], { env: sandbox.env }),
    runCli(["audit", "--org", "acme", "--out", denied], { env: { ...sandbox.env, GITHUB_TOKEN: NO_STORES } }),
  ]);
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
});

const json = async (dir: string, file: string) => JSON.parse(await readFile(join(dir, file), "utf8"));

describe("Dependabot and Codespaces secrets", () => {
  it("are read into the inventory, names and dates only", async () => {
    expect(run.code).toBe(0);
    const inventory = await json(out, "inventory.json");
    const web = inventory.github.repos.find((r: any) => r.name === "web-frontend");
    expect(web.storeSecrets).toEqual([{ name: "WEB_AWS_ACCESS_KEY_ID", store: "dependabot", createdAt: expect.any(String), updatedAt: expect.any(String) }]);
    expect(inventory.github.orgStoreSecrets.map((s: any) => `${s.store}:${s.name}:${s.visibility}`).sort()).toEqual([
      "codespaces:DEV_AWS_ACCESS_KEY_ID:selected",
      "dependabot:GH_PACKAGES_TOKEN:all",
    ]);
  });

  it("link the Dependabot secret written just after web-frontend's key was made, naming the store", async () => {
    const audit = await json(out, "audit.json");
    const withStores = audit.links.filter((l: any) => l.stores);
    expect(withStores.map((l: any) => l.repo)).toEqual(["acme/web-frontend"]);
    const link = withStores[0];
    // The key written 25 minutes before the secret: gha-web-frontend's newer key, not its older one.
    const key = Object.values(sandbox.world.aws.iam).flatMap((a) => a.accessKeys).find((k) => k.accessKeyId === link.accessKeyId)!;
    expect(key.userName).toBe("gha-web-frontend");
    expect(link.stores).toEqual([{ store: "dependabot", name: "WEB_AWS_ACCESS_KEY_ID", scope: "repo" }]);
    // Actions secrets stay what retire deletes: the Dependabot one is not among them.
    expect(link.secretNames).not.toContain("WEB_AWS_ACCESS_KEY_ID");
    expect(link.evidence.map((e: any) => e.summary)).toContainEqual(expect.stringMatching(/^The Dependabot repository secret WEB_AWS_ACCESS_KEY_ID was last written 25 minutes after/));
    const md = await readFile(join(out, "audit.md"), "utf8");
    expect(md).toContain("Dependabot secret WEB\\_AWS\\_ACCESS\\_KEY\\_ID");
  });

  it("report the AWS-named ones no key explains as KL114, with the store, in JSON and Markdown (SARIF counts them: no file location)", async () => {
    const audit = await json(out, "audit.json");
    const kl114 = audit.findings.filter((f: any) => f.ruleId === "KL114" && f.subject.store);
    expect(kl114.map((f: any) => [f.subject.store, f.subject.scope, f.subject.repo ?? "", f.subject.name]).sort()).toEqual([
      ["codespaces", "organization", "", "DEV_AWS_ACCESS_KEY_ID"],
      ["codespaces", "repo", "acme/mobile-app", "AWS_ACCESS_KEY_ID"],
    ]);
    expect(audit.unlinkedSecrets).toContainEqual({ repo: "acme/mobile-app", name: "AWS_ACCESS_KEY_ID", scope: "repo", store: "codespaces" });
    // Ordinary store secrets (tokens for registries and APIs) are no finding.
    expect(JSON.stringify(audit.findings)).not.toMatch(/MAPS_API_TOKEN|NPM_REGISTRY_TOKEN|GH_PACKAGES_TOKEN/);
    const md = await readFile(join(out, "audit.md"), "utf8");
    expect(md).toContain("Codespaces secret AWS\\_ACCESS\\_KEY\\_ID of acme/mobile-app is named like an AWS access key id");
    // Code scanning needs a file location; located nowhere, they are counted among the omitted findings.
    const sarif = await json(out, "audit.sarif");
    const omitted = sarif.runs[0].properties.omittedFindings.KL114;
    const locatedNowhere = audit.findings.filter((f: any) => f.ruleId === "KL114" && !f.location).length;
    expect(omitted).toBe(locatedNowhere);
    expect(locatedNowhere).toBeGreaterThanOrEqual(2);
  });

  it("a token without the stores' permission: skipped with the reason, the rest of the audit unchanged", async () => {
    expect(deniedRun.code).toBe(0);
    const audit = await json(denied, "audit.json");
    const full = await json(out, "audit.json");
    const skips = audit.coverage.skipped.filter((s: any) => /Dependabot|Codespaces/.test(s.target));
    expect(skips.filter((s: any) => s.target.startsWith("acme organization")).map((s: any) => s.target).sort()).toEqual([
      "acme organization Codespaces secrets",
      "acme organization Dependabot secrets",
    ]);
    // Each repository says which of its stores was not read.
    expect(skips.filter((s: any) => s.target === "acme/web-frontend Dependabot secrets")).toHaveLength(1);
    expect(skips.every((s: any) => s.code === "AccessDenied" && /secrets: read/.test(s.reason))).toBe(true);
    // Everything the Actions side found is still there.
    expect(audit.usages.length).toBe(full.usages.length);
    expect(audit.links.map((l: any) => `${l.accessKeyId} ${l.repo}`).sort()).toEqual(full.links.map((l: any) => `${l.accessKeyId} ${l.repo}`).sort());
    expect(audit.findings.filter((f: any) => f.subject.store)).toEqual([]);
  });
});

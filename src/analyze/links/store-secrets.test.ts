import { describe, expect, it } from "vitest";
import { DEFAULT_ANALYSIS_CONFIG } from "../model.js";
import { runRules } from "../rules/index.js";
import { analyzeRepoWorkflows } from "../workflows/index.js";
import { find, inventory, key, kid, link, NOW, repo } from "../../../test/support/analyze/links-fixtures.js";
import type { Inventory } from "../../inventory/schema.js";

const K = kid("dep");
const OTHER = kid("oth");
const CREATED = "2026-06-01T10:00:00Z";
const noWorkflow = { "README.md": "# docs\n" };

function kl114(inv: Inventory) {
  const r = link(inv);
  const workflows = new Map(inv.github!.repos.map((rp) => [rp.fullName, analyzeRepoWorkflows({ repo: rp.fullName, files: [] })]));
  return runRules({ inventory: inv, workflows, usages: [], links: r.links, config: DEFAULT_ANALYSIS_CONFIG, now: NOW }).filter((f) => f.ruleId === "KL114");
}

describe("Dependabot and Codespaces secrets as link evidence", () => {
  it("a Dependabot secret named like a key id, written just after one key was created, links that key and names the store", () => {
    const app = repo("app", { files: noWorkflow, storeSecrets: [{ name: "CODEARTIFACT_AWS_ACCESS_KEY_ID", store: "dependabot", updatedAt: "2026-06-01T10:40:00Z" }] });
    const r = link(inventory({ keys: [key(K, { createDate: CREATED }), key(OTHER, { createDate: "2026-03-01T00:00:00Z" })], repos: [app] }));
    const l = find(r, K, "app");
    expect(l).toMatchObject({ confidence: "medium", secretNames: [], stores: [{ store: "dependabot", name: "CODEARTIFACT_AWS_ACCESS_KEY_ID", scope: "repo" }] });
    expect(l?.evidence[0]?.summary).toMatch(/^The Dependabot repository secret CODEARTIFACT_AWS_ACCESS_KEY_ID was last written 40 minutes after/);
    expect(find(r, OTHER, "app")).toBeUndefined();
    expect(r.unlinkedSecrets).toEqual([]);
  });

  it("an organization secret shared by name with repositories counts for those; an unwritten or unnamed one links nothing", () => {
    const inv = inventory({ keys: [key(K, { createDate: CREATED })], repos: [repo("a", { files: noWorkflow }), repo("b", { files: noWorkflow })] });
    inv.github!.orgStoreSecrets = [
      { name: "NPM_AWS_ACCESS_KEY_ID", store: "dependabot", visibility: "selected", selectedRepos: ["acme/b"], updatedAt: "2026-06-01T11:00:00Z" },
      { name: "NPM_TOKEN", store: "dependabot", visibility: "all", updatedAt: "2026-06-01T11:00:00Z" },
    ];
    const r = link(inv);
    expect(r.links.map((l) => [l.repo, l.stores?.[0]?.scope])).toEqual([["acme/b", "organization"]]);
  });

  it("one not linked is an unlinked secret and a KL114 finding naming its store; an Actions secret of the same name is another finding", () => {
    const app = repo("app", {
      files: noWorkflow,
      secrets: [{ name: "AWS_ACCESS_KEY_ID", scope: "repo", updatedAt: "2025-01-01T00:00:00Z" }],
      storeSecrets: [{ name: "AWS_ACCESS_KEY_ID", store: "codespaces", updatedAt: "2025-01-01T00:00:00Z" }],
    });
    const inv = inventory({ keys: [key(K, { createDate: CREATED })], repos: [app] });
    inv.github!.orgStoreSecrets = [{ name: "DEV_AWS_ACCESS_KEY_ID", store: "codespaces", visibility: "all", updatedAt: "2025-01-01T00:00:00Z" }];
    expect(link(inv).unlinkedSecrets).toEqual([
      { name: "DEV_AWS_ACCESS_KEY_ID", scope: "organization", store: "codespaces" },
      { repo: "acme/app", name: "AWS_ACCESS_KEY_ID", scope: "repo" },
      { repo: "acme/app", name: "AWS_ACCESS_KEY_ID", scope: "repo", store: "codespaces" },
    ]);
    const findings = kl114(inv);
    expect(findings.map((f) => f.message).sort()).toEqual([
      "Codespaces organization secret DEV_AWS_ACCESS_KEY_ID is named like an AWS access key id, but no key of the scanned accounts is linked to it.",
      "Codespaces secret AWS_ACCESS_KEY_ID of acme/app is named like an AWS access key id, but no key of the scanned accounts is linked to it.",
      "Repository secret AWS_ACCESS_KEY_ID of acme/app holds an AWS access key id, but no key of the scanned accounts is linked to it.",
    ]);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(3);
    expect(findings.find((f) => f.message.startsWith("Codespaces secret"))?.subject).toEqual({ type: "secret", name: "AWS_ACCESS_KEY_ID", scope: "repo", repo: "acme/app", store: "codespaces" });
  });

  it("a linked store secret is not a KL114 finding", () => {
    const app = repo("app", { files: noWorkflow, storeSecrets: [{ name: "AWS_ACCESS_KEY_ID", store: "dependabot", updatedAt: "2026-06-01T10:05:00Z" }] });
    expect(kl114(inventory({ keys: [key(K, { createDate: CREATED })], repos: [app] }))).toEqual([]);
  });
});

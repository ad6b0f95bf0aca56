// Two organizations with an organization secret of the same name (the `enterprise` scenario: acme and
// acme-labs both have ORG_DEPLOY_AWS_ACCESS_KEY_ID and a Codespaces DEV_AWS_ACCESS_KEY_ID): a scan of both
// reports each organization's secret as its own finding, with its own fingerprint, naming its organization.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { LABS_ORG } from "../../src/sandbox/scenario/index.js";
import { runCli, tempDir } from "../support/cli.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "enterprise" });
});
afterAll(async () => sandbox?.close());

interface Finding {
  ruleId: string;
  message: string;
  fingerprint: string;
  subject: { type: string; name?: string; scope?: string; store?: string; org?: string };
}

const audit = async (orgs: string) => {
  const out = await tempDir();
  const run = await runCli(["audit", "--org", orgs, "--quiet", "--out", out], { env: sandbox.env });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const read = (file: string) => readFile(join(out, file), "utf8");
  return { findings: JSON.parse(await read("audit.json")).findings as Finding[], md: await read("audit.md"), html: await read("audit.html") };
};

const orgSecretFindings = (findings: Finding[], ruleId: string, name: string, store?: string) =>
  findings.filter((f) => f.ruleId === ruleId && f.subject.type === "secret" && f.subject.scope === "organization" && f.subject.name === name && f.subject.store === store);

describe("keyless audit --org acme,acme-labs: same-named organization secrets", () => {
  let both: Awaited<ReturnType<typeof audit>>;
  beforeAll(async () => {
    both = await audit(`acme,${LABS_ORG}`);
  });

  it.each([
    ["KL109", "ORG_DEPLOY_AWS_ACCESS_KEY_ID", undefined],
    ["KL114", "ORG_DEPLOY_AWS_ACCESS_KEY_ID", undefined],
    ["KL114", "DEV_AWS_ACCESS_KEY_ID", "codespaces"],
  ])("%s %s (%s): one finding per organization, distinct fingerprints, each naming its organization", (ruleId, name, store) => {
    const found = orgSecretFindings(both.findings, ruleId, name, store);
    // acme's ORG_DEPLOY key id secret is linked to a key (no KL114); acme-labs' is not.
    const orgs = ruleId === "KL114" && store === undefined ? [LABS_ORG] : ["acme", LABS_ORG];
    expect(found.map((f) => f.subject.org).sort()).toEqual(orgs);
    expect(new Set(found.map((f) => f.fingerprint)).size).toBe(found.length);
    for (const f of found) expect(f.message).toContain(` of ${f.subject.org}`);
  });

  it("the Markdown and HTML reports name the organization beside the secret's name", () => {
    // Markdown escapes the names' underscores.
    for (const text of [both.md.replaceAll("\\_", "_"), both.html]) {
      expect(text).toContain(`organization secret ORG_DEPLOY_AWS_ACCESS_KEY_ID of ${LABS_ORG}`);
      expect(text).toContain("organization secret ORG_DEPLOY_AWS_ACCESS_KEY_ID of acme");
      expect(text).toContain(`Codespaces organization secret DEV_AWS_ACCESS_KEY_ID of ${LABS_ORG}`);
    }
  });

  // That a single organization's fingerprints stay byte for byte what they were is test/e2e/sample-reports.test.ts.
  it("a scan of one organization names no organization; in a scan of several, the organization is part of the fingerprint", async () => {
    const one = await audit("acme");
    const [single] = orgSecretFindings(one.findings, "KL109", "ORG_DEPLOY_AWS_ACCESS_KEY_ID");
    expect(single?.subject.org).toBeUndefined();
    const [acme] = orgSecretFindings(both.findings, "KL109", "ORG_DEPLOY_AWS_ACCESS_KEY_ID").filter((f) => f.subject.org === "acme");
    expect(single?.fingerprint).not.toBe(acme?.fingerprint);
    expect(one.md.replaceAll("\\_", "_")).not.toContain("ORG_DEPLOY_AWS_ACCESS_KEY_ID of acme");
  });
});

// The fake's code scanning alerts: a new analysis of the same tool, category and ref fixes the open
// alerts it lacks (an empty analysis fixes them all), reopens a fixed one it contains again, leaves a
// dismissed one dismissed, and never touches another category's alerts.
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../../test/support/sandbox/github.js";
import { TOKENS } from "../../../test/support/sandbox/github-world.js";

let h: Harness;
afterEach(async () => {
  await h?.fake.close();
});

const REPO = { owner: "acme", repo: "api" };
const result = (rule: string, fp: string) => ({ ruleId: rule, message: { text: rule }, partialFingerprints: { "keylessFingerprint/v1": fp } });
const log = (category: string, results: unknown[]) => ({ version: "2.1.0", runs: [{ tool: { driver: { name: "keyless" } }, automationDetails: { id: category }, results }] });

async function upload(category: string, results: unknown[], ref = "refs/heads/main"): Promise<void> {
  const sha = (await h.client().git.getRef({ ...REPO, ref: ref.replace(/^refs\//, "") })).data.object.sha;
  const sarif = gzipSync(JSON.stringify(log(category, results))).toString("base64");
  await h.client(TOKENS.admin).request("POST /repos/{owner}/{repo}/code-scanning/sarifs", { ...REPO, commit_sha: sha, ref, sarif, tool_name: "keyless" } as never);
}

const states = () =>
  Object.fromEntries((h.world.github.repos.find((r) => r.fullName === "acme/api")?.codeScanningAlerts ?? []).map((a) => [`${a.category} ${a.ref} ${a.ruleId}`, a.state]));

describe("code scanning alerts in the fake", () => {
  it("a new analysis of the same tool, category and ref fixes what it lacks; an empty one fixes everything; a result seen again reopens", async () => {
    h = await startHarness();
    await upload("keyless/", [result("KL101", "a"), result("KL102", "b")]);
    await upload("other/", [result("KL101", "a")]);
    expect(states()).toEqual({ "keyless/ refs/heads/main KL101": "open", "keyless/ refs/heads/main KL102": "open", "other/ refs/heads/main KL101": "open" });
    await upload("keyless/", [result("KL101", "a")]);
    expect(states()).toMatchObject({ "keyless/ refs/heads/main KL101": "open", "keyless/ refs/heads/main KL102": "fixed" });
    await upload("keyless/", []);
    expect(states()).toEqual({ "keyless/ refs/heads/main KL101": "fixed", "keyless/ refs/heads/main KL102": "fixed", "other/ refs/heads/main KL101": "open" });
    await upload("keyless/", [result("KL102", "b")]);
    expect(states()).toMatchObject({ "keyless/ refs/heads/main KL101": "fixed", "keyless/ refs/heads/main KL102": "open" });
    const alerts = h.world.github.repos.find((r) => r.fullName === "acme/api")?.codeScanningAlerts ?? [];
    // The reopened alert is the same alert (same number), not a new one.
    expect(alerts.filter((a) => a.ruleId === "KL102" && a.category === "keyless/")).toHaveLength(1);
  });

  it("a dismissed alert stays dismissed when an analysis lacks it", async () => {
    h = await startHarness();
    await upload("keyless/", [result("KL101", "a")]);
    const alert = h.world.github.repos.find((r) => r.fullName === "acme/api")?.codeScanningAlerts?.[0];
    if (!alert) throw new Error("no alert");
    alert.state = "dismissed";
    await upload("keyless/", []);
    expect(alert.state).toBe("dismissed");
  });
});

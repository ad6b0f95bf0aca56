// The GitHub Action end to end: action.yml and a fresh `npm run build` bundle alone in a folder (no
// node_modules, as at a release tag), run as a runner runs it against the sandbox; its job summary,
// outputs, files and exit code checked against the reports and the plan of the same scan.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analysisConfig, planConfig } from "../../src/config/parse.js";
import { analyze } from "../../src/analyze/index.js";
import { parseInventory } from "../../src/inventory/parse.js";
import { buildPlan } from "../../src/plan/index.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { packAction, runAction, type ActionRun } from "../support/action-runner.js";

let sandbox: Sandbox;
let actionDir: string;
let env: Record<string, string | undefined>;
let token: string;
let failing: ActionRun;

beforeAll(async () => {
  [actionDir, sandbox] = await Promise.all([packAction(), startSandbox({ scenario: "acme" })]);
  token = sandbox.env.GITHUB_TOKEN ?? "";
  // What configure-aws-credentials leaves in the job's environment, and the runner's API URL.
  env = { ...sandbox.env, GITHUB_TOKEN: undefined };
  failing = await runAction(actionDir, { organization: "acme", "github-token": token, "fail-on": "high" }, env);
}, 240_000);
afterAll(async () => {
  await sandbox?.close();
});

/** Every workflow command line the runner would act on, from both streams. */
const commands = (run: ActionRun) => `${run.stdout}\n${run.stderr}`.split("\n").filter((l) => l.startsWith("::"));

describe("the keyless action, fail-on high, every format", () => {
  it("runs from action.yml and dist/ alone, and exits 1 because of high and critical findings", () => {
    expect(existsSync(join(actionDir, "node_modules"))).toBe(false);
    expect(failing.stderr).not.toMatch(/error\[/);
    expect(failing.code).toBe(1);
    expect(failing.outputs.failed).toBe("true");
    expect(Number(failing.outputs["findings-critical"]) + Number(failing.outputs["findings-high"])).toBeGreaterThan(0);
  });

  it("writes every declared output, with the counts of the audit and the plan of the same scan", () => {
    const reports = join(failing.workspace, "keyless-reports");
    const audit = JSON.parse(readFileSync(join(reports, "audit.json"), "utf8"));
    const s = audit.summary;
    expect(failing.outputs).toMatchObject({
      keys: String(s.accessKeys),
      "active-keys": String(s.activeAccessKeys),
      "linked-keys": String(s.linkedKeys),
      "repos-scanned": String(s.reposScanned),
      "repos-affected": String(s.reposWithStaticKeys),
      "findings-critical": String(s.findingsBySeverity.critical),
      "findings-high": String(s.findingsBySeverity.high),
      "findings-medium": String(s.findingsBySeverity.medium),
      "report-dir": reports,
      "sarif-file": join(reports, "audit.sarif"),
    });
    expect(Number(failing.outputs.keys)).toBeGreaterThanOrEqual(30);
    expect(Number(failing.outputs["repos-scanned"])).toBe(sandbox.world.github.repos.filter((r) => r.owner === "acme").length);
    const now = new Date("2026-11-20T12:00:00Z");
    const inventory = parseInventory(readFileSync(join(reports, "inventory.json"), "utf8"), "inventory.json");
    const plan = buildPlan({ inventory, analysis: analyze(inventory, analysisConfig(undefined), now), config: planConfig(undefined), now });
    expect(failing.outputs["repos-ready"]).toBe(String(plan.repos.filter((r) => r.status === "ready").length));
    expect(failing.outputs["repos-blocked"]).toBe(String(plan.repos.filter((r) => r.status === "blocked").length));
    expect(Number(failing.outputs["repos-ready"])).toBeGreaterThan(0);
  });

  it("writes the reports, lists them, and the SARIF is what upload-sarif takes", () => {
    const files = failing.outputs["report-files"]?.split("\n") ?? [];
    expect(files.map((f) => f.split("/").pop()).sort()).toEqual(["audit.csv", "audit.html", "audit.json", "audit.md", "audit.sarif", "findings.csv", "inventory.json"]);
    for (const f of files) expect(existsSync(f), f).toBe(true);
    const sarif = JSON.parse(readFileSync(failing.outputs["sarif-file"] ?? "", "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
  });

  it("writes the job summary: the verdict, the audit's numbers and top findings, the migration", () => {
    const n = Number(failing.outputs["findings-critical"]) + Number(failing.outputs["findings-high"]);
    expect(failing.summary.startsWith("# keyless audit — GitHub acme, AWS o-")).toBe(true);
    expect(failing.summary).toContain(`**Failed**: fail-on high: ${n} unsuppressed findings high or above.`);
    expect(failing.summary).toContain(`| repositories scanned | ${failing.outputs["repos-scanned"]} |`);
    expect(failing.summary).toContain("**Top findings**");
    expect(failing.summary).toContain(`| ready | ${failing.outputs["repos-ready"]} |`);
    expect(failing.summary).toContain("- `audit.sarif`");
  });

  it("stops workflow commands while repository text is logged, and annotates only its own verdict", () => {
    const [stop, ...rest] = commands(failing);
    const token = /^::stop-commands::(keyless-[0-9a-f-]{36})$/.exec(stop ?? "")?.[1];
    expect(token, stop).toBeDefined();
    expect(rest).toEqual([`::${token}::`, expect.stringMatching(/^::error title=keyless audit::fail-on high: \d+ unsuppressed findings high or above$/)]);
    expect(failing.stdout.split("\n")[0]).toBe(stop);
  });

  it("never prints or writes the token, and leaves nothing in RUNNER_TEMP", () => {
    expect(token.length).toBeGreaterThan(8);
    const reports = join(failing.workspace, "keyless-reports");
    const texts = [failing.stdout, failing.stderr, failing.summary, failing.outputFile, ...readdirSync(reports).map((f) => readFileSync(join(reports, f), "utf8"))];
    for (const text of texts) expect(text.includes(token)).toBe(false);
    expect(readdirSync(failing.runnerTemp)).toEqual([]);
  });
});

describe("the keyless action, other inputs", () => {
  it("fail-on none passes; formats and out choose what is written and where", async () => {
    const run = await runAction(actionDir, { organization: "acme", "github-token": token, formats: "md, sarif", out: "audit/weekly" }, env);
    expect(run.code).toBe(0);
    expect(run.outputs.failed).toBe("false");
    const dir = join(run.workspace, "audit", "weekly");
    expect(readdirSync(dir).sort()).toEqual(["audit.md", "audit.sarif"]);
    expect(run.outputs["report-files"]).toBe([join(dir, "audit.md"), join(dir, "audit.sarif")].join("\n"));
    expect(run.summary).toContain("Passed: fail-on none: findings never fail the run.");
    expect(run.stdout).toContain("keyless: fail-on none");
  });

  it("a bad input exits 2 with the error, writes no output, and the annotation names only the code", async () => {
    const run = await runAction(actionDir, { organization: "acme", "github-token": token, "fail-on": "severe" }, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error[BadActionInput]: fail-on must be one of");
    expect(run.outputFile).toBe("");
    expect(commands(run).at(-1)).toBe("::error title=keyless audit::error BadActionInput (see the log above)");
  });

  it("an App key given as text never reaches the log, and its file is gone after the run", async () => {
    const pem = ["-----BEGIN PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7not+a+real+key", "-----END PRIVATE KEY-----"].join("\n");
    const run = await runAction(actionDir, { organization: "acme", "app-id": "4242", "app-private-key": pem }, env);
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBe(1);
    expect(`${run.stdout}${run.stderr}${run.summary}${run.outputFile}`).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7");
    expect(readdirSync(run.runnerTemp)).toEqual([]);
  });
});

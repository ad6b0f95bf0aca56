// The GitHub Action authenticated as a GitHub App: `keyless sandbox` run as a user runs it, its app id
// and private key (the PEM text, as a workflow passes a secret) as the action's inputs and no token;
// the audit must see what a token run sees, and the key must appear in no output.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packAction, runAction, type ActionRun } from "../support/action-runner.js";
import { sandboxApp, startSandboxProcess, type SandboxProcess } from "../support/sandbox-process.js";

let sandbox: SandboxProcess;
let pem: string;
let withToken: ActionRun;
let withApp: ActionRun;

const COUNTS = ["keys", "active-keys", "linked-keys", "repos-scanned", "repos-affected", "findings-critical", "findings-high", "findings-medium", "repos-ready", "repos-blocked", "failed"];

beforeAll(async () => {
  let actionDir: string;
  [actionDir, sandbox] = await Promise.all([packAction(), startSandboxProcess()]);
  const app = sandboxApp(sandbox.stdout);
  pem = readFileSync(app.keyPath, "utf8");
  // The job's environment (AWS credentials, the API URL) without any GitHub credential of its own.
  const env = { ...sandbox.env, GITHUB_TOKEN: undefined, GH_TOKEN: undefined };
  [withToken, withApp] = await Promise.all([
    runAction(actionDir, { organization: "acme", "github-token": sandbox.env.GITHUB_TOKEN ?? "" }, env),
    runAction(actionDir, { organization: "acme", "app-id": app.id, "app-private-key": pem }, env),
  ]);
}, 240_000);
afterAll(async () => {
  await sandbox?.stop();
});

/**
 * The summary without what differs between two runs by design: the workspace, and the request counts
 * (the App mints a token; two audits at once against one sandbox meet different throttling).
 */
const stable = (run: ActionRun) => run.summary.replaceAll(run.workspace, "<workspace>").replace(/^\| API requests .*$/m, "<requests>");

describe("the keyless action as a GitHub App (key given as text, no token)", () => {
  it("succeeds and reports the same counts and summary as a token run", () => {
    expect(withApp.stderr).not.toMatch(/error\[/);
    expect(withApp.code, withApp.stderr).toBe(withToken.code);
    expect(Number(withApp.outputs.keys)).toBeGreaterThanOrEqual(30);
    expect(Number(withApp.outputs["repos-scanned"])).toBeGreaterThan(0);
    const counts = (run: ActionRun) => Object.fromEntries(COUNTS.map((k) => [k, run.outputs[k]]));
    expect(counts(withApp)).toEqual(counts(withToken));
    expect(stable(withApp)).toEqual(stable(withToken));
    const findings = (run: ActionRun) => JSON.parse(readFileSync(join(run.workspace, "keyless-reports", "audit.json"), "utf8")).findings;
    expect(findings(withApp).length).toBeGreaterThan(50);
    expect(findings(withApp)).toEqual(findings(withToken));
  });

  it("never prints or writes any line of the key, and removes its key file", () => {
    const reports = join(withApp.workspace, "keyless-reports");
    const texts = [withApp.stdout, withApp.stderr, withApp.summary, withApp.outputFile, ...readdirSync(reports).map((f) => readFileSync(join(reports, f), "utf8"))];
    const body = pem.split("\n").filter((l) => l.length > 0 && !l.startsWith("-----"));
    expect(body.length).toBeGreaterThan(10);
    for (const text of texts) for (const line of body) expect(text.includes(line)).toBe(false);
    expect(readdirSync(withApp.runnerTemp)).toEqual([]);
  });
});

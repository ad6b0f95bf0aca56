// Issue 11: `--debug` prints an error's causes with their SDK details, and still no secret value.
// Errors are forced through the CLI against the sandbox: AWS rejecting a signature (real AWS, and the
// fake, echo the canonical request with x-amz-security-token in the message), GitHub rejecting a
// token, a token lacking the workflow permission on `pr --apply`, and 5xx, dropped connections and
// expired sessions from the fault mix. Every stream is searched for every credential the sandbox
// holds (its callers' secret keys and session tokens, its GitHub tokens) and for the ones planted here.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { runCli, tempDir, type CliResult } from "../support/cli.js";

const canary = (prefix = "") => `${prefix}${randomBytes(24).toString("base64")}`;
const SESSION = { accessKeyId: "ASIASANDBOXDEBUGTEST", secretAccessKey: canary(), sessionToken: canary("IQoJ") };
/** An installation token without the workflows permission: no scopes header, so only the write fails. */
const NO_WORKFLOW_TOKEN = canary("cnry_");
const WRONG_GITHUB_TOKEN = canary("ghp_");
const WRONG_AWS_SECRET = canary();

/** Every credential the sandbox knows, and the ones planted: none may appear in an output. */
function secretsOf(sandbox: Sandbox): Record<string, string> {
  const out: Record<string, string> = { WRONG_GITHUB_TOKEN, WRONG_AWS_SECRET, NO_WORKFLOW_TOKEN };
  for (const caller of Object.values(sandbox.world.aws.callers)) {
    out[`${caller.accessKeyId} secret`] = caller.secretAccessKey;
    if (caller.sessionToken) out[`${caller.accessKeyId} token`] = caller.sessionToken;
  }
  for (const t of sandbox.world.github.tokens) out[`github ${t.login}`] = t.token;
  return out;
}

function leaks(result: CliResult, secrets: Record<string, string>): string[] {
  const text = `${result.stdout}\n${result.stderr}`;
  return Object.entries(secrets).filter(([, v]) => v.length >= 6 && [v, v.slice(0, 16), v.slice(-16)].some((n) => text.includes(n))).map(([k]) => k);
}

describe.concurrent("--debug shows what failed and no secret", () => {
  let sandbox: Sandbox;
  let down: Sandbox;
  let faulty: Sandbox;
  beforeAll(async () => {
    [sandbox, down, faulty] = await Promise.all([
      startSandbox({ scenario: "acme" }),
      startSandbox({ scenario: "acme", only: "aws", limits: "none", faults: { mix: { error: 1, seed: 3 } } }),
      startSandbox({ scenario: "acme", only: "aws", limits: "none", faults: { mix: { expire: 0.3, reset: 0.05, seed: 3 } } }),
    ]);
    const management = Object.values(sandbox.world.aws.callers).find((c) => c.accessKeyId === sandbox.env.AWS_ACCESS_KEY_ID);
    sandbox.world.aws.callers[SESSION.accessKeyId] = { ...management!, ...SESSION };
    sandbox.world.github.tokens.push({ token: NO_WORKFLOW_TOKEN, scopes: ["repo"], login: "no-workflows[bot]", kind: "installation" });
  });
  afterAll(async () => {
    await Promise.all([sandbox?.close(), down?.close(), faulty?.close()]);
  });

  it("AWS's signature error, which echoes the session token, prints its status and request id, not the token", async () => {
    const env = { ...sandbox.env, AWS_ACCESS_KEY_ID: SESSION.accessKeyId, AWS_SECRET_ACCESS_KEY: WRONG_AWS_SECRET, AWS_SESSION_TOKEN: SESSION.sessionToken };
    const result = await runCli(["audit", "--no-github", "--out", await tempDir(), "--debug"], { env });
    expect(leaks(result, secretsOf(sandbox))).toEqual([]);
    expect(result.stderr).toContain("error[BadAwsCredentials]");
    expect(result.stderr).toMatch(/caused by SignatureDoesNotMatch: The request signature we calculated/);
    expect(result.stderr).toMatch(/HTTP 403 · .*request id \S+/);
    expect(result.stderr).toMatch(/x-amz-security-token:\[redacted\]/);
    expect(result.stderr).toMatch(/\n\s+at /); // the stack frames --debug promises
  });

  it("GitHub's 401 prints the method, URL and status, not the token", async () => {
    const result = await runCli(["audit", "--org", "acme", "--no-aws", "--out", await tempDir(), "--debug"], { env: { ...sandbox.env, GITHUB_TOKEN: WRONG_GITHUB_TOKEN } });
    expect(result.stderr).toContain("error[BadGithubToken]");
    expect(result.stderr).toMatch(/caused by HttpError: Bad credentials[^\n]*\n\s+HTTP 401 · GET http:\/\/127\.0\.0\.1:\d+\//);
    expect(leaks(result, secretsOf(sandbox))).toEqual([]);
  });

  it("pr --apply with a token that may not write workflows names the permission, and --debug shows GitHub's answer, not the token", async () => {
    const result = await runCli(["pr", "--org", "acme", "--repo", "billing-api", "--apply", "--debug"], { env: { ...sandbox.env, GITHUB_TOKEN: NO_WORKFLOW_TOKEN }, cwd: await tempDir() });
    expect(result.code).not.toBe(0);
    // The write's request carried the token and the file's blob; the answer is what is shown.
    expect(result.stderr).toMatch(/error\[MissingWorkflowPermission\][\s\S]*caused by HttpError: refusing to allow[^\n]*\n\s+HTTP 422 · (PATCH|POST) http/);
    expect(leaks(result, secretsOf(sandbox))).toEqual([]);
  });

  it("with AWS down (5xx after every retry) or sessions expiring mid-scan, --debug prints the SDK's details and no secret", async () => {
    const [failed, expiring] = await Promise.all([
      runCli(["audit", "--no-github", "--out", await tempDir(), "--debug"], { env: down.env }),
      runCli(["audit", "--no-github", "--out", await tempDir(), "--debug"], { env: faulty.env }),
    ]);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/HTTP 5\d\d · request id \S+ · attempts \d+/);
    expect(expiring.stderr + expiring.stdout).toMatch(/skipped: [1-9]/);
    expect(leaks(failed, secretsOf(down))).toEqual([]);
    expect(leaks(expiring, secretsOf(faulty))).toEqual([]);
  }, 120_000);
});

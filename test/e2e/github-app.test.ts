// GitHub App authentication end to end: the built CLI against `keyless sandbox` processes, as a
// user would run them, with the app id and key file the sandbox prints.
import { generateKeyPairSync } from "node:crypto";
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support/cli.js";
import { sandboxApp, startSandboxProcess, type SandboxProcess } from "../support/sandbox-process.js";

interface Finding {
  ruleId: string;
  severity: string;
  location?: unknown;
}

async function findingsOf(dir: string): Promise<string[]> {
  const audit = JSON.parse(await readFile(join(dir, "audit.json"), "utf8")) as { findings: Finding[] };
  return audit.findings.map((f) => JSON.stringify([f.ruleId, f.severity, f.location])).sort();
}

async function tokenMints(dir: string): Promise<number> {
  const inventory = JSON.parse(await readFile(join(dir, "inventory.json"), "utf8")) as { requests: Array<{ side: string; endpoint: string; count: number }> };
  return inventory.requests.filter((r) => r.side === "github" && /^POST \/app\/installations\/[^/]+\/access_tokens$/.test(r.endpoint)).reduce((n, r) => n + r.count, 0);
}

function api(sandbox: SandboxProcess) {
  return async (path: string): Promise<any> => {
    const response = await fetch(`${sandbox.env.GITHUB_API_URL}${path}`, { headers: { authorization: `token ${sandbox.env.GITHUB_TOKEN}` } });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
    return response.json();
  };
}

describe("GitHub App authentication", () => {
  let sandbox: SandboxProcess;
  let app: { id: string; keyPath: string };
  let root: string;
  const asApp = () => ["--app-id", app.id, "--app-private-key", app.keyPath];

  beforeAll(async () => {
    root = await tempDir("keyless-app-");
    sandbox = await startSandboxProcess(["--limits", "primary"]);
    app = sandboxApp(sandbox.stdout);
  }, 60_000);

  afterAll(async () => {
    await sandbox?.stop();
  });

  it("keyless sandbox writes the app's private key to a file only its owner can read, and does not print it", async () => {
    const { stat } = await import("node:fs/promises");
    expect((await stat(app.keyPath)).mode & 0o777).toBe(0o600);
    const pem = await readFile(app.keyPath, "utf8");
    expect(pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(sandbox.stdout).not.toContain(pem.split("\n")[3]);
  });

  it("audit through the App finds what audit with the token finds", async () => {
    const withToken = await runCli(["audit", "--org", "acme", "--out", "token", "-q"], { env: sandbox.env, cwd: root });
    expect(withToken.code, withToken.stderr).toBe(0);
    // The app's environment only: no token to fall back on.
    const env = { ...sandbox.env, GITHUB_TOKEN: undefined, GITHUB_APP_ID: app.id, GITHUB_APP_PRIVATE_KEY: app.keyPath };
    const withApp = await runCli(["audit", "--org", "acme", "--out", "app", "-q"], { env, cwd: root });
    expect(withApp.code, withApp.stderr).toBe(0);
    const findings = await findingsOf(join(root, "app"));
    expect(findings.length).toBeGreaterThan(50);
    expect(findings).toEqual(await findingsOf(join(root, "token")));
    expect(await tokenMints(join(root, "app"))).toBe(1);
    expect(await tokenMints(join(root, "token"))).toBe(0);
  }, 180_000);

  it("pr --apply through the App: the pull request and its commit are the app's bot's", async () => {
    const run = await runCli(["pr", "--from", "token", "--repo", "billing-api", "--apply", ...asApp()], { env: { ...sandbox.env, GITHUB_TOKEN: undefined }, cwd: root });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/acme\/billing-api: opened #\d+/);
    const get = api(sandbox);
    const [pull] = await get("/repos/acme/billing-api/pulls?state=open");
    expect(pull.user).toMatchObject({ login: "keyless-sandbox[bot]", type: "Bot" });
    const commit = await get(`/repos/acme/billing-api/git/commits/${pull.head.sha}`);
    expect(commit.author.name).toBe("keyless-sandbox[bot]");
    expect(commit.author.email).toMatch(/^\d+\+keyless-sandbox\[bot\]@users\.noreply\.github\.com$/);
  }, 120_000);

  it("a key file that cannot be read, a file that is no key, another app's key, a wrong app id and an org without the app: each a clear error, exit code 2", async () => {
    await writeFile(join(root, "notes.pem"), "not a key\n");
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    await writeFile(join(root, "other.pem"), privateKey, { mode: 0o600 });
    const env = { ...sandbox.env, GITHUB_TOKEN: undefined };
    const cases: Array<[string[], string, RegExp]> = [
      [["--app-id", app.id, "--app-private-key", join(root, "missing.pem")], "GithubAppKeyUnreadable", /missing\.pem: no such file/],
      [["--app-id", app.id, "--app-private-key", join(root, "notes.pem")], "GithubAppKeyInvalid", /not an RSA private key in PEM form/],
      [["--app-id", app.id, "--app-private-key", join(root, "other.pem")], "GithubAppJwtRejected", /A JSON web token could not be decoded/],
      [["--app-id", "424242", "--app-private-key", app.keyPath], "GithubAppJwtRejected", /Integration not found/],
    ];
    for (const [flags, code, message] of cases) {
      const run = await runCli(["audit", "--org", "acme", "--no-aws", "--out", "bad", ...flags], { env, cwd: root });
      expect(run.code, `${code}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toContain(`error[${code}]`);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/\n {2}fix: /);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    const elsewhere = await runCli(["audit", "--org", "globex", "--no-aws", "--out", "bad", ...asApp()], { env, cwd: root });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain("error[GithubAppNotInstalled]: GitHub App");
    expect(elsewhere.stderr).toContain("not installed on the organization globex");
  }, 120_000);

  it("pr --apply through an App without workflows: write names that permission and writes nothing", async () => {
    const limited = await startSandboxProcess([
      "--limits",
      "primary",
      "--app-permissions",
      "metadata=read,contents=write,pull_requests=write,workflows=read,actions=read,secrets=read,actions_variables=read,environments=read,organization_secrets=read,organization_actions_variables=read",
    ]);
    try {
      const cwd = await tempDir("keyless-app-limited-");
      await cp(join(root, "token"), join(cwd, "reports"), { recursive: true });
      const key = sandboxApp(limited.stdout);
      const run = await runCli(["pr", "--from", "reports", "--apply", "--app-id", key.id, "--app-private-key", key.keyPath], { env: { ...limited.env, GITHUB_TOKEN: undefined }, cwd });
      expect(run.code, run.stdout).toBe(2);
      expect(run.stderr).toContain("error[MissingAppPermission]: The GitHub App keyless-sandbox[bot] lacks `workflows: write`");
      expect(run.stderr).toContain("Nothing was written");
      expect(run.stderr).toContain("Workflows: Read and write");
      expect(run.stderr).not.toMatch(/scope/);
      const get = api(limited);
      expect(await get("/repos/acme/billing-api/pulls?state=all")).toEqual([]);
    } finally {
      await limited.stop();
    }
  }, 120_000);

  it("renews the installation token when it expires during a scan (sandbox clock 3600x: a token lasts 1 s; every answer 100 ms late)", async () => {
    // The latency makes the scan outlive a token on any machine: it sends well over a hundred
    // requests, a few at a time, each at least 100 ms long.
    const fast = await startSandboxProcess(["--limits", "primary", "--time-scale", "3600", "--latency", "100"]);
    try {
      const key = sandboxApp(fast.stdout);
      const cwd = await tempDir("keyless-app-renew-");
      const started = Date.now();
      const run = await runCli(["audit", "--org", "acme", "--no-aws", "--out", "app", "-q", "--app-id", key.id, "--app-private-key", key.keyPath], { env: { ...fast.env, GITHUB_TOKEN: undefined }, cwd });
      const seconds = (Date.now() - started) / 1000;
      expect(run.code, run.stderr).toBe(0);
      const token = await runCli(["audit", "--org", "acme", "--no-aws", "--out", "token", "-q"], { env: fast.env, cwd });
      expect(token.code, token.stderr).toBe(0);
      expect(await findingsOf(join(cwd, "app"))).toEqual(await findingsOf(join(cwd, "token")));
      const inventory = JSON.parse(await readFile(join(cwd, "app", "inventory.json"), "utf8")) as { skipped: Array<{ code?: string }> };
      expect(inventory.skipped.filter((s) => s.code === "BadCredentials")).toEqual([]);
      // The scan outlived its first token: new ones were minted as they expired.
      const mints = await tokenMints(join(cwd, "app"));
      console.log(`renewal: scan ${seconds.toFixed(1)} s, tokens of 1 s, ${mints} minted`);
      expect(seconds).toBeGreaterThan(2);
      expect(mints).toBeGreaterThanOrEqual(2);
    } finally {
      await fast.stop();
    }
  }, 180_000);
});

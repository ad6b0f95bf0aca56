// `keyless audit --upload-sarif` end to end: the built binary against a sandbox in this process, so
// what code scanning received can be read back from the world and compared with the audit.
// A dry run sends nothing; --apply gives each affected repository exactly its own findings; a
// repository without Advanced Security is skipped while the others upload; a second run is harmless;
// no secret value (planted canaries, the sandbox's own credentials) is in any payload.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import type { GithubRepo } from "../../src/sandbox/world.js";
import { runCli, tempDir, type CliResult } from "../support/cli.js";

const CANARY = { env: randomBytes(30).toString("base64"), run: randomBytes(30).toString("base64") };
const CANARY_REPO = "acme/orders-service";

let sandbox: Sandbox;
let out: string;
let dry: CliResult;
let apply: CliResult;
let again: CliResult;
let audit: any;
let disabled: string;
let affected: string[];
let uploadedByDryRun: number;
const firstUploads = new Map<string, number>();

const repoOf = (name: string): GithubRepo => {
  const repo = sandbox.world.github.repos.find((r) => r.fullName === name);
  if (!repo) throw new Error(`no ${name} in the sandbox`);
  return repo;
};
const uploadsOf = (name: string) => repoOf(name).sarifUploads ?? [];
const wouldUpload = (stdout: string) => [...stdout.matchAll(/^(\S+): would upload /gm)].map((m) => m[1] as string);

/** What code scanning makes alerts of: rule, fingerprint and place of each result. */
const alerts = (sarif = "{}") =>
  JSON.parse(sarif).runs[0].results.map((r: any) => `${r.ruleId} ${r.partialFingerprints["keylessFingerprint/v1"]} ${JSON.stringify(r.locations)}`);

async function branchHead(repo: GithubRepo): Promise<string> {
  const res = await fetch(`${sandbox.env.GITHUB_API_URL}/repos/${repo.fullName}/git/ref/heads/${repo.defaultBranch}`, { headers: { authorization: `token ${sandbox.env.GITHUB_TOKEN}` } });
  return ((await res.json()) as { object: { sha: string } }).object.sha;
}

beforeAll(async () => {
  // A scaled clock: keyless spaces its uploads a second apart on GitHub, a twentieth of one here.
  sandbox = await startSandbox({ scenario: "acme", timeScale: 20 });
  // A workflow with literal secrets in an affected repository: its findings are uploaded, its secrets must not be.
  repoOf(CANARY_REPO).files[".github/workflows/canary.yml"] = [
    "name: canary",
    "on: push",
    "jobs:",
    "  ship:",
    "    runs-on: ubuntu-latest",
    "    env:",
    "      AWS_ACCESS_KEY_ID: AKIAZZZZZZZZZZZZZZZ2",
    `      AWS_SECRET_ACCESS_KEY: ${CANARY.env}`,
    "    steps:",
    `      - run: aws configure set aws_secret_access_key ${CANARY.run} && aws s3 ls`,
    "",
  ].join("\n");
  out = await tempDir("keyless-sarif-");
  dry = await runCli(["audit", "--org", "acme", "--out", join(out, "dry"), "--upload-sarif"], { env: sandbox.env });
  affected = wouldUpload(dry.stdout);
  uploadedByDryRun = sandbox.world.github.repos.flatMap((r) => r.sarifUploads ?? []).length;
  // One affected repository (not the canary's) without GitHub Advanced Security.
  disabled = affected.find((r) => r !== CANARY_REPO) as string;
  repoOf(disabled).codeScanningEnabled = false;
  apply = await runCli(["audit", "--org", "acme", "--out", join(out, "apply"), "--upload-sarif", "--apply"], { env: sandbox.env });
  audit = JSON.parse(await readFile(join(out, "apply", "audit.json"), "utf8"));
  for (const r of sandbox.world.github.repos) firstUploads.set(r.fullName, r.sarifUploads?.length ?? 0);
  again = await runCli(["audit", "--from", join(out, "apply"), "--out", join(out, "again"), "--upload-sarif", "--apply"], { env: sandbox.env });
}, 300_000);

afterAll(async () => {
  await sandbox?.close();
});

describe("audit --upload-sarif", () => {
  it("dry run: lists each affected repository with its result count and size, and uploads nothing", () => {
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Dry run: would upload SARIF/);
    expect(affected.length).toBeGreaterThan(5);
    expect(affected).toContain(CANARY_REPO);
    expect(dry.stdout).toMatch(/: would upload \d+ results? \([\d.]+ KB gzipped\) for refs\/heads\/\S+ at [0-9a-f]{12}/);
    expect(dry.stdout).toMatch(/nothing uploaded; --apply uploads/);
    expect(uploadedByDryRun).toBe(0);
  });

  it("--apply: uploads to every affected repository but the one without Advanced Security, which is skipped with GitHub's message", () => {
    expect(apply.code, apply.stderr).toBe(0);
    const uploaded = affected.filter((r) => r !== disabled);
    for (const name of uploaded) expect(firstUploads.get(name), name).toBe(1);
    expect(firstUploads.get(disabled)).toBe(0);
    expect(apply.stdout).toContain(`${disabled}: skipped: code scanning is not available here: Advanced Security must be enabled for this repository to use code scanning. (403)`);
    expect(apply.stdout).toMatch(new RegExp(`code scanning: ${uploaded.length} uploaded, \\d+ skipped, 0 failed`));
    expect(apply.stdout).toMatch(new RegExp(`skipped ${disabled}: code scanning is not available`));
  });

  it("repositories without findings get nothing", () => {
    const unaffected = sandbox.world.github.repos.filter((r) => !affected.includes(r.fullName));
    expect(unaffected.length).toBeGreaterThan(0);
    for (const r of unaffected) expect(firstUploads.get(r.fullName), r.fullName).toBe(0);
  });

  it("each upload names the default branch, its scanned head commit and keyless's category, and prints GitHub's id and status URL", async () => {
    for (const name of affected.filter((r) => r !== disabled)) {
      const repo = repoOf(name);
      const [u] = uploadsOf(name);
      expect(u).toMatchObject({ ref: `refs/heads/${repo.defaultBranch}`, commitSha: await branchHead(repo), toolName: "keyless", category: "keyless/", processingStatus: "complete", errors: [] });
      expect(apply.stdout).toContain(`${name}: uploaded `);
      expect(apply.stdout).toContain(`sarif id ${u?.id} · status ${sandbox.env.GITHUB_API_URL}/repos/${name}/code-scanning/sarifs/${u?.id}`);
    }
  });

  it("each repository's payload holds exactly its own findings, at files of that repository", () => {
    const linkedRepos = (keyId: string) => new Set(audit.links.filter((l: any) => l.accessKeyId === keyId).map((l: any) => l.repo));
    for (const name of affected.filter((r) => r !== disabled)) {
      const log = JSON.parse(uploadsOf(name)[0]?.sarif ?? "{}");
      expect(log.version).toBe("2.1.0");
      expect(log.runs).toHaveLength(1);
      const results: any[] = log.runs[0].results;
      const got = results.map((r) => r.partialFingerprints["keylessFingerprint/v1"]).sort();
      // Findings located in this repository, and key or secret findings about it (placed at its workflow line).
      const own = audit.findings.filter((f: any) => f.location?.repo === name).map((f: any) => f.fingerprint);
      for (const fp of own) expect(got, `${name} lacks ${fp}`).toContain(fp);
      for (const r of results) {
        const finding = audit.findings.find((f: any) => f.fingerprint === r.partialFingerprints["keylessFingerprint/v1"]);
        expect(finding, `${name}: ${r.ruleId} is no finding of the audit`).toBeDefined();
        const s = finding.subject;
        const about = finding.location?.repo === name || (s.type === "key" && linkedRepos(s.accessKeyId).has(name)) || (s.type === "secret" && (s.repo === name || s.scope === "organization"));
        expect(about, `${name}: ${r.ruleId} ${JSON.stringify(s)}`).toBe(true);
        expect(r.properties.repository).toBe(name);
        const uri = r.locations[0].physicalLocation.artifactLocation.uri;
        // A finding located in this repository sits at its own path (a secret-scanning alert may name a
        // file from the history that the head no longer has); any other at one of the repository's files.
        if (finding.location?.repo === name) expect(uri, `${name}: ${r.ruleId}`).toBe(finding.location.path);
        else expect(Object.keys(repoOf(name).files), `${name}: ${uri}`).toContain(uri);
      }
    }
  });

  it("a second run is harmless: the same results for the same commit, ref and category, which code scanning replaces", () => {
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Uploading again is harmless/);
    for (const name of affected.filter((r) => r !== disabled)) {
      const [first, second] = uploadsOf(name);
      expect(uploadsOf(name)).toHaveLength(2);
      expect(second?.id).not.toBe(first?.id);
      // The rerun reads the saved inventory, whose messages say a secret was masked there: same results otherwise.
      expect({ ...second, id: "", receivedAt: "", sarif: "" }).toEqual({ ...first, id: "", receivedAt: "", sarif: "" });
      expect(alerts(second?.sarif)).toEqual(alerts(first?.sarif));
    }
    expect(uploadsOf(disabled)).toEqual([]);
  });

  it("no secret value in any payload: the planted canaries, the sandbox's AWS secret and GitHub token", () => {
    const payloads = sandbox.world.github.repos.flatMap((r) => (r.sarifUploads ?? []).map((u) => u.sarif));
    expect(payloads.join("\n")).toContain("canary.yml");
    const secrets = [CANARY.env, CANARY.run, sandbox.env.AWS_SECRET_ACCESS_KEY, sandbox.env.GITHUB_TOKEN].filter((s): s is string => Boolean(s));
    expect(secrets.length).toBe(4);
    for (const secret of secrets) {
      for (const part of [secret, secret.slice(0, 20), secret.slice(-20)]) expect(payloads.some((p) => p.includes(part))).toBe(false);
      expect(apply.stdout + apply.stderr + dry.stdout).not.toContain(secret);
    }
  });

  it("a token without security_events is named before anything is uploaded; --apply alone is refused", async () => {
    const weak = "ghp_sandboxNoSecurityEvents0000000000000";
    sandbox.world.github.tokens.push({ token: weak, scopes: ["public_repo", "read:org"], login: "octo-weak" });
    const before = sandbox.world.github.repos.flatMap((r) => r.sarifUploads ?? []).length;
    const refused = await runCli(["audit", "--from", join(out, "apply"), "--out", join(out, "weak"), "--upload-sarif", "--apply"], { env: { ...sandbox.env, GITHUB_TOKEN: weak } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/MissingTokenScope/);
    expect(refused.stderr).toMatch(/lacks the `security_events` scope \(it has: public_repo, read:org\)/);
    expect(refused.stderr).toMatch(/Code scanning alerts: read and write/);
    expect(refused.stderr).not.toContain(weak);
    expect(sandbox.world.github.repos.flatMap((r) => r.sarifUploads ?? []).length).toBe(before);
    const alone = await runCli(["audit", "--from", join(out, "apply"), "--out", join(out, "alone"), "--apply"], { env: sandbox.env });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--apply only applies --upload-sarif/);
  });
});

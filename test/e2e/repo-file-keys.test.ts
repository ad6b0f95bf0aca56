// Keys written in repository files other than workflows (.env, config/*.yml, *.tfvars): found through
// the organization's secret-scanning alerts against the sandbox, and by reading the files with --local;
// reported as KL120 at file and line, and never copied: the canary secret is in no output.
import { randomBytes } from "node:crypto";
import { readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { checkout, staticKeyWorkflow } from "../support/checkout.js";
import { runCli, tempDir, type CliResult } from "../support/cli.js";

const CANARY = { alert: randomBytes(30).toString("base64"), dotenv: randomBytes(30).toString("base64"), tfvars: randomBytes(30).toString("base64"), linked: randomBytes(30).toString("base64") };
let sandbox: Sandbox;
let root: string;
let keyId: string;
const runs: CliResult[] = [];

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true, recursive: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "acme" });
  root = await tempDir("keyless-file-keys-");
  const key = Object.values(sandbox.world.aws.iam).flatMap((a) => a.accessKeys).find((k) => k.userName === "gha-search-indexer")!;
  keyId = key.accessKeyId;
  // What GitHub's secret scanning would have found in a committed .env of mobile-backend.
  const repo = sandbox.world.github.repos.find((r) => r.name === "mobile-backend")!;
  const base = { createdAt: "2026-11-01T10:00:00Z", state: "open" as const, path: ".env" };
  repo.secretScanningAlerts.push(
    { ...base, number: 901, secretType: "aws_access_key_id", secretTypeDisplayName: "Amazon AWS Access Key ID", secret: keyId, line: 1 },
    { ...base, number: 902, secretType: "aws_secret_access_key", secretTypeDisplayName: "Amazon AWS Secret Access Key", secret: CANARY.alert, line: 2 },
  );
  const local = await checkout(root, "shop", {
    ".github/workflows/deploy.yml": staticKeyWorkflow(),
    ".env": `AWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${CANARY.dotenv}\n`,
    "infra/prod.tfvars": `region = "eu-west-1"\naws_secret_access_key = "${CANARY.tfvars}"\n`,
    "config/app.yml": "log_level: debug\n",
    "assets/logo.env": `\u0000binary AWS_SECRET_ACCESS_KEY=${CANARY.dotenv}\n`,
  }, "git@github.com:acme/shop.git");
  // A committed link to a file outside the checkout is never followed.
  const outside = join(root, "outside.env");
  await writeFile(outside, `AWS_SECRET_ACCESS_KEY=${CANARY.linked}\n`);
  await symlink(outside, join(local, "config", "prod.env"));
  runs.push(await runCli(["audit", "--org", "acme", "--out", "org-reports"], { env: sandbox.env, cwd: root }));
  runs.push(await runCli(["audit", "--local", local, "--no-aws", "--out", "local-reports", "--debug"], { env: sandbox.env, cwd: root }));
}, 180_000);
afterAll(async () => {
  await sandbox?.close();
});

const kl120 = async (dir: string) => JSON.parse(await readFile(join(root, dir, "audit.json"), "utf8")).findings.filter((f: any) => f.ruleId === "KL120");
const at = (f: any) => `${f.severity} ${f.location.repo}/${f.location.path}:${f.location.line}`;

describe("keys in repository files", () => {
  it("through secret-scanning alerts: the secret key at its file and line (critical, with its key), a lone key id as medium", async () => {
    expect(runs[0]?.code).toBe(0);
    const found = await kl120("org-reports");
    expect(found.map(at).sort()).toEqual(["critical acme/mobile-backend/.env:2", "medium acme/mobile-backend/docs/deploying.md:12"]);
    const critical = found.find((f: any) => f.severity === "critical");
    expect(critical.message).toContain(`It belongs to key ${keyId} of IAM user gha-search-indexer`);
    // A resolved alert (payments-gateway's .env.production) is no finding.
    expect(found.some((f: any) => f.location.repo === "acme/payments-gateway")).toBe(false);
  });

  it("with --local, by reading .env and *.tfvars; a binary and a linked file are not read", async () => {
    expect(runs[1]?.code).toBe(0);
    const found = await kl120("local-reports");
    expect(found.map(at).sort()).toEqual(["critical acme/shop/.env:2", "critical acme/shop/infra/prod.tfvars:2"]);
    const audit = JSON.parse(await readFile(join(root, "local-reports", "audit.json"), "utf8"));
    expect(audit.coverage.skipped).toContainEqual(expect.objectContaining({ target: "acme/shop/config/prod.env", code: "Symlink" }));
    const inventory = JSON.parse(await readFile(join(root, "local-reports", "inventory.json"), "utf8"));
    expect(inventory.github.repos[0].fileKeys.map((k: any) => `${k.path}:${k.line}:${k.kind}`)).toEqual([".env:1:access-key-id", ".env:2:secret-access-key", "infra/prod.tfvars:2:secret-access-key"]);
  });

  it("never copies a secret value: not in any report, inventory or stream", async () => {
    const hits: string[] = [];
    for (const file of await filesUnder(root)) {
      if (file.startsWith(join(root, "shop")) || file === join(root, "outside.env")) continue; // the sources themselves
      const bytes = await readFile(file);
      for (const [name, value] of Object.entries(CANARY)) if (bytes.includes(value) || bytes.includes(value.slice(0, 20))) hits.push(`${name} in ${file}`);
    }
    for (const [i, r] of runs.entries()) {
      for (const [name, value] of Object.entries(CANARY)) if ((r.stdout + r.stderr).includes(value.slice(0, 20))) hits.push(`${name} in run ${i}`);
    }
    expect(hits).toEqual([]);
  });
});

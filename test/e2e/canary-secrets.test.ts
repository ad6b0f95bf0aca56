// Issue 11, committed secrets: no output of any command holds a secret value. Canary secret keys
// and a session token are pushed into the running sandbox's repositories (workflows, a composite
// action, run scripts) and written in a local checkout; every command runs through the built CLI;
// then every file written (reports, generated files, the state database as bytes), every stream
// (also with --debug), and the pull requests and commits keyless made on the sandbox are searched for
// each canary, and for the sandbox's own credentials.
import { randomBytes } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildScenario } from "../../src/sandbox/scenario/index.js";
import { checkout } from "../support/checkout.js";
import { runCli, tempDir, type CliResult } from "../support/cli.js";
import { sandboxApp, startSandboxProcess, type SandboxProcess } from "../support/sandbox-process.js";

/** 40 characters of base64 (30 random bytes): a secret access key's shape. */
const secretKey = () => randomBytes(30).toString("base64");
const CANARY = {
  runScript: secretKey(), // billing-api: aws configure set, inside the usage keyless migrates
  env: secretKey(), // orders-service: job env, beside a literal key id of a sandbox user
  input: secretKey(), // orders-service: configure-aws-credentials input
  token: randomBytes(150).toString("base64"), // orders-service: export AWS_SESSION_TOKEN=
  action: secretKey(), // orders-service: composite action's run script
  actionEnv: secretKey(), // orders-service: composite action's env
  localPatched: secretKey(), // local checkout: deleted by fix
  localKept: secretKey(), // local checkout: a file fix cannot patch keeps it (the file it was found in)
  localDotenv: secretKey(), // local checkout: a committed .env (KL120), reported by line, never copied
  localTfvars: secretKey(), // local checkout: Terraform variables (KL120)
};
const ROLE = "arn:aws:iam::111111111111:role/gha-web";

/** Parts of a value that must not show either: the whole, and its two halves' ends. */
function needles(value: string): string[] {
  return [value, value.slice(0, 20), value.slice(-20)];
}

interface Hit {
  canary: string;
  where: string;
}

function search(where: string, bytes: Buffer | string, canaries: Record<string, string>): Hit[] {
  const buf = typeof bytes === "string" ? Buffer.from(bytes) : bytes;
  return Object.entries(canaries).flatMap(([name, value]) => (needles(value).some((n) => buf.includes(n)) ? [{ canary: name, where }] : []));
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
  return out;
}

describe("canary secrets never leave the file they were found in", () => {
  let sandbox: SandboxProcess;
  let sandboxStderr = "";
  const runs: Array<{ name: string; result: CliResult }> = [];
  let root: string;
  let api: (method: string, path: string, body?: unknown) => Promise<any>;
  let own: Record<string, string>;
  let appFlags: string[] = [];

  const run = async (name: string, args: string[], cwd = root) => {
    const result = await runCli(args, { env: sandbox.env, cwd });
    runs.push({ name, result });
    return result;
  };

  async function push(repo: string, edit: (files: (path: string) => Promise<string | undefined>) => Promise<Record<string, string>>) {
    const info = await api("GET", `/repos/${repo}`);
    const head = (await api("GET", `/repos/${repo}/git/ref/heads/${info.default_branch}`)).object.sha;
    const commit = await api("GET", `/repos/${repo}/git/commits/${head}`);
    const tree = await api("GET", `/repos/${repo}/git/trees/${commit.tree.sha}?recursive=1`);
    const read = async (path: string) => {
      const entry = tree.tree.find((e: { path: string }) => e.path === path);
      if (!entry) return undefined;
      const blob = await api("GET", `/repos/${repo}/git/blobs/${entry.sha}`);
      return Buffer.from(blob.content, "base64").toString("utf8");
    };
    const files = await edit(read);
    const newTree = await api("POST", `/repos/${repo}/git/trees`, { base_tree: commit.tree.sha, tree: Object.entries(files).map(([path, content]) => ({ path, mode: "100644", type: "blob", content })) });
    const next = await api("POST", `/repos/${repo}/git/commits`, { message: "add deploy", tree: newTree.sha, parents: [head] });
    await api("PATCH", `/repos/${repo}/git/refs/heads/${info.default_branch}`, { sha: next.sha });
  }

  beforeAll(async () => {
    root = await tempDir("keyless-canary-");
    sandbox = await startSandboxProcess();
    sandbox.child.stderr?.on("data", (d) => (sandboxStderr += String(d)));
    own = {
      sandboxAwsSecret: sandbox.env.AWS_SECRET_ACCESS_KEY as string,
      sandboxGithubToken: sandbox.env.GITHUB_TOKEN as string,
      sandboxAppToken: /GITHUB_TOKEN=(\S+)/.exec(sandbox.stdout.split("\n").find((l) => l.startsWith("#") && l.includes("GITHUB_TOKEN=")) ?? "")?.[1] as string,
    };
    // The GitHub App's private key: two of its base64 lines stand for it.
    const app = sandboxApp(sandbox.stdout);
    const keyLines = (await readFile(app.keyPath, "utf8")).split("\n").filter((l) => /^[A-Za-z0-9+/=]{64}$/.test(l));
    Object.assign(own, { appKeyLine: keyLines[3] as string, appKeyLine2: keyLines[17] as string });
    appFlags = ["--app-id", app.id, "--app-private-key", app.keyPath];
    api = async (method, path, body) => {
      const response = await fetch(`${sandbox.env.GITHUB_API_URL}${path}`, {
        method,
        headers: { authorization: `token ${sandbox.env.GITHUB_TOKEN}`, accept: "application/vnd.github+json", "content-type": "application/json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return response.status === 204 ? undefined : response.json();
    };

    // A key id of a real sandbox user, so the finding can name the user and say the key is active.
    const world = buildScenario("acme");
    const key = Object.values(world.aws.iam).flatMap((a) => a.accessKeys).find((k) => k.status === "Active" && k.userName !== "<root_account>");
    await push("acme/billing-api", async (read) => {
      const path = ".github/workflows/release.yml";
      const text = (await read(path)) as string;
      expect(text).toContain("      - run: ./scripts/deploy.sh staging");
      return {
        [path]: text.replace(
          "      - run: ./scripts/deploy.sh staging",
          `      - run: |\n          aws configure set aws_access_key_id \${{ secrets.AWS_ACCESS_KEY_ID }}\n          aws configure set aws_secret_access_key ${CANARY.runScript}\n          ./scripts/deploy.sh staging`,
        ),
      };
    });
    await push("acme/orders-service", async () => ({
      ".github/workflows/canary.yml": [
        "name: canary",
        "on: push",
        "jobs:",
        "  ship:",
        "    runs-on: ubuntu-latest",
        "    env:",
        `      AWS_ACCESS_KEY_ID: ${key?.accessKeyId}`,
        `      AWS_SECRET_ACCESS_KEY: ${CANARY.env}`,
        "    steps:",
        "      - uses: aws-actions/configure-aws-credentials@v4",
        "        with:",
        "          aws-access-key-id: ${{ secrets.SHIP_KEY_ID }}",
        `          aws-secret-access-key: "${CANARY.input}"`,
        "          aws-region: eu-west-1",
        "      - run: |",
        `          export AWS_SESSION_TOKEN=${CANARY.token}`,
        "          aws s3 ls",
        "      - uses: ./.github/actions/deploy",
        "",
      ].join("\n"),
      ".github/actions/deploy/action.yml": [
        "name: deploy",
        "runs:",
        "  using: composite",
        "  steps:",
        "    - shell: bash",
        "      env:",
        `        AWS_SECRET_ACCESS_KEY: ${CANARY.actionEnv}`,
        "        AWS_ACCESS_KEY_ID: AKIAZZZZZZZZZZZZZZZ2",
        `      run: aws configure set aws_secret_access_key ${CANARY.action} && aws s3 ls`,
        "",
      ].join("\n"),
    }));

    const local = await checkout(root, "web", {
      ".github/workflows/deploy.yml": [
        "on:",
        "  push:",
        "    branches: [main]",
        "jobs:",
        "  ship:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: aws-actions/configure-aws-credentials@v4",
        "        with:",
        "          aws-access-key-id: ${{ secrets.SHIP_KEY_ID }}",
        `          aws-secret-access-key: ${CANARY.localPatched}`,
        "          aws-region: eu-west-1",
        "      - run: aws s3 sync ./site s3://bucket",
        "",
      ].join("\n"),
      ".github/workflows/notes.yml": ["on: push", "jobs:", "  a:", "    runs-on: ubuntu-latest", "    steps:", `      - run: echo "AKIAZZZZZZZZZZZZZZZ2:${CANARY.localKept}" > creds`, ""].join("\n"),
      ".env": `AWS_ACCESS_KEY_ID=AKIAZZZZZZZZZZZZZZZ2\nAWS_SECRET_ACCESS_KEY=${CANARY.localDotenv}\n`,
      "deploy/prod.tfvars": `aws_secret_access_key = "${CANARY.localTfvars}"\n`,
    }, "git@github.com:acme/web.git");

    // Commands that read the same inputs and write different folders run side by side; the ones
    // that change the sandbox (pr --apply) or the checkout (fix) wait for what must see it before.
    const online = async () => {
      await run("audit --debug", ["audit", "--org", "acme", "--out", "reports", "--debug"]);
      await Promise.all([
        run("audit --from --debug", ["audit", "--from", "reports/inventory.json", "--out", "again", "--debug"]),
        run("plan", ["plan", "--from", "reports", "--out", "planned"]),
        run("generate", ["generate", "--from", "reports", "--out", "generated"]),
        run("generate (live scan)", ["generate", "--org", "acme", "--out", "generated-live", "--debug"]),
        run("pr dry run", ["pr", "--from", "reports"]),
        run("pr dry run (live scan)", ["pr", "--org", "acme", "--repo", "billing-api,orders-service"]),
      ]);
      await run("pr --apply", ["pr", "--from", "reports", "--repo", "billing-api,orders-service", "--apply", "--debug"]);
      await run("pr --apply again", ["pr", "--from", "reports", "--repo", "billing-api", "--apply"]);
      await run("verify", ["verify", "--debug"]);
      await run("retire dry run", ["retire", "--deactivate"]);
      await run("audit through the GitHub App --debug", ["audit", "--org", "acme", "--out", "reports-app", "--debug", ...appFlags]);
      await Promise.all([
        run("pr dry run through the GitHub App --debug", ["pr", "--from", "reports-app", "--repo", "billing-api", "--debug", ...appFlags]),
        run("audit through the GitHub App, wrong app id --debug", ["audit", "--org", "acme", "--no-aws", "--out", "bad", "--debug", "--app-id", "424242", ...appFlags.slice(2)]),
      ]);
    };
    const offline = async () => {
      await run("audit --local", ["audit", "--local", local, "--no-aws", "--out", "local-reports", "--debug"]);
      await run("fix --dry-run", ["fix", "--local", local, "--role-arn", ROLE, "--dry-run"]);
      await run("fix", ["fix", "--local", local, "--role-arn", ROLE]);
    };
    await Promise.all([online(), offline()]);
  }, 300_000);

  afterAll(async () => {
    await sandbox?.stop();
  });

  it("audit reports each planted secret as critical KL115, tied to the key and user where known", async () => {
    const audit = JSON.parse(await readFile(join(root, "reports", "audit.json"), "utf8"));
    const kl115 = audit.findings.filter((f: { ruleId: string }) => f.ruleId === "KL115");
    expect(kl115.map((f: { location: { repo: string; path: string; line: number } }) => `${f.location.repo}/${f.location.path}:${f.location.line}`).sort()).toEqual([
      "acme/billing-api/.github/workflows/release.yml:" + kl115.find((f: { location: { repo: string } }) => f.location.repo === "acme/billing-api")?.location.line,
      "acme/orders-service/.github/actions/deploy/action.yml:7",
      "acme/orders-service/.github/actions/deploy/action.yml:9",
      "acme/orders-service/.github/workflows/canary.yml:13",
      "acme/orders-service/.github/workflows/canary.yml:16",
      "acme/orders-service/.github/workflows/canary.yml:8",
    ]);
    expect(new Set(kl115.map((f: { severity: string }) => f.severity))).toEqual(new Set(["critical"]));
    expect(kl115.find((f: { location: { line: number; path: string } }) => f.location.path.endsWith("canary.yml") && f.location.line === 8).message).toMatch(/It belongs to key AKIA\w+ of IAM user \S+ in account \d{12}\. It is still active\./);
    const again = JSON.parse(await readFile(join(root, "again", "audit.json"), "utf8"));
    expect(again.findings.filter((f: { ruleId: string }) => f.ruleId === "KL115").map((f: { fingerprint: string }) => f.fingerprint).sort()).toEqual(kl115.map((f: { fingerprint: string }) => f.fingerprint).sort());
  });

  it("pr --apply from the masked inventory opens billing-api's pull request from the file's real bytes", async () => {
    const apply = runs.find((r) => r.name === "pr --apply")?.result;
    expect(apply?.stdout).toMatch(/acme\/billing-api.*opened/);
    const pulls = await api("GET", "/repos/acme/billing-api/pulls?state=all");
    expect(pulls.length).toBe(1);
    const again = runs.find((r) => r.name === "pr --apply again")?.result;
    expect(again?.stdout).toMatch(/acme\/billing-api: up to date, nothing to do/);
  });

  it("no canary in any file written, any stream, or anything keyless wrote to GitHub", async () => {
    const canaries = { ...CANARY, ...own };
    const hits: Hit[] = [];
    const checked: string[] = [];
    for (const { name, result } of runs) {
      hits.push(...search(`${name}: stdout`, result.stdout, canaries), ...search(`${name}: stderr`, result.stderr, canaries));
      checked.push(name);
    }
    for (const file of await filesUnder(root)) {
      const rel = relative(root, file);
      // The checkout's unpatched file is the file the secret was found in: it keeps it.
      // So are the .env and Terraform variables KL120 reports (fix does not edit them).
      const sources: Record<string, keyof typeof CANARY> = { [join("web", ".github", "workflows", "notes.yml")]: "localKept", [join("web", ".env")]: "localDotenv", [join("web", "deploy", "prod.tfvars")]: "localTfvars" };
      const allowed = sources[rel] ? { ...canaries, [sources[rel] as string]: "" } : canaries;
      hits.push(...search(rel, await readFile(file), Object.fromEntries(Object.entries(allowed).filter(([, v]) => v))));
      checked.push(rel);
    }
    expect(checked).toEqual(expect.arrayContaining([join(".keyless", "state.db"), join("reports", "inventory.json"), join("reports", "audit.sarif"), join("web", ".github", "workflows", "deploy.yml")]));
    // What keyless wrote on GitHub: pull request bodies, commit messages, and every file its commits changed.
    for (const repo of ["acme/billing-api", "acme/orders-service"]) {
      for (const pr of await api("GET", `/repos/${repo}/pulls?state=all`)) {
        hits.push(...search(`${repo}#${pr.number} body`, `${pr.title}\n${pr.body}`, canaries));
        const commit = await api("GET", `/repos/${repo}/git/commits/${pr.head.sha}`);
        hits.push(...search(`${repo}@${pr.head.sha} message`, commit.message, canaries));
        const tree = await api("GET", `/repos/${repo}/git/trees/${commit.tree.sha}?recursive=1`);
        const base = await api("GET", `/repos/${repo}/git/trees/${(await api("GET", `/repos/${repo}/git/commits/${commit.parents[0].sha}`)).tree.sha}?recursive=1`);
        const before = new Map(base.tree.map((e: { path: string; sha: string }) => [e.path, e.sha]));
        for (const entry of tree.tree.filter((e: { type: string; path: string; sha: string }) => e.type === "blob" && before.get(e.path) !== e.sha)) {
          const blob = await api("GET", `/repos/${repo}/git/blobs/${entry.sha}`);
          hits.push(...search(`${repo}@${pr.head.sha}:${entry.path}`, Buffer.from(blob.content, "base64"), canaries));
          checked.push(`${repo}:${entry.path}`);
        }
      }
    }
    hits.push(...search("keyless sandbox: stderr", sandboxStderr, CANARY));
    // Installation tokens keyless minted for the App (ghs_ and 36 letters or digits; the sandbox's own is spelt otherwise).
    const minted = /ghs_[A-Za-z0-9]{36}/;
    for (const { name, result } of runs) if (minted.test(result.stdout) || minted.test(result.stderr)) hits.push({ canary: "installation token", where: name });
    for (const file of await filesUnder(root)) if (minted.test((await readFile(file)).toString("latin1"))) hits.push({ canary: "installation token", where: relative(root, file) });
    expect(runs.find((r) => r.name === "audit through the GitHub App --debug")?.result.code).toBe(0);
    await writeFile(join(root, "canary-summary.txt"), `${Object.keys(canaries).length} canaries, ${checked.length} outputs searched, ${hits.length} hits\n`);
    console.log(`canaries planted: ${Object.keys(canaries).length}; outputs searched: ${checked.length}; hits: ${hits.length}`);
    expect(hits).toEqual([]);
    expect(checked).toEqual(expect.arrayContaining(["acme/billing-api:.github/workflows/release.yml"]));
  });

  it("audit --local reports the .env and tfvars keys as KL120 by file and line", async () => {
    const local = JSON.parse(await readFile(join(root, "local-reports", "audit.json"), "utf8"));
    const kl120 = local.findings.filter((f: { ruleId: string }) => f.ruleId === "KL120").map((f: { location: { path: string; line: number } }) => `${f.location.path}:${f.location.line}`);
    expect(kl120.sort()).toEqual([".env:2", "deploy/prod.tfvars:1"]);
  });

  it("fix deleted the patched secret's line, and left the file it could not patch as it was", async () => {
    const fixed = await readFile(join(root, "web", ".github", "workflows", "deploy.yml"), "utf8");
    expect(fixed).toContain("role-to-assume");
    expect(fixed).not.toContain(CANARY.localPatched);
    expect(await readFile(join(root, "web", ".github", "workflows", "notes.yml"), "utf8")).toContain(CANARY.localKept);
  });
});

import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { buildScenario, IMMUTABLE_SUBJECT_SINCE } from "./index.js";

const world = buildScenario("acme");
const repos = world.github.repos;
const { truth } = world;
const repo = (name: string) => {
  const r = repos.find((x) => x.name === name);
  if (!r) throw new Error(`no repo ${name}`);
  return r;
};
const workflowFiles = repos.flatMap((r) => Object.entries(r.files).filter(([p]) => p.startsWith(".github/")).map(([path, text]) => ({ repo: r, path, text })));
const allText = workflowFiles.map((f) => f.text).join("\n");
const lineOf = (u: (typeof truth.usages)[number]) => repo(u.repo.split("/")[1] ?? "").files[u.path]?.split(/\r?\n/)[u.line - 1] ?? "";
const parsed = (text: string) => parseDocument(text).toJS() as Record<string, unknown>;
const shapes = new Set(truth.usages.map((u) => u.shape));

describe("acme repos", () => {
  it("has 40+ repos, archived ones, forks, repos without AWS, one with secret scanning off", () => {
    expect(repos.length).toBeGreaterThanOrEqual(40);
    expect(repos.filter((r) => r.archived).length).toBeGreaterThanOrEqual(2);
    expect(repos.filter((r) => r.fork).length).toBeGreaterThanOrEqual(2);
    expect(repos.filter((r) => !r.secretScanningEnabled)).toHaveLength(1);
    expect(repos.filter((r) => !r.secretScanningEnabled).every((r) => r.secretScanningAlerts.length === 0)).toBe(true);
    const noAws = repos.filter((r) => !Object.values(r.files).some((t) => /aws/i.test(t)) && !r.secrets.some((s) => /AWS/.test(s.name)));
    expect(noAws.length).toBeGreaterThanOrEqual(3);
    expect(new Set(repos.map((r) => r.visibility))).toEqual(new Set(["public", "private", "internal"]));
  });

  it("gives repos created after 2026-07-15 the immutable subject form, and older repos the default", () => {
    const cutoff = Date.parse(IMMUTABLE_SUBJECT_SINCE);
    const young = repos.filter((r) => Date.parse(r.createdAt) >= cutoff);
    expect(young.length).toBeGreaterThanOrEqual(3);
    for (const r of young) expect(r.oidcSubject).toEqual({ useDefault: false, includeClaimKeys: ["repository_owner_id", "repository_id"] });
    for (const r of repos.filter((r) => Date.parse(r.createdAt) < cutoff)) expect(r.oidcSubject).toEqual({ useDefault: true });
  });

  it("has organization secrets visible to all and to selected repos, and AWS_JOB_QUEUE that is no key", () => {
    const org = world.github.orgs[0];
    expect(org?.secrets.find((s) => s.name === "ORG_DEPLOY_AWS_ACCESS_KEY_ID")?.visibility).toBe("all");
    const plugin = org?.secrets.find((s) => s.name === "PLUGIN_AWS_ACCESS_KEY_ID");
    expect(plugin?.visibility).toBe("selected");
    expect(plugin?.selectedRepos).toContain("acme/chat-plugin-jira");
    expect(org?.secrets.some((s) => s.name === "AWS_JOB_QUEUE")).toBe(true);
    expect(repo("batch-genomics").secrets.some((s) => s.name === "AWS_JOB_QUEUE")).toBe(true);
    expect(truth.links.flatMap((l) => l.secretNames)).not.toContain("AWS_JOB_QUEUE");
    const orgLinks = truth.links.filter((l) => l.scope === "organization");
    expect(new Set(orgLinks.map((l) => l.accessKeyId)).size).toBe(2);
    // The third selected repo does not use the secret: no link there.
    expect(orgLinks.map((l) => l.repo)).not.toContain("acme/chat-plugin-zoom");
  });
});

describe("acme workflows", () => {
  it("parse as YAML, except the one invalid workflow the truth lists", () => {
    const broken = workflowFiles.filter((f) => /\.ya?ml$/.test(f.path) && parseDocument(f.text).errors.length > 0);
    expect(broken.map((f) => ({ repo: f.repo.fullName, path: f.path }))).toEqual(truth.invalidWorkflows);
    expect(truth.invalidWorkflows).toHaveLength(1);
  });

  it("puts every truth usage on the line that hands the key over", () => {
    expect(truth.usages.length).toBeGreaterThanOrEqual(45);
    for (const u of truth.usages) {
      const line = lineOf(u);
      const where = `${u.repo}/${u.path}:${u.line} ${line}`;
      if (u.shape === "reusable-inherit") expect(line.trim(), where).toBe("secrets: inherit");
      else if (u.shape === "composite-action") expect(line, where).toContain("${{ inputs.aws-access-key-id }}");
      else if (u.shape === "literal-key") expect(line, where).toMatch(/AWS_ACCESS_KEY_ID: AKIA[A-Z2-7]{16}$/);
      else if (u.shape === "vars-key-id") expect(line, where).toContain(`\${{ vars.${u.secretNames[0]} }}`);
      else {
        expect(line, where).toContain(`secrets.${u.secretNames[0]} }}`);
        expect(line, where).toMatch(/aws-access-key-id|AWS_ACCESS_KEY_ID|access-key-id|aws_access_key_id|--key|DEPLOY_KEY_ID/);
      }
      if (u.job) {
        const doc = parsed(repo(u.repo.split("/")[1] ?? "").files[u.path] ?? "");
        expect(Object.keys((doc["jobs"] ?? {}) as object), where).toContain(u.job);
      }
    }
  });

  it("names the literal key id of a real key, with a secret-scanning alert on that line", () => {
    const literal = truth.usages.find((u) => u.shape === "literal-key");
    const keyId = /AKIA[A-Z2-7]{16}/.exec(lineOf(literal!))?.[0];
    expect(Object.values(world.aws.iam).some((a) => a.accessKeys.some((k) => k.accessKeyId === keyId))).toBe(true);
    const alert = repo("legacy-monolith").secretScanningAlerts.find((a) => a.secret === keyId);
    expect(alert).toMatchObject({ path: literal?.path, line: literal?.line, secretType: "aws_access_key_id" });
  });

  it("covers shape a: configure-aws-credentials v1–v6 and SHA-pinned, session token, key-then-assume", () => {
    for (const v of [1, 2, 3, 4, 5, 6]) expect(allText).toContain(`aws-actions/configure-aws-credentials@v${v}\n`);
    expect(allText).toMatch(/configure-aws-credentials@[0-9a-f]{40} # v6\.1\.0/);
    expect(allText).toContain("aws-session-token: ${{ secrets.AWS_SESSION_TOKEN }}");
    const assume = truth.usages.find((u) => u.shape === "cac-assume");
    expect(repo("inventory-worker").files[assume?.path ?? ""]).toMatch(/aws-secret-access-key:[^\n]*\n[^\n]*aws-region:[^\n]*\n\s+role-to-assume: arn:aws:iam::\d{12}:role\//);
  });

  it("covers shape b: keys in env at workflow, job and step level for the usual tools", () => {
    for (const s of ["env-workflow", "env-job", "env-step", "docker-action", "docker-run", "run-inline"]) expect(shapes).toContain(s);
    for (const tool of ["serverless deploy", "terraform apply", "cdk deploy", "sam deploy", "aws s3 sync", "amazon-ecr-login", "uses: docker://", "docker run", "jakejarvis/s3-sync-action"]) {
      expect(allText).toContain(tool);
    }
  });

  it("covers shape c: several accounts per repo by prefix and by environment", () => {
    const prefixed = truth.links.filter((l) => l.repo === "acme/checkout-service");
    expect(prefixed.map((l) => l.secretNames[0]).sort()).toEqual(["PROD_AWS_ACCESS_KEY_ID", "STAGING_AWS_ACCESS_KEY_ID"]);
    expect(new Set(prefixed.map((l) => l.accountId)).size).toBe(2);
    const billing = repo("billing-api");
    expect(billing.environments.map((e) => e.name)).toEqual(["staging", "production"]);
    for (const env of billing.environments) expect(env.secrets.map((s) => s.name)).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
    const envLinks = truth.links.filter((l) => l.repo === "acme/billing-api");
    expect(envLinks.map((l) => [l.scope, l.environment])).toEqual([["environment", "staging"], ["environment", "production"]]);
    expect(new Set(envLinks.map((l) => l.accessKeyId)).size).toBe(2);
  });

  it("covers shape d: reusable workflows, a composite action, unusual names and vars", () => {
    for (const s of ["reusable-inherit", "reusable-explicit", "reusable-callee", "composite-input", "composite-action", "vars-key-id"]) expect(shapes).toContain(s);
    const callee = parsed(repo("payments-gateway").files[".github/workflows/deploy-service.yml"] ?? "");
    expect(Object.keys((callee["on"] as { workflow_call: { secrets: object } }).workflow_call.secrets)).toEqual(["DEPLOY_KEY_ID", "DEPLOY_SECRET"]);
    expect(parsed(repo("customer-portal").files[".github/actions/aws-login/action.yml"] ?? "")["runs"]).toMatchObject({ using: "composite" });
    const names = truth.links.flatMap((l) => l.secretNames);
    for (const n of ["DEPLOY_ID", "DEPLOY_KEY", "PROD_AWS_KEY"]) expect(names).toContain(n);
    const etl = repo("analytics-etl").environments[0];
    const keyId = truth.links.find((l) => l.repo === "acme/analytics-etl")?.accessKeyId;
    expect(etl?.variables.find((v) => v.name === "AWS_ACCESS_KEY_ID")?.value).toBe(keyId);
  });

  it("covers shapes e and f: permissions blocks (some with id-token: write and keys) and every trigger", () => {
    const usageFiles = new Set(truth.usages.map((u) => `${u.repo}/${u.path}`));
    const docs = workflowFiles.filter((f) => f.path.startsWith(".github/workflows/") && parseDocument(f.text).errors.length === 0).map((f) => ({ ...f, doc: parsed(f.text) }));
    expect(docs.some((d) => d.doc["permissions"] !== undefined)).toBe(true);
    expect(docs.some((d) => Object.values((d.doc["jobs"] ?? {}) as Record<string, { permissions?: unknown }>).some((j) => j.permissions))).toBe(true);
    expect(docs.some((d) => usageFiles.has(`${d.repo.fullName}/${d.path}`) && /id-token: write/.test(d.text))).toBe(true);
    const triggers = new Set(docs.filter((d) => usageFiles.has(`${d.repo.fullName}/${d.path}`)).flatMap((d) => {
      const on = d.doc["on"];
      return typeof on === "string" ? [on] : Array.isArray(on) ? on : Object.keys(on as object);
    }));
    for (const t of ["push", "pull_request", "pull_request_target", "workflow_run", "schedule", "release", "workflow_dispatch", "repository_dispatch", "workflow_call"]) expect(triggers).toContain(t);
    expect(allText).toMatch(/tags: \['v\*'\]/);
  });

  it("covers shape g: CRLF, no final newline, flow style, permissions: {}, comments, spaces before colons", () => {
    const usageTexts = workflowFiles.filter((f) => truth.usages.some((u) => u.repo === f.repo.fullName && u.path === f.path)).map((f) => f.text);
    expect(usageTexts.some((t) => t.includes("\r\n"))).toBe(true);
    expect(usageTexts.some((t) => !t.endsWith("\n"))).toBe(true);
    expect(usageTexts.some((t) => /^on: \[push, pull_request\]/m.test(t))).toBe(true);
    expect(usageTexts.some((t) => /^permissions: \{\}/m.test(t))).toBe(true);
    expect(usageTexts.some((t) => /aws-access-key-id : .*# key id/.test(t))).toBe(true);
  });

  it("covers shapes h, i, j: third-party actions, OIDC and half-migrated repos, a literal key id", () => {
    expect(shapes).toContain("third-party");
    expect(truth.oidcRepos.sort()).toEqual(["acme/edge-router", "acme/identity-service"]);
    for (const full of truth.oidcRepos) {
      expect(truth.usages.filter((u) => u.repo === full)).toEqual([]);
      expect(truth.links.filter((l) => l.repo === full)).toEqual([]);
      expect(Object.values(repo(full.split("/")[1] ?? "").files).join("\n")).toMatch(/role-to-assume: arn:aws:iam::\d{12}:role\/gha-/);
    }
    expect(repo("identity-service").files[".github/workflows/deploy.yml"]).toContain("# aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}");
    const half = repo("ml-training").files[".github/workflows/train.yml"] ?? "";
    expect(half).toContain("role-to-assume:");
    expect(truth.usages.filter((u) => u.repo === "acme/ml-training")).toHaveLength(1);
    expect(shapes).toContain("literal-key");
  });

  it("stores the secrets the workflows use, and runs every key-using workflow", () => {
    for (const l of truth.links) {
      const r = repo(l.repo.split("/")[1] ?? "");
      const pool = l.scope === "repo" ? r.secrets : l.scope === "environment" ? r.environments.flatMap((e) => e.secrets) : (world.github.orgs[0]?.secrets ?? []);
      for (const name of l.secretNames) expect(pool.map((s) => s.name), `${l.repo} ${name}`).toContain(name);
    }
    const used = new Set(truth.usages.filter((u) => u.path.startsWith(".github/workflows/") && u.shape !== "reusable-callee").map((u) => `${u.repo} ${u.path}`));
    for (const entry of used) {
      const [full = "", path] = entry.split(" ");
      expect(repo(full.split("/")[1] ?? "").workflowRuns.some((run) => run.workflowPath === path), entry).toBe(true);
    }
    expect(repo("serverless-plugin-canary").secrets).toEqual([]); // a fork holds no secrets
    for (const r of repos) {
      const homes = [{ since: r.createdAt, secrets: r.secrets }, ...r.environments.map((e) => ({ since: e.createdAt, secrets: e.secrets }))];
      for (const { since, secrets } of homes) {
        for (const s of secrets) {
          expect(Date.parse(s.createdAt), `${r.name} ${s.name}`).toBeGreaterThanOrEqual(Date.parse(since));
          expect(Date.parse(s.updatedAt)).toBeGreaterThanOrEqual(Date.parse(s.createdAt));
        }
      }
    }
  });
});

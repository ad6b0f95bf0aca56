// Behaviour of patchWorkflowFile a reviewer would notice: what is kept byte for byte, where steps
// go, which roles are used, what is refused and why, and that a second run changes nothing.
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { analyzeRepoWorkflows } from "../../analyze/workflows/index.js";
import { patchWorkflowFile, type RoleTarget } from "./index.js";
import { afterOf, DEPLOY, ENTRY, fixture, lines, patchOne, REPO } from "../../../test/support/generate/workflows.js";

const PATH = ".github/workflows/ci.yml";
type Doc = { jobs: Record<string, { steps: Array<Record<string, unknown>>; permissions?: unknown }>; permissions?: unknown };

describe("what stays as it was", () => {
  it("keeps CRLF line endings on every line, old and new", () => {
    const after = afterOf(patchOne(fixture("env-job-crlf.before.yml")));
    expect(after.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("keeps a missing final newline missing", () => {
    const before = fixture("env-step-no-newline.before.yml");
    const after = afterOf(patchOne(before));
    expect(before.endsWith("\n")).toBe(false);
    expect(after.endsWith("\n")).toBe(false);
    expect(after.endsWith("--region sa-east-1")).toBe(true);
  });

  it("keeps comments, quoting and unrelated env entries; only the key lines go", () => {
    const before = fixture("env-workflow.before.yml");
    const after = afterOf(patchOne(before));
    expect(after).toContain("  # keep these two together\n");
    expect(after).toContain('    - cron: "0 3 * * 1"\n');
    expect(after).toContain("env:\n  AWS_REGION: eu-north-1\n  # keep these two together\n  NPM_CONFIG_LOGLEVEL: warn\n");
    const removed = before.split("\n").filter((l) => !after.split("\n").includes(l));
    expect(removed).toEqual(["  AWS_ACCESS_KEY_ID: ${{ secrets.INTEG_AWS_ACCESS_KEY_ID }}", "  AWS_SECRET_ACCESS_KEY: ${{ secrets.INTEG_AWS_SECRET_ACCESS_KEY }}"]);
  });

  it("removes an env block only when it is left empty", () => {
    const text = lines(
      "on: push",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - env:",
      "          AWS_ACCESS_KEY_ID: ${{ secrets.ID }}",
      "          AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}",
      "        run: aws s3 ls --region us-east-1",
    );
    const after = afterOf(patchOne(text));
    expect(after).toContain("      - run: aws s3 ls --region us-east-1\n");
    expect(after).not.toContain("env:");
  });

  it("changes nothing the second time", () => {
    for (const name of ["cac-hub", "env-workflow", "scripts", "flow-style"]) {
      const after = afterOf(patchOne(fixture(`${name}.before.yml`), { entryRoleArn: ENTRY, chainRoleArn: DEPLOY }));
      const again = patchOne(after, { entryRoleArn: ENTRY, chainRoleArn: DEPLOY });
      expect(again.patch, name).toBeUndefined();
      expect(again.notPatched, name).toEqual([]);
    }
  });
});

describe("where the configure step goes", () => {
  it("puts it right before a step whose env had the keys, with that step's condition", () => {
    const text = lines(
      "on: push",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: make build",
      "      - name: upload",
      "        if: github.ref == 'refs/heads/main'",
      "        env:",
      "          AWS_ACCESS_KEY_ID: ${{ secrets.ID }}",
      "          AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}",
      "          AWS_DEFAULT_REGION: eu-west-2",
      "        run: aws s3 cp out s3://b/",
    );
    const doc = parse(afterOf(patchOne(text))) as Doc;
    const steps = doc.jobs.a?.steps ?? [];
    expect(steps.map((s) => s.name ?? s.run)).toEqual(["make build", "Configure AWS credentials (OIDC)", "upload"]);
    expect(steps[1]).toMatchObject({ if: "github.ref == 'refs/heads/main'", with: { "role-to-assume": ENTRY, "aws-region": "eu-west-2" } });
    expect(steps[2]?.env).toEqual({ AWS_DEFAULT_REGION: "eu-west-2" });
  });

  it("configures each role before the steps that used its keys when one job used two key pairs", () => {
    const text = lines(
      "on: push",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - env:",
      "          AWS_ACCESS_KEY_ID: ${{ secrets.ECR_ID }}",
      "          AWS_SECRET_ACCESS_KEY: ${{ secrets.ECR_SECRET }}",
      "        run: aws ecr get-login-password --region us-east-1",
      "      - env:",
      "          AWS_ACCESS_KEY_ID: ${{ secrets.EKS_ID }}",
      "          AWS_SECRET_ACCESS_KEY: ${{ secrets.EKS_SECRET }}",
      "        run: aws eks update-kubeconfig --name c --region us-east-1",
    );
    const analysis = analyzeRepoWorkflows({ repo: REPO, files: [{ path: PATH, text }] });
    const roles = ({ usage }: RoleTarget) => ({ entryRoleArn: usage.secretNames.includes("ECR_ID") ? ENTRY : "arn:aws:iam::111122223333:role/eks" });
    const result = patchWorkflowFile({ repo: REPO, path: PATH, text, analysis, roles });
    const steps = (parse(afterOf(result)) as Doc).jobs.a?.steps ?? [];
    expect(steps.map((s) => (s.with as Record<string, string> | undefined)?.["role-to-assume"] ?? "run")).toEqual([ENTRY, "run", "arn:aws:iam::111122223333:role/eks", "run"]);
  });

  it("gives each job a workflow env reached its own role (per environment)", () => {
    const text = lines(
      "on: push",
      "env:",
      "  AWS_ACCESS_KEY_ID: ${{ secrets.ID }}",
      "  AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}",
      "jobs:",
      "  staging:",
      "    runs-on: ubuntu-latest",
      "    environment: staging",
      "    steps:",
      "      - run: ./deploy --region eu-west-1",
      "  production:",
      "    runs-on: ubuntu-latest",
      "    environment: production",
      "    steps:",
      "      - run: ./deploy --region eu-west-1",
    );
    const analysis = analyzeRepoWorkflows({ repo: REPO, files: [{ path: PATH, text }] });
    const seen: Array<string | undefined> = [];
    const roles = (t: RoleTarget) => {
      seen.push(`${t.job}/${t.environment?.name}`);
      return { entryRoleArn: `arn:aws:iam::111122223333:role/${t.environment?.name ?? "none"}` };
    };
    const doc = parse(afterOf(patchWorkflowFile({ repo: REPO, path: PATH, text, analysis, roles }))) as Doc;
    expect(seen).toEqual(["staging/staging", "production/production"]);
    expect(doc.jobs.staging?.steps[0]?.with).toMatchObject({ "role-to-assume": "arn:aws:iam::111122223333:role/staging" });
    expect(doc.jobs.production?.steps[0]?.with).toMatchObject({ "role-to-assume": "arn:aws:iam::111122223333:role/production" });
  });

  it("refuses a job that would need two roles from its start", () => {
    const text = lines(
      "on: push",
      "env:",
      "  AWS_ACCESS_KEY_ID: ${{ secrets.ORG_ID }}",
      "  AWS_SECRET_ACCESS_KEY: ${{ secrets.ORG_SECRET }}",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    env:",
      "      AWS_ACCESS_KEY_ID: ${{ secrets.TEAM_ID }}",
      "      AWS_SECRET_ACCESS_KEY: ${{ secrets.TEAM_SECRET }}",
      "    steps:",
      "      - run: ./go --region us-east-1",
    );
    const analysis = analyzeRepoWorkflows({ repo: REPO, files: [{ path: PATH, text }] });
    const roles = ({ usage }: RoleTarget) => ({ entryRoleArn: usage.secretNames.includes("TEAM_ID") ? DEPLOY : ENTRY });
    const result = patchWorkflowFile({ repo: REPO, path: PATH, text, analysis, roles });
    expect(result.patch).toBeUndefined();
    expect(result.notPatched.map((n) => n.reason)).toEqual([expect.stringMatching(/2 different roles/), expect.stringMatching(/2 different roles/)]);
  });
});

describe("what is not patched, and why", () => {
  it("leaves a usage with no role assigned, and reports it", () => {
    const text = fixture("cac-hub.before.yml");
    const analysis = analyzeRepoWorkflows({ repo: REPO, files: [{ path: PATH, text }] });
    const result = patchWorkflowFile({ repo: REPO, path: PATH, text, analysis, roles: () => undefined });
    expect(result.patch).toBeUndefined();
    expect(result.notPatched).toEqual([{ path: PATH, usageId: analysis.usages[0]?.id, reason: "no role is assigned to it" }]);
  });

  it("patches what it can and lists the rest (a third-party action given the keys)", () => {
    const text = lines(
      "on: push",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    permissions:",
      "      contents: read",
      "    steps:",
      "      - uses: aws-actions/configure-aws-credentials@v4",
      "        with:",
      "          aws-access-key-id: ${{ secrets.ID }}",
      "          aws-secret-access-key: ${{ secrets.SECRET }}",
      "          aws-region: us-east-1",
      "      - uses: someone/ecr-push@v1",
      "        with:",
      "          access-key-id: ${{ secrets.ID }}",
      "          secret-access-key: ${{ secrets.SECRET }}",
    );
    const result = patchOne(text);
    expect(result.patch?.usageIds).toHaveLength(1);
    expect(result.notPatched).toEqual([expect.objectContaining({ reason: expect.stringMatching(/someone\/ecr-push takes the keys as inputs/) })]);
    expect(afterOf(result)).toContain("          access-key-id: ${{ secrets.ID }}\n");
  });

  it.each([
    ["a service container's env", ["    services:", "      db:", "        image: localstack/localstack", "        env:", "          AWS_ACCESS_KEY_ID: ${{ secrets.ID }}", "          AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}", "    steps:", "      - run: make test"], /service containers start before any step/],
    ["a chained shell command", ["    steps:", "      - run: sls config credentials --provider aws --key ${{ secrets.ID }} --secret ${{ secrets.SECRET }} && sls deploy"], /chained with others/],
    ["a named CLI profile", ["    steps:", "      - run: |", "          aws configure set aws_access_key_id ${{ secrets.ID }} --profile ci", "          aws configure set aws_secret_access_key ${{ secrets.SECRET }} --profile ci"], /shares its line|named profile/],
    ["keys copied to a program's own names without a token", ["    steps:", "      - env:", "          MYAPP_AWS_ACCESS_KEY_ID: ${{ secrets.ID }}", "          MYAPP_AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}", "        run: ./app"], /session token/],
    ["a literal key id in a comment", ["    steps:", "      # old key AKIAABCDEFGHIJKLMNOP", "      - run: make"], /in a comment/],
  ])("refuses %s", (_, body, reason) => {
    const text = lines("on: push", "jobs:", "  a:", "    runs-on: ubuntu-latest", ...(body as string[]));
    const result = patchOne(text);
    expect(result.patch).toBeUndefined();
    expect(result.notPatched.map((n) => n.reason)).toEqual([expect.stringMatching(reason as RegExp)]);
  });

  it("does not patch from an analysis older than the text", () => {
    const old = fixture("cac-hub.before.yml");
    const text = old.replace("      - name: Upload\n", "      - name: Upload\n        env:\n          AWS_ACCESS_KEY_ID: ${{ secrets.OTHER_ID }}\n          AWS_SECRET_ACCESS_KEY: ${{ secrets.OTHER_SECRET }}\n");
    const analysis = analyzeRepoWorkflows({ repo: REPO, files: [{ path: PATH, text: old }] });
    const result = patchWorkflowFile({ repo: REPO, path: PATH, text, analysis, roles: () => ({ entryRoleArn: ENTRY }) });
    expect(result.patch).toBeUndefined();
    expect(result.notPatched[0]?.reason).toMatch(/usages the analysis given does not \(env at line 27\): analyse it again/);
  });
});

describe("the configure-aws-credentials version", () => {
  it("leaves a step already on the configured major (or later) as it is, pin included", () => {
    const text = (uses: string) =>
      lines("on: push", "jobs:", "  a:", "    runs-on: ubuntu-latest", "    permissions:", "      id-token: write", "    steps:", `      - uses: ${uses}`, "        with:", "          aws-access-key-id: ${{ secrets.ID }}", "          aws-secret-access-key: ${{ secrets.SECRET }}", "          aws-region: us-east-1");
    for (const uses of ["aws-actions/configure-aws-credentials@v7", "aws-actions/configure-aws-credentials@0123456789abcdef0123456789abcdef01234567 # v6.1.0"]) {
      expect(afterOf(patchOne(text(uses)))).toContain(`      - uses: ${uses}\n`);
    }
    const moved = patchOne(text("aws-actions/configure-aws-credentials@0123456789abcdef0123456789abcdef01234567 # v2.2.0"));
    expect(afterOf(moved)).toContain("      - uses: aws-actions/configure-aws-credentials@v6\n");
    expect(moved.patch?.reviewerChecks.join("\n")).toMatch(/was pinned to a commit/);
  });

  it("uses the configured action reference", () => {
    const after = afterOf(patchOne(fixture("cac-hub.before.yml"), { entryRoleArn: ENTRY }, { actionRef: "my-org/configure-aws-credentials@v5" }));
    expect(after).toContain("uses: my-org/configure-aws-credentials@v5\n");
  });
});

describe("reviewer checks", () => {
  it("flags pull-request triggers, where fork runs get no OIDC token", () => {
    const text = fixture("cac-hub.before.yml").replace("  push:\n    branches: [main]", "  pull_request:");
    expect(patchOne(text).patch?.reviewerChecks.join("\n")).toMatch(/fork pull requests no OIDC token/);
  });

  it("flags a script that copies the key without the session token", () => {
    const text = lines(
      "on: push",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    env:",
      "      AWS_ACCESS_KEY_ID: ${{ secrets.ID }}",
      "      AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}",
      "    steps:",
      '      - run: npx serverless config credentials --provider aws --key "$AWS_ACCESS_KEY_ID" --secret "$AWS_SECRET_ACCESS_KEY"',
      "      - run: npx serverless deploy --region eu-west-1",
    );
    expect(patchOne(text).patch?.reviewerChecks.join("\n")).toMatch(/copies AWS_ACCESS_KEY_ID .* but not AWS_SESSION_TOKEN/);
  });
});

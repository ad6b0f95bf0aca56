// Every file of the real-world corpus (../shared/corpus, see its README) is analysed without error,
// against expectations written by reading each file: usages (kind, line, job, secret names),
// OIDC uses, and the detail that makes the file interesting.
import { describe, expect, it } from "vitest";
import { corpusPresent, corpusRows, corpusText, type CorpusRow } from "../../../test/support/corpus.js";
import { analyzeRepoWorkflows, type RepoWorkflowAnalysis } from "./index.js";

type Row = CorpusRow;
const present = corpusPresent;
const rows = corpusRows;
const textOf = corpusText;
const analyse = (row: Row) => analyzeRepoWorkflows({ repo: row.repo, files: [{ path: row.path, text: textOf(row.id) }] });

/** [kind, line, job, secret names (key id, secret, token), variable names]. */
type U = [string, number, string | undefined, string[], string[]?];
interface Expectation {
  usages: U[];
  oidc?: number[];
  more?: (r: RepoWorkflowAnalysis) => void;
}

const KEYS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];
const cac = "configure-aws-credentials";
const RUSTUP_JOBS = ["windows-pr", "windows-master", "windows-stable", "linux-pr", "linux-master", "linux-stable", "macos-x86_64", "macos-aarch64"].map(
  (j) => `build-${j}`,
);

const EXPECTED: Record<string, Expectation> = {
  "001": {
    usages: [[cac, 65, "deploy", KEYS]],
    more: ({ usages: [u] }) => {
      expect(u).toMatchObject({ column: 9, environment: { name: "production" }, action: { ref: "v1" } });
      expect(u?.regionHints.map((h) => [h.source, h.value])).toContainEqual(["aws-region", "ap-northeast-2"]);
    },
  },
  "003": {
    usages: [[cac, 38, "deploy", KEYS]],
    more: ({ usages: [u] }) => expect(u).toMatchObject({ environment: { expression: true }, permissions: { source: "workflow", idTokenWrite: true }, triggers: { reusable: true } }),
  },
  "004": {
    usages: [["key-then-assume", 53, "cdk_deploy", ["AL_GITHUB_AWS_ACCESS_KEY_ID", "AL_GITHUB_AWS_SECRET_ACCESS_KEY"]]],
    more: ({ usages: [u] }) => expect(u?.accountHints).toEqual([expect.objectContaining({ ref: "${{ inputs.accountId }}", source: "role-arn" })]),
  },
  "006": {
    usages: [["env", 20, "sync", KEYS]],
    more: ({ usages: [u] }) => {
      expect(u?.notes.join(" ")).toMatch(/custom endpoint/);
      expect(u?.triggers?.events).toEqual(["workflow_dispatch"]);
    },
  },
  "007": {
    usages: [[cac, 8, undefined, ["PREVIEW_AWS_ACCESS_KEY_ID", "PREVIEW_AWS_SECRET_ACCESS_KEY"]]],
    more: ({ usages: [u] }) => expect(u?.notes.join(" ")).toMatch(/secrets context is not available in composite actions/),
  },
  "009": {
    usages: [[cac, 24, "sync-to-s3", ["AWS_S3_ACCESS_KEY", "AWS_S3_SECRET_ACCESS_KEY"]]],
    more: ({ usages: [u] }) => {
      expect(u).toMatchObject({ column: 19, action: { sha: "e6de054238d6b7531b4efff3b6587d9aade6a06c", versionComment: "v6" } });
      expect(u?.permissions).toMatchObject({ source: "workflow", value: { contents: "read" }, idTokenWrite: false });
    },
  },
  "010": {
    usages: [[cac, 71, "deploy", ["aws-secret-access-key"]]],
    more: ({ usages: [u] }) => expect(u?.accessKeyId?.refs).toEqual([expect.objectContaining({ source: "input", name: "aws-access-key-id" })]),
  },
  "011": {
    usages: [
      ["env", 100, "deploy", ["AWS_SECRET_ACCESS_KEY"], ["AWS_ACCESS_KEY_ID"]],
      ["env", 184, "deploy", ["AWS_SECRET_ACCESS_KEY"], ["AWS_ACCESS_KEY_ID"]],
    ],
  },
  "012": {
    // The app secrets with AWS in their names are CLI arguments, not credentials.
    usages: [
      ["env", 35, "deploy", KEYS],
      ["env", 42, "deploy", KEYS],
    ],
  },
  "013": {
    usages: [["run-script", 47, "deploy-to-dev", KEYS]],
    more: ({ usages: [u], calls }) => {
      expect(u?.runForm).toBe("sls-config-credentials");
      expect(calls.map((c) => [c.secrets, c.resolved])).toEqual([
        ["inherit", false],
        ["inherit", false],
        ["inherit", false],
      ]);
    },
  },
  "015": {
    usages: [["action-input", 26, "build", KEYS]],
    more: ({ usages: [u] }) => {
      expect(u?.accountHints.map((h) => h.accountId)).toEqual(["788648735177"]);
      expect(u?.triggers?.forkReachable).toBe(true);
    },
  },
  "019": { usages: [], oidc: [31] },
  "020": {
    usages: [
      [cac, 36, "terraform_deploy", [...KEYS, "AWS_SESSION_TOKEN"]],
      ["run-script", 51, "terraform_deploy", [...KEYS, "AWS_SESSION_TOKEN"]],
      [cac, 94, "terraform_destroy", [...KEYS, "AWS_SESSION_TOKEN"]],
    ],
    more: ({ usages }) => expect(usages[1]?.runForm).toBe("github-env"),
  },
  "024": {
    usages: [["key-then-assume", 125, "test", []]],
    more: ({ usages: [u] }) => {
      expect(u?.accessKeyId?.refs).toEqual([expect.objectContaining({ source: "step-output", stepId: "esc-secrets", name: "AWS_ACCESS_KEY_ID" })]);
      expect(u?.permissions).toMatchObject({ source: "job", idTokenWrite: true });
    },
  },
  "027": { usages: [], oidc: [24], more: ({ oidcJobs: [o] }) => expect(o).toMatchObject({ roleToAssume: { accountId: "309071121308" }, triggers: { pullRequestTarget: true } }) },
  "031": { usages: [[cac, 30, undefined, []]] },
  "032": {
    usages: [["composite-input", 46, "frontend-cd-build-job", KEYS]],
    more: ({ usages: [u] }) => expect(u?.triggers).toMatchObject({ workflowRun: true, secretsReachableFromForks: true }),
  },
  "033": {
    usages: [[cac, 30, "terraform", [...KEYS, "AWS_SESSION_ACCESS_TOKEN"]]],
    more: ({ usages: [u] }) => expect(u?.environment?.name).toBe("development"),
  },
  "035": { usages: [], oidc: [138], more: ({ oidcJobs: [o] }) => expect(o?.optionalKeyInputs).toBe(true) },
  "037": {
    usages: [["env", 27, undefined, ["SENTRY_PYTHON_TEST_AWS_ACCESS_KEY_ID", "SENTRY_PYTHON_TEST_AWS_SECRET_ACCESS_KEY"]]],
    more: ({ usages: [u] }) => {
      expect(u?.reachedJobs?.map((j) => j.job)).toEqual(["check-permissions", "test-aws-pinned", "check_required_tests"]);
      expect(u?.triggers?.pullRequestTarget).toBe(true);
    },
  },
  "039": {
    usages: [154, 162, 304, 312, 460, 468, 612, 620, 769, 777, 947, 955, 1065, 1073, 1189, 1197].map((line, i): U => ["env", line, RUSTUP_JOBS[i >> 1], KEYS]),
    more: ({ usages }) => expect(usages.map((u) => u.regionHints[0]?.value)).toEqual(Array(8).fill(["us-west-1", "us-east-1"]).flat()),
  },
  "040": {
    usages: [154, 308, 468, 624, 785, 967, 1089, 1217].map((line, i): U => ["env", line, RUSTUP_JOBS[i], KEYS]),
    oidc: [161, 315, 475, 631, 792, 974, 1096, 1224],
    more: ({ oidcJobs }) => expect(oidcJobs.every((o) => o.alsoStaticKeys && !o.idTokenWrite && o.roleToAssume.accountId === "890664054962")).toBe(true),
  },
  "041": {
    usages: [
      ["env", 29, "deploy", KEYS],
      ["env", 58, "deploy", ["STAGING_AWS_SNS_SECRET"]],
      ["literal-key-id", 58, "deploy", []],
      ["env", 62, "deploy", ["STAGING_AWS_S3_SECRET"]],
      ["literal-key-id", 62, "deploy", []],
    ],
    more: ({ usages }) => expect(usages.filter((u) => u.literal).map((u) => u.column)).toEqual([32, 31]),
  },
  "045": {
    usages: [[cac, 94, "terraform_plan", []]],
    more: ({ usages: [u] }) => {
      expect([u?.accessKeyId?.refs[0]?.namePattern, u?.secretAccessKey?.refs[0]?.namePattern]).toEqual(["AWS_KEY_*", "AWS_SECRET_*"]);
      expect(u?.column).toBe(11); // CRLF file
    },
  },
  "048": {
    usages: [["env", 78, undefined, ["GHA_AWS_KEY_ID", "GHA_AWS_KEY"]]],
    more: ({ usages: [u] }) => expect(u?.reachedJobs?.map((j) => j.job)).toEqual(["build", "unit-test", "combineJars"]),
  },
  "049": {
    usages: [["env", 12, undefined, KEYS]],
    more: ({ usages: [u] }) => expect(u?.regionHints).toEqual([expect.objectContaining({ value: "eu-west-1", source: "run:--region" })]),
  },
  "053": {
    usages: [[cac, 60, "deploy", ["STAGING_AWS_ACCESS_KEY_ID", "STAGING_AWS_SECRET_ACCESS_KEY"]]],
    oidc: [33],
    more: ({ oidcJobs: [o] }) => expect(o).toMatchObject({ alsoStaticKeys: true, idTokenWrite: true, roleToAssume: { accountId: "283582579564" } }),
  },
  "054": {
    usages: [[cac, 28, "build-and-push", ["PRODUCTION_AWS_ACCESS_KEY_ID", "PRODUCTION_AWS_SECRET_ACCESS_KEY"]]],
    more: ({ usages: [u] }) => expect(u?.accountHints).toEqual([expect.objectContaining({ ref: "${{ secrets.PRODUCTION_AWS_ACCOUNT_ID }}" })]),
  },
  "055": {
    usages: [[cac, 24, "s3-backup", ["AWS_S3_BACKUP_ACCESS_KEY_ID", "AWS_S3_BACKUP_SECRET_ACCESS_KEY"]]],
    more: ({ usages: [u] }) => expect(u?.triggers?.details).toContainEqual({ name: "schedule", cron: ["0 6 * * *"] }),
  },
  "057": {
    // The commented-out docker step with keys is not a usage.
    usages: [
      ["env", 23, "deploy", ["AWS_ECR_ACCESS_KEY_ID", "AWS_ECR_SECRET_ACCESS_KEY"]],
      ["docker-action-env", 38, "deploy", KEYS],
    ],
  },
  "060": {
    usages: [
      ["key-then-assume", 128, "publish_binary", KEYS],
      ["key-then-assume", 272, "publish_sdk", KEYS],
    ],
    more: ({ usages }) => expect(usages.map((u) => [u.action?.ref, u.regionHints[0]?.value, u.roleToAssume?.value])).toEqual([
      ["v3", "us-east-2", "${{ secrets.AWS_UPLOAD_ROLE_ARN }}"],
      ["v4", "us-west-2", "${{ secrets.AWS_CI_ROLE_ARN }}"],
    ]),
  },
  "061": {
    usages: [[cac, 99, "dist", ["PLUGIN_DELIVERY_AWS_ACCESS_KEY_ID", "PLUGIN_DELIVERY_AWS_SECRET_ACCESS_KEY"]]],
    more: ({ usages: [u] }) => expect(u?.permissions?.idTokenWrite).toBe(true),
  },
  "068": { usages: [[cac, 24, "sam-deploy", KEYS]] },
  "069": {
    usages: [
      ["env", 146, "prepare", ["AWS_SECRET_ACCESS_KEY"], ["AWS_ACCESS_KEY_ID"]],
      [cac, 398, "build-and-deploy", ["AWS_SECRET_ACCESS_KEY"], ["AWS_ACCESS_KEY_ID"]],
    ],
    oidc: [406],
    more: ({ oidcJobs: [o] }) => expect(o).toMatchObject({ job: "build-and-deploy", alsoStaticKeys: true, idTokenWrite: true }),
  },
  "070": { usages: [[cac, 23, "sync", KEYS]], more: ({ usages: [u] }) => expect(u?.regionHints[0]?.value).toBe("us-east-1") },
};

describe.skipIf(!present)("corpus", () => {
  it("has an expectation for every file in the manifest", () => {
    expect(rows.map((r) => r.id).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const row of rows) {
    it(`${row.id} ${row.repo} ${row.path}`, () => {
      const result = analyse(row);
      const want = EXPECTED[row.id];
      expect(result.skipped).toEqual([]);
      const seen = result.usages.map((u): U =>
        u.variableNames.length > 0 ? [u.kind, u.line, u.job, u.secretNames, u.variableNames] : [u.kind, u.line, u.job, u.secretNames],
      );
      expect(seen).toEqual(want?.usages);
      expect(result.oidcJobs.map((o) => o.line)).toEqual(want?.oidc ?? []);
      want?.more?.(result);
    });
  }

  it("follows the composite action of 031 from its caller 032 in the same repository", () => {
    const [action, workflow] = ["031", "032"].map((id) => rows.find((r) => r.id === id)!);
    const result = analyzeRepoWorkflows({
      repo: workflow!.repo,
      files: [action!, workflow!].map((r) => ({ path: r.path, text: textOf(r.id) })),
    });
    const own = result.usages.find((u) => u.path === action!.path);
    const caller = result.usages.find((u) => u.path === workflow!.path);
    expect(caller).toMatchObject({ kind: "composite-input", line: 46, callee: { path: action!.path, resolved: true, usageIds: [own?.id] } });
  });
});

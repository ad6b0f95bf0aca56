// Shape d: keys handed across calls (reusable workflows with inherit or explicit secrets, composite
// actions taking keys as inputs), unusual secret names, computed secret names.
import { describe, expect, it } from "vitest";
import { analyzeMany, analyzeOne, lines, refs } from "../../../test/support/analyze/workflows.js";

const CALLEE = ".github/workflows/deploy.yml";
const callee = lines(
  "on:", // 1
  "  workflow_call:", // 2
  "    secrets:", // 3
  "      ACCESS:", // 4
  "        required: true", // 5
  "      SECRET:", // 6
  "        required: true", // 7
  "      SLACK:", // 8
  "        required: false", // 9
  "env:", // 10
  "  AWS_ACCESS_KEY_ID: ${{ secrets.ACCESS }}", // 11
  "  AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}", // 12
  "  SLACK_WEBHOOK: ${{ secrets.SLACK }}", // 13
  "jobs:", // 14
  "  deploy:", // 15
  "    runs-on: ubuntu-latest", // 16
  "    steps: [{ run: ./deploy }]", // 17
);

describe("reusable workflows", () => {
  it("maps explicit secrets to the callee's credential slots, leaving other secrets out", () => {
    const caller = lines(
      "on: push", // 1
      "jobs:", // 2
      "  prod:", // 3
      "    uses: ./.github/workflows/deploy.yml", // 4
      "    secrets:", // 5
      "      SLACK: ${{ secrets.SLACK_HOOK }}", // 6
      "      SECRET: ${{ secrets.PROD_AWS_SECRET }}", // 7
      "      ACCESS: ${{ secrets.PROD_AWS_KEY }}", // 8
    );
    const { usages, calls } = analyzeMany({ ".github/workflows/main.yml": caller, [CALLEE]: callee });
    const callerUsage = usages.find((u) => u.path === ".github/workflows/main.yml");
    const calleeUsage = usages.find((u) => u.path === CALLEE);
    expect(calleeUsage).toMatchObject({ kind: "env", envLevel: "workflow", line: 11, secretNames: ["ACCESS", "SECRET"] });
    expect(callerUsage).toMatchObject({ kind: "reusable-secrets", secretsMode: "explicit", job: "prod", line: 8, column: 7 });
    expect(callerUsage?.secretNames.sort()).toEqual(["PROD_AWS_KEY", "PROD_AWS_SECRET"]);
    expect(callerUsage?.callee).toEqual({ path: CALLEE, resolved: true, usageIds: [calleeUsage?.id] });
    expect(calls).toEqual([expect.objectContaining({ kind: "reusable-workflow", callee: CALLEE, resolved: true, secrets: "explicit", usageIds: [callerUsage?.id] })]);
  });

  it("follows `secrets: inherit`, through a nested call, to where the key is used", () => {
    const top = lines(
      "on: push", // 1
      "jobs:", // 2
      "  go:", // 3
      "    uses: acme/app/.github/workflows/middle.yml@main", // 4
      "    secrets:", // 5
      "      DEPLOY_ID: ${{ secrets.ORG_DEPLOY_ID }}", // 6
      "      DEPLOY_SECRET: ${{ secrets.ORG_DEPLOY_SECRET }}", // 7
    );
    const middle = lines(
      "on:", // 1
      "  workflow_call:", // 2
      "    secrets: { DEPLOY_ID: {}, DEPLOY_SECRET: {} }", // 3
      "jobs:", // 4
      "  inner:", // 5
      "    uses: ./.github/workflows/leaf.yml", // 6
      "    secrets: inherit", // 7
    );
    const leaf = lines(
      "on: workflow_call", // 1
      "jobs:", // 2
      "  cdk:", // 3
      "    runs-on: ubuntu-latest", // 4
      "    steps:", // 5
      "      - uses: aws-actions/configure-aws-credentials@v4", // 6
      "        with:", // 7
      "          aws-access-key-id: ${{ secrets.DEPLOY_ID }}", // 8
      "          aws-secret-access-key: ${{ secrets.DEPLOY_SECRET }}", // 9
      "          aws-region: us-east-1", // 10
    );
    const { usages } = analyzeMany({
      ".github/workflows/top.yml": top,
      ".github/workflows/middle.yml": middle,
      ".github/workflows/leaf.yml": leaf,
    });
    expect(usages.map((u) => [u.path.split("/").pop(), u.kind, u.secretsMode, `${u.line}:${u.column}`, u.secretNames.join(",")])).toEqual([
      ["top.yml", "reusable-secrets", "explicit", "6:7", "ORG_DEPLOY_ID,ORG_DEPLOY_SECRET"],
      ["middle.yml", "reusable-secrets", "inherit", "7:5", "DEPLOY_ID,DEPLOY_SECRET"],
      ["leaf.yml", "configure-aws-credentials", undefined, "8:11", "DEPLOY_ID,DEPLOY_SECRET"],
    ]);
  });

  it("maps a key id passed as an input and the secret key passed as a secret", () => {
    const leaf = lines(
      "on:",
      "  workflow_call:",
      "    inputs: { aws-access-key-id: { type: string } }",
      "    secrets: { aws-secret-access-key: {} }",
      "jobs:",
      "  s3:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - uses: aws-actions/configure-aws-credentials@v4",
      "        with:",
      "          aws-access-key-id: ${{ inputs.aws-access-key-id }}",
      "          aws-secret-access-key: ${{ secrets.aws-secret-access-key }}",
    );
    const caller = lines(
      "on: push", // 1
      "jobs:", // 2
      "  s3:", // 3
      "    uses: ./.github/workflows/s3.yml", // 4
      "    with:", // 5
      "      aws-access-key-id: ${{ vars.S3_KEY_ID }}", // 6
      "    secrets:", // 7
      "      aws-secret-access-key: ${{ secrets.S3_SECRET }}", // 8
    );
    const { usages } = analyzeMany({ ".github/workflows/s3.yml": leaf, ".github/workflows/site.yml": caller });
    const u = usages.find((x) => x.kind === "reusable-secrets");
    expect([u?.line, refs(u?.accessKeyId), refs(u?.secretAccessKey)]).toEqual([6, ["var:S3_KEY_ID"], ["secret:S3_SECRET"]]);
  });

  it("judges a remote callee by the names of what it is given", () => {
    const text = lines(
      "on: push", // 1
      "jobs:", // 2
      "  a:", // 3
      "    uses: platform/workflows/.github/workflows/deploy.yml@v2", // 4
      "    secrets:", // 5
      "      AWS_ACCESS_KEY_ID: ${{ secrets.TEAM_KEY }}", // 6
      "      AWS_SECRET_ACCESS_KEY: ${{ secrets.TEAM_SECRET }}", // 7
      "  b:", // 8
      "    uses: platform/workflows/.github/workflows/notify.yml@v2", // 9
      "    secrets: inherit", // 10
    );
    const { usages, calls } = analyzeOne(text);
    expect(usages.map((u) => [u.kind, u.line, u.callee?.resolved])).toEqual([["reusable-secrets", 6, false]]);
    // An inherit into unknown code is not a usage by itself, but the call is kept for later stages.
    expect(calls.map((c) => [c.job, c.secrets, c.resolved, c.callee])).toEqual([
      ["a", "explicit", false, undefined],
      ["b", "inherit", false, undefined],
    ]);
  });

  it("survives a workflow that calls itself", () => {
    const text = lines("on: workflow_call", "jobs:", "  again:", "    uses: ./.github/workflows/ci.yml", "    secrets: inherit");
    expect(analyzeOne(text).calls).toHaveLength(1);
  });
});

describe("composite actions", () => {
  const action = lines(
    "name: aws login", // 1
    "inputs:", // 2
    "  key-id: { required: true }", // 3
    "  key-secret: { required: true }", // 4
    "runs:", // 5
    "  using: composite", // 6
    "  steps:", // 7
    "    - uses: aws-actions/configure-aws-credentials@v4", // 8
    "      with:", // 9
    "        aws-access-key-id: ${{ inputs.key-id }}", // 10
    "        aws-secret-access-key: ${{ inputs.key-secret }}", // 11
    "        aws-region: eu-west-1", // 12
  );
  const workflow = lines(
    "on: push", // 1
    "jobs:", // 2
    "  b:", // 3
    "    runs-on: ubuntu-latest", // 4
    "    steps:", // 5
    "      - uses: actions/checkout@v4", // 6
    "      - uses: ./.github/actions/login", // 7
    "        with:", // 8
    "          key-secret: ${{ secrets.BUILD_SECRET }}", // 9
    "          key-id: ${{ secrets.BUILD_ID }}", // 10
  );

  it("reports the action's own inputs-based usage when analysed alone", () => {
    const { usages } = analyzeOne(action, ".github/actions/login/action.yml");
    expect(usages.map((u) => [u.kind, u.fileKind, u.line, u.job, refs(u.accessKeyId)])).toEqual([
      ["configure-aws-credentials", "action", 10, undefined, ["input:key-id"]],
    ]);
  });

  it("follows a local composite action to map the caller's secrets", () => {
    const { usages, calls } = analyzeMany({ ".github/workflows/b.yml": workflow, ".github/actions/login/action.yml": action });
    const caller = usages.find((u) => u.kind === "composite-input");
    expect([caller?.line, caller?.column, caller?.step?.index, caller?.secretNames]).toEqual([10, 11, 1, ["BUILD_ID", "BUILD_SECRET"]]);
    expect(refs(caller?.accessKeyId)).toEqual(["secret:BUILD_ID"]);
    expect(caller?.callee).toMatchObject({ path: ".github/actions/login/action.yml", resolved: true });
    expect(calls[0]).toMatchObject({ kind: "local-action", resolved: true, usageIds: [caller?.id] });
  });

  it("judges an action it cannot read by its input names", () => {
    const [u] = analyzeOne(workflow.replace(/key-id/g, "aws-access-key-id").replace(/key-secret/g, "aws-secret-access-key")).usages;
    expect(u).toMatchObject({ kind: "composite-input", line: 10, callee: { resolved: false } });
  });

  it("treats an OIDC-first wrapper forwarding optional key inputs as OIDC, until a caller passes keys", () => {
    const wrapper = lines(
      "inputs:",
      "  role-to-assume: { required: true }",
      "  aws-access-key-id: { required: false, default: '' }",
      "  aws-secret-access-key: { required: false, default: '' }",
      "runs:",
      "  using: composite",
      "  steps:",
      "    - uses: aws-actions/configure-aws-credentials@v6",
      "      with:",
      "        role-to-assume: ${{ inputs.role-to-assume }}",
      "        aws-access-key-id: ${{ inputs.aws-access-key-id }}",
      "        aws-secret-access-key: ${{ inputs.aws-secret-access-key }}",
    );
    const alone = analyzeOne(wrapper, ".github/actions/aws/action.yaml");
    expect(alone.usages).toEqual([]);
    expect(alone.oidcJobs).toEqual([expect.objectContaining({ optionalKeyInputs: true, fileKind: "action" })]);

    const callers = lines(
      "on: push", // 1
      "jobs:", // 2
      "  oidc:", // 3
      "    runs-on: ubuntu-latest", // 4
      "    steps:", // 5
      "      - uses: ./.github/actions/aws", // 6
      "        with: { role-to-assume: 'arn:aws:iam::123456789012:role/x' }", // 7
      "  keys:", // 8
      "    runs-on: ubuntu-latest", // 9
      "    steps:", // 10
      "      - uses: ./.github/actions/aws", // 11
      "        with:", // 12
      "          role-to-assume: arn:aws:iam::123456789012:role/x", // 13
      "          aws-access-key-id: ${{ secrets.CHAIN_ID }}", // 14
      "          aws-secret-access-key: ${{ secrets.CHAIN_SECRET }}", // 15
    );
    const both = analyzeMany({ ".github/actions/aws/action.yaml": wrapper, ".github/workflows/c.yml": callers });
    expect(both.usages.map((u) => [u.kind, u.job, u.line])).toEqual([["composite-input", "keys", 14]]);
  });
});

describe("computed secret names", () => {
  it("keeps a secret name chosen at run time, with the pattern the earlier step writes", () => {
    const text = lines(
      "on: push", // 1
      "jobs:", // 2
      "  tf:", // 3
      "    runs-on: ubuntu-latest", // 4
      "    steps:", // 5
      "      - id: names", // 6
      "        run: |", // 7
      '          echo "KEY_NAME=TF_KEY_${{ github.ref_name }}" >> $GITHUB_OUTPUT', // 8
      "      - uses: aws-actions/configure-aws-credentials@v1", // 9
      "        with:", // 10
      "          aws-access-key-id: ${{ secrets[steps.names.outputs.KEY_NAME] }}", // 11
      "          aws-secret-access-key: ${{ secrets.TF_SECRET }}", // 12
    );
    const [u] = analyzeOne(text).usages;
    expect(u?.accessKeyId?.refs).toEqual([
      expect.objectContaining({ source: "computed", namePattern: "TF_KEY_*", expression: "${{ secrets[steps.names.outputs.KEY_NAME] }}" }),
    ]);
    expect(u?.secretNames).toEqual(["TF_SECRET"]);
  });
});

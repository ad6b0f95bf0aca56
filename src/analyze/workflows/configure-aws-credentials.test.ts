// Shape a (configure-aws-credentials with keys, session tokens, key-then-assume, SHA pins) and
// shape i (already on OIDC, old key lines left in comments).
import { describe, expect, it } from "vitest";
import { analyzeOne, brief, lines, textAt } from "../../../test/support/analyze/workflows.js";

describe("configure-aws-credentials", () => {
  it("finds static key inputs with their exact position, secrets, action and region", () => {
    const text = lines(
      "name: deploy", // 1
      "on:", // 2
      "  push:", // 3
      "    branches: [main]", // 4
      "jobs:", // 5
      "  ship:", // 6
      "    runs-on: ubuntu-latest", // 7
      "    environment: prod", // 8
      "    steps:", // 9
      "      - uses: actions/checkout@v4", // 10
      "      - name: Credentials", // 11
      "        id: creds", // 12
      "        uses: aws-actions/configure-aws-credentials@v4", // 13
      "        with:", // 14
      "          aws-access-key-id: ${{ secrets.SHIP_KEY }}", // 15
      "          aws-secret-access-key: ${{ secrets.SHIP_SECRET }}", // 16
      "          aws-region: eu-west-3", // 17
    );
    const { usages, oidcJobs } = analyzeOne(text);
    expect(oidcJobs).toEqual([]);
    expect(usages).toHaveLength(1);
    const u = usages[0]!;
    expect(brief(u)).toEqual({
      kind: "configure-aws-credentials",
      at: "15:11",
      job: "ship",
      step: 1,
      accessKeyId: ["secret:SHIP_KEY"],
      secretAccessKey: ["secret:SHIP_SECRET"],
      sessionToken: [],
    });
    expect(u.step).toMatchObject({ name: "Credentials", id: "creds" });
    expect(u.secretNames).toEqual(["SHIP_KEY", "SHIP_SECRET"]);
    expect(u.environment).toMatchObject({ name: "prod", expression: false });
    expect(u.action).toMatchObject({ action: "aws-actions/configure-aws-credentials", ref: "v4", local: false });
    expect(u.regionHints).toEqual([expect.objectContaining({ value: "eu-west-3", literal: true, source: "aws-region" })]);
    expect(u.triggers?.events).toEqual(["push"]);
    expect(textAt(text, u)).toBe("aws-access-key-id: ${{ secrets.SHIP_KEY }}");
    expect(textAt(text, u.secretAccessKey!.valueSpan)).toBe("${{ secrets.SHIP_SECRET }}");
    expect(u.accessKeyId?.yamlPath).toEqual(["jobs", "ship", "steps", 1, "with", "aws-access-key-id"]);
  });

  it("records a SHA pin with the version named in its comment, and a session token", () => {
    const text = lines(
      "on: workflow_dispatch", // 1
      "jobs:", // 2
      "  tf:", // 3
      "    runs-on: ubuntu-latest", // 4
      "    steps:", // 5
      "      - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2", // 6
      "        with:", // 7
      "          aws-session-token: ${{ secrets.LAB_TOKEN }}", // 8
      "          aws-secret-access-key: ${{ secrets.LAB_SECRET }}", // 9
      "          aws-access-key-id: ${{ secrets.LAB_ID }}", // 10
      "          aws-region: ${{ vars.REGION }}", // 11
    );
    const [u] = analyzeOne(text).usages;
    expect(u?.action).toMatchObject({ sha: "e3dd6a429d7300a6a4c196c26e071d42e0343502", versionComment: "v4.0.2" });
    // The primary location is the access key id, wherever it sits among the inputs.
    expect(`${u?.line}:${u?.column}`).toBe("10:11");
    expect(u?.sessionToken?.refs.map((r) => r.name)).toEqual(["LAB_TOKEN"]);
    expect(u?.regionHints).toEqual([expect.objectContaining({ value: "${{ vars.REGION }}", literal: false })]);
  });

  it("classifies static keys plus role-to-assume as key-then-assume, with the role's account", () => {
    const text = lines(
      "on: [push]", // 1
      "jobs:", // 2
      "  cdk:", // 3
      "    runs-on: ubuntu-latest", // 4
      "    steps:", // 5
      "      - uses: aws-actions/configure-aws-credentials@v2", // 6
      "        with:", // 7
      "          aws-access-key-id: ${{ secrets.HUB_ID }}", // 8
      "          aws-secret-access-key: ${{ secrets.HUB_SECRET }}", // 9
      "          role-to-assume: arn:aws:iam::210987654321:role/deployer", // 10
      "          role-external-id: ${{ secrets.EXTERNAL }}", // 11
      "          aws-region: us-east-2", // 12
    );
    const [u] = analyzeOne(text).usages;
    expect(u?.kind).toBe("key-then-assume");
    expect(u?.roleToAssume).toMatchObject({ value: "arn:aws:iam::210987654321:role/deployer", literal: true, accountId: "210987654321" });
    expect(u?.accountHints).toEqual([expect.objectContaining({ accountId: "210987654321", source: "role-arn" })]);
    // The external id is not a key.
    expect(u?.secretNames).toEqual(["HUB_ID", "HUB_SECRET"]);
  });

  it("treats a role assumed without keys as OIDC, not a usage", () => {
    const text = lines(
      "on: push", // 1
      "permissions:", // 2
      "  id-token: write", // 3
      "  contents: read", // 4
      "jobs:", // 5
      "  up:", // 6
      "    runs-on: ubuntu-latest", // 7
      "    steps:", // 8
      "      - uses: aws-actions/configure-aws-credentials@v4", // 9
      "        with:", // 10
      "          role-to-assume: arn:aws:iam::123456789012:role/gh", // 11
      "          aws-region: us-east-1", // 12
    );
    const { usages, oidcJobs } = analyzeOne(text);
    expect(usages).toEqual([]);
    expect(oidcJobs).toHaveLength(1);
    expect(oidcJobs[0]).toMatchObject({
      job: "up",
      line: 11,
      column: 27,
      idTokenWrite: true,
      alsoStaticKeys: false,
      roleToAssume: { accountId: "123456789012" },
      permissions: { source: "workflow", value: { "id-token": "write", contents: "read" } },
    });
  });

  it("ignores key lines left in comments after a migration", () => {
    const text = lines(
      "on: pull_request_target", // 1
      "jobs:", // 2
      "  clean:", // 3
      "    runs-on: ubuntu-latest", // 4
      "    permissions:", // 5
      "      id-token: write", // 6
      "    steps:", // 7
      "      - uses: aws-actions/configure-aws-credentials@v6", // 8
      "        with:", // 9
      "          # aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}", // 10
      "          # aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}", // 11
      "          role-to-assume: ${{ vars.ROLE }}", // 12
      "          aws-region: us-east-1", // 13
    );
    const { usages, oidcJobs } = analyzeOne(text);
    expect(usages).toEqual([]);
    expect(oidcJobs.map((o) => o.roleToAssume.value)).toEqual(["${{ vars.ROLE }}"]);
  });

  it("does not count temporary credentials a role assumption exported as a step output", () => {
    const text = lines(
      "on: push",
      "jobs:",
      "  j:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - id: aws",
      "        uses: aws-actions/configure-aws-credentials@v4",
      "        with:",
      "          role-to-assume: arn:aws:iam::123456789012:role/gh",
      "          aws-region: us-east-1",
      "          output-credentials: true",
      "      - run: ./deploy.sh",
      "        env:",
      "          AWS_ACCESS_KEY_ID: ${{ steps.aws.outputs.aws-access-key-id }}",
      "          AWS_SECRET_ACCESS_KEY: ${{ steps.aws.outputs.aws-secret-access-key }}",
    );
    expect(analyzeOne(text).usages).toEqual([]);
  });

  it("marks the OIDC job of a half-migrated workflow as also receiving static keys", () => {
    const text = lines(
      "on: push",
      "jobs:",
      "  both:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - uses: aws-actions/configure-aws-credentials@v4",
      "        with:",
      "          role-to-assume: arn:aws:iam::111111111111:role/ecr",
      "          aws-region: us-east-1",
      "      - uses: aws-actions/configure-aws-credentials@v4",
      "        with:",
      "          aws-access-key-id: ${{ secrets.STAGING_ID }}",
      "          aws-secret-access-key: ${{ secrets.STAGING_SECRET }}",
      "          aws-region: ca-central-1",
    );
    const { usages, oidcJobs } = analyzeOne(text);
    expect(oidcJobs[0]?.alsoStaticKeys).toBe(true);
    // The OIDC step's role belongs to another account: it is no hint for the static keys.
    expect(usages[0]?.accountHints).toEqual([]);
  });
});

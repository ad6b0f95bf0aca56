// Shape b: keys in env at workflow, job and step level, and the AWS-named values that are not keys.
import { describe, expect, it } from "vitest";
import { analyzeOne, brief, lines, refs } from "../../../test/support/analyze/workflows.js";

describe("env", () => {
  it("finds workflow-level keys once, with every job they reach (pull_request_target included)", () => {
    const text = lines(
      "on:", // 1
      "  pull_request_target:", // 2
      "    types: [labeled]", // 3
      "  push:", // 4
      "env:", // 5
      "  TEST_BUCKET: results", // 6
      "  AWS_ACCESS_KEY_ID: ${{ secrets.CI_KEY }}", // 7
      "  AWS_SECRET_ACCESS_KEY: ${{ secrets.CI_SECRET }}", // 8
      "  AWS_REGION: eu-north-1", // 9
      "jobs:", // 10
      "  lint:", // 11
      "    runs-on: ubuntu-latest", // 12
      "    steps: [{ run: make lint }]", // 13
      "  test:", // 14
      "    runs-on: ubuntu-latest", // 15
      "    permissions: { contents: read }", // 16
      "    steps: [{ run: make test }]", // 17
    );
    const { usages } = analyzeOne(text);
    expect(usages.map(brief)).toEqual([
      { kind: "env", at: "7:3", job: undefined, step: undefined, accessKeyId: ["secret:CI_KEY"], secretAccessKey: ["secret:CI_SECRET"], sessionToken: [] },
    ]);
    const u = usages[0]!;
    expect(u.envLevel).toBe("workflow");
    expect(u.reachedJobs?.map((j) => [j.job, j.permissions.source])).toEqual([
      ["lint", "default"],
      ["test", "job"],
    ]);
    expect(u.triggers).toMatchObject({ pullRequestTarget: true, forkReachable: true, secretsReachableFromForks: true });
    expect(u.regionHints).toEqual([expect.objectContaining({ value: "eu-north-1", source: "env:AWS_REGION" })]);
  });

  it("finds job-level and step-level keys, one usage per block", () => {
    const text = lines(
      "on: push", // 1
      "jobs:", // 2
      "  deploy:", // 3
      "    runs-on: ubuntu-latest", // 4
      "    env:", // 5
      "      AWS_ACCESS_KEY_ID: ${{ secrets.JOB_ID }}", // 6
      "      AWS_SECRET_ACCESS_KEY: ${{ secrets.JOB_SECRET }}", // 7
      "    steps:", // 8
      "      - run: npx cdk deploy", // 9
      "      - run: aws s3 sync dist s3://bucket", // 10
      "        env:", // 11
      "          AWS_DEFAULT_REGION: ap-south-1", // 12
      "          AWS_SECRET_ACCESS_KEY: ${{ secrets.STEP_SECRET }}", // 13
      "          AWS_ACCESS_KEY_ID: ${{ secrets.STEP_ID }}", // 14
    );
    const { usages } = analyzeOne(text);
    expect(usages.map(brief)).toEqual([
      { kind: "env", at: "6:7", job: "deploy", step: undefined, accessKeyId: ["secret:JOB_ID"], secretAccessKey: ["secret:JOB_SECRET"], sessionToken: [] },
      { kind: "env", at: "14:11", job: "deploy", step: 1, accessKeyId: ["secret:STEP_ID"], secretAccessKey: ["secret:STEP_SECRET"], sessionToken: [] },
    ]);
    expect(usages.map((u) => u.envLevel)).toEqual(["job", "step"]);
    expect(usages[1]?.regionHints[0]).toMatchObject({ value: "ap-south-1", source: "env:AWS_DEFAULT_REGION" });
  });

  it("does not take values that merely have AWS in their names for keys", () => {
    const text = lines(
      "on: release",
      "env:",
      "  AWS_REGION: us-east-1",
      "  AWS_JOB_QUEUE: ${{ secrets.AWS_JOB_QUEUE }}",
      "  AWS_S3_BUCKET: ${{ secrets.AWS_S3_BUCKET }}",
      "  TOWER_ACCESS_TOKEN: ${{ secrets.AWS_TOWER_TOKEN }}",
      "  AWS_ACCOUNT_ID: ${{ vars.ACCOUNT }}",
      "jobs:",
      "  run:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: sls deploy --aws_sns_secret '${{ secrets.PROD_AWS_SNS_SECRET }}' --aws_s3_secret '${{ secrets.AWS_S3_SECRET }}'",
      "        env:",
      "          AWS_SNS_TOPICARN: ${{ secrets.AWS_SNS_TOPICARN }}",
      "          AWS_EXECUTION_ENV: prod",
    );
    expect(analyzeOne(text).usages).toEqual([]);
  });

  it("does not take LocalStack-style dummy values for keys", () => {
    const text = lines(
      "on: push",
      "jobs:",
      "  it:",
      "    runs-on: ubuntu-latest",
      "    env:",
      "      AWS_ACCESS_KEY_ID: test",
      "      AWS_SECRET_ACCESS_KEY: test",
      "      AWS_ENDPOINT_URL: http://localhost:4566",
      "    steps: [{ run: pytest }]",
    );
    expect(analyzeOne(text).usages).toEqual([]);
  });

  it("follows env re-exports under other names to the secret behind them", () => {
    const text = lines(
      "on: push", // 1
      "env:", // 2
      "  PROD_KEY: ${{ secrets.PROD_DEPLOY_KEY }}", // 3
      "  PROD_PASS: ${{ secrets.PROD_DEPLOY_PASS }}", // 4
      "jobs:", // 5
      "  d:", // 6
      "    runs-on: ubuntu-latest", // 7
      "    steps:", // 8
      "      - run: ./deploy", // 9
      "        env:", // 10
      "          AWS_ACCESS_KEY_ID: ${{ env.PROD_KEY }}", // 11
      "          AWS_SECRET_ACCESS_KEY: ${{ env.PROD_PASS }}", // 12
    );
    const [u] = analyzeOne(text).usages;
    expect(refs(u?.accessKeyId)).toEqual(["env:PROD_KEY->secret:PROD_DEPLOY_KEY"]);
    expect(u?.secretNames).toEqual(["PROD_DEPLOY_KEY", "PROD_DEPLOY_PASS"]);
    expect(`${u?.line}:${u?.column}`).toBe("11:11");
  });

  it("splits a block holding a deploy pair and an application's own key pair, with literal key ids", () => {
    const text = lines(
      "on: push", // 1
      "jobs:", // 2
      "  sls:", // 3
      "    runs-on: ubuntu-latest", // 4
      "    steps:", // 5
      "      - run: sls deploy", // 6
      "        env:", // 7
      "          AWS_ACCESS_KEY_ID: ${{ secrets.DEPLOY_ID }}", // 8
      "          AWS_SECRET_ACCESS_KEY: ${{ secrets.DEPLOY_SECRET }}", // 9
      "          DB_PASS: ${{ secrets.DB_PASS }}", // 10
      "          APP_AWS_MAIL_ACCESS_KEY_ID: AKIAJQ2RST3UVW4XYZ5A", // 11
      "          APP_AWS_MAIL_SECRET_ACCESS_KEY: ${{ secrets.MAIL_SECRET }}", // 12
    );
    const { usages } = analyzeOne(text);
    expect(usages.map((u) => [u.kind, `${u.line}:${u.column}`])).toEqual([
      ["env", "8:11"],
      ["env", "11:11"],
      ["literal-key-id", "11:39"],
    ]);
    expect(refs(usages[1]?.accessKeyId)).toEqual(["literal:AKIAJQ2RST3UVW4XYZ5A"]);
    expect(usages[1]?.secretNames).toEqual(["MAIL_SECRET"]);
    expect(usages[1]?.notes.join(" ")).toMatch(/non-standard variable names/);
    expect(usages[0]?.secretNames).toEqual(["DEPLOY_ID", "DEPLOY_SECRET"]);
  });

  it("pairs differently prefixed halves of one key (VAR_ id with SECRET_ key) and notes custom endpoints", () => {
    const text = lines(
      "on: workflow_dispatch",
      "jobs:",
      "  check:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: aws s3 cp x s3://y --endpoint-url \"$ENDPOINT\"",
      "        env:",
      "          VAR_AWS_ACCESS_KEY_ID: ${{ vars.AWS_ACCESS_KEY_ID }}",
      "          SECRET_AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}",
    );
    const { usages } = analyzeOne(text);
    expect(usages).toHaveLength(1);
    expect(usages[0]?.variableNames).toEqual(["AWS_ACCESS_KEY_ID"]);
    expect(usages[0]?.secretNames).toEqual(["AWS_SECRET_ACCESS_KEY"]);
    expect(usages[0]?.notes.join(" ")).toMatch(/custom endpoint/);
  });
});

// Shape c: several accounts or environments in one workflow (prefixed secrets, environments as a
// string or {name}, matrices), and the account and region hints each usage carries.
import { describe, expect, it } from "vitest";
import { analyzeOne, lines } from "../../../test/support/analyze/workflows.js";

describe("accounts and environments", () => {
  it("keeps staging and production usages apart, each with its environment and hints", () => {
    const text = lines(
      "on:", // 1
      "  push:", // 2
      "    branches: [main, staging]", // 3
      "jobs:", // 4
      "  staging:", // 5
      "    runs-on: ubuntu-latest", // 6
      "    environment: staging", // 7
      "    steps:", // 8
      "      - uses: aws-actions/configure-aws-credentials@v3", // 9
      "        with:", // 10
      "          aws-access-key-id: ${{ secrets.STAGING_AWS_ACCESS_KEY_ID }}", // 11
      "          aws-secret-access-key: ${{ secrets.STAGING_AWS_SECRET_ACCESS_KEY }}", // 12
      "          aws-region: us-west-2", // 13
      "      - run: docker push 111122223333.dkr.ecr.us-west-2.amazonaws.com/app:${{ github.sha }}", // 14
      "  production:", // 15
      "    runs-on: ubuntu-latest", // 16
      "    environment:", // 17
      "      name: production", // 18
      "      url: https://example.com", // 19
      "    steps:", // 20
      "      - uses: aws-actions/configure-aws-credentials@v3", // 21
      "        with:", // 22
      "          aws-access-key-id: ${{ secrets.PROD_AWS_ACCESS_KEY_ID }}", // 23
      "          aws-secret-access-key: ${{ secrets.PROD_AWS_SECRET_ACCESS_KEY }}", // 24
      "          aws-region: eu-central-1", // 25
      "      - run: docker push ${{ secrets.PROD_ACCOUNT }}.dkr.ecr.eu-central-1.amazonaws.com/app", // 26
    );
    const { usages } = analyzeOne(text);
    expect(usages.map((u) => [u.job, u.line, u.environment?.name, u.secretNames[0]])).toEqual([
      ["staging", 11, "staging", "STAGING_AWS_ACCESS_KEY_ID"],
      ["production", 23, "production", "PROD_AWS_ACCESS_KEY_ID"],
    ]);
    expect(usages[0]?.accountHints).toEqual([expect.objectContaining({ accountId: "111122223333", source: "ecr-registry" })]);
    expect(usages[1]?.accountHints).toEqual([expect.objectContaining({ ref: "${{ secrets.PROD_ACCOUNT }}", source: "ecr-registry" })]);
    expect(usages[1]?.environment?.span).toMatchObject({ line: 18, column: 13 });
    expect(usages.map((u) => u.regionHints[0]?.value)).toEqual(["us-west-2", "eu-central-1"]);
  });

  it("records an environment chosen at run time as an expression, and matrix-chosen secrets", () => {
    const text = lines(
      "on: workflow_dispatch", // 1
      "jobs:", // 2
      "  deploy:", // 3
      "    strategy:", // 4
      "      matrix:", // 5
      "        stage: [dev, prod]", // 6
      "    runs-on: ubuntu-latest", // 7
      "    environment: ${{ matrix.stage }}", // 8
      "    env:", // 9
      "      ACCOUNT_ID: '444455556666'", // 10
      "    steps:", // 11
      "      - run: ./deploy.sh", // 12
      "        env:", // 13
      "          AWS_ACCESS_KEY_ID: ${{ secrets[format('{0}_KEY_ID', matrix.stage)] }}", // 14
      "          AWS_SECRET_ACCESS_KEY: ${{ secrets[format('{0}_SECRET', matrix.stage)] }}", // 15
    );
    const [u] = analyzeOne(text).usages;
    expect(u?.environment).toMatchObject({ name: "${{ matrix.stage }}", expression: true });
    expect(u?.accessKeyId?.refs.map((r) => [r.source, r.namePattern])).toEqual([["computed", "*_KEY_ID"]]);
    expect(u?.secretNames).toEqual([]);
    expect(u?.accountHints).toEqual([expect.objectContaining({ accountId: "444455556666", source: "env" })]);
  });

  it("gives each step its own region when the same key serves several buckets", () => {
    const step = (name: string, region: string) => [
      `      - name: ${name}`,
      "        run: aws s3 cp dist s3://bucket",
      "        env:",
      "          AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}",
      "          AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}",
      `          AWS_DEFAULT_REGION: ${region}`,
    ];
    const text = lines("on: push", "jobs:", "  up:", "    runs-on: ubuntu-latest", "    steps:", ...step("west", "us-west-1"), ...step("east", "us-east-1"));
    const { usages } = analyzeOne(text);
    expect(usages.map((u) => [u.line, u.step?.name, u.regionHints.map((h) => h.value)])).toEqual([
      [9, "west", ["us-west-1"]],
      [15, "east", ["us-east-1"]],
    ]);
  });
});

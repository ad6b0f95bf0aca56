// Keys handled by `run:` scripts: written from expressions (a usage), or read back from the
// environment (not a new usage: the env block that set them is one).
import { describe, expect, it } from "vitest";
import { analyzeOne, lines, refs, textAt } from "../../../test/support/analyze/workflows.js";

const inJob = (...run: string[]) => lines("on: push", "jobs:", "  j:", "    runs-on: ubuntu-latest", "    steps:", ...run);

describe("run scripts", () => {
  it("finds `sls config credentials --key … --secret …` on one line", () => {
    const text = inJob("      - run: sls config credentials --provider aws --key ${{ secrets.SLS_ID }} --secret ${{secrets.SLS_SECRET}}"); // 6
    const [u] = analyzeOne(text).usages;
    expect([u?.kind, u?.runForm, u?.line, u?.column]).toEqual(["run-script", "sls-config-credentials", 6, 52]);
    expect(textAt(text, u!)).toBe("--key ${{ secrets.SLS_ID }}");
    expect(refs(u?.secretAccessKey)).toEqual(["secret:SLS_SECRET"]);
    expect(u?.accessKeyId?.yamlPath).toEqual(["jobs", "j", "steps", 0, "run"]);
  });

  it("finds `aws configure set` and GITHUB_ENV / TF_VAR re-exports in a block script", () => {
    const text = inJob(
      "      - run: |", // 6
      "          aws configure set aws_access_key_id ${{ secrets.CLI_ID }} --profile ci", // 7
      '          aws configure set aws_secret_access_key "${{ secrets.CLI_SECRET }}" --profile ci', // 8
      '          echo "TF_VAR_aws_access_key_id=${{ secrets.TF_ID }}" >> $GITHUB_ENV', // 9
      '          echo "TF_VAR_aws_secret_access_key=${{ secrets.TF_SECRET }}" >> "$GITHUB_ENV"', // 10
      '          echo "TF_VAR_db_password=${{ secrets.DB }}" >> $GITHUB_ENV', // 11
    );
    const { usages } = analyzeOne(text);
    expect(usages.map((u) => [u.runForm, `${u.line}:${u.column}`, u.secretNames.join(",")])).toEqual([
      ["aws-configure-set", "7:29", "CLI_ID,CLI_SECRET"],
      ["github-env", "9:17", "TF_ID,TF_SECRET"],
    ]);
  });

  it("finds PowerShell and export assignments of key expressions", () => {
    const text = inJob(
      "      - shell: pwsh", // 6
      "        run: |", // 7
      '          $env:AWS_ACCESS_KEY_ID = "${{ secrets.PS_ID }}"', // 8
      '          $env:AWS_SECRET_ACCESS_KEY = "${{ secrets.PS_SECRET }}"', // 9
      "      - run: export AWS_ACCESS_KEY_ID=${{ secrets.SH_ID }} && ./go", // 10
    );
    const { usages } = analyzeOne(text);
    expect(usages.map((u) => [u.runForm, u.line, u.secretNames.join(",")])).toEqual([
      ["assignment", 8, "PS_ID,PS_SECRET"],
      ["export", 10, "SH_ID"],
    ]);
  });

  it("does not count keys read back from the environment or values computed by the shell", () => {
    const text = inJob(
      "      - run: |",
      '          npx serverless config credentials --provider aws --key "$AWS_ACCESS_KEY_ID" --secret "$AWS_SECRET_ACCESS_KEY"',
      '          echo "AWS_ACCESS_KEY_ID=$(jq -r .AccessKeyId creds.json)" >> $GITHUB_ENV',
      "          aws s3 ls --region eu-west-1",
    );
    expect(analyzeOne(text).usages).toEqual([]);
  });
});

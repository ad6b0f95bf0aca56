// Counter-examples the property-based tests (fuzz.test.ts, and the patcher's) found, kept as plain
// fixtures: the smallest file showing what a mutation exposed.
import { describe, expect, it } from "vitest";
import { analyzeOne, lines } from "../../../test/support/analyze/workflows.js";

const HEAD = ["on: push", "jobs:", "  deploy:", "    runs-on: ubuntu-latest", "    steps:"];

describe("mutants found by the property tests", () => {
  it("finds a second credential set when a script writes the keys twice (duplicated lines, or both branches of an if)", () => {
    const write = (name: string, secret: string) => `            echo "TF_VAR_aws_${name}=\${{ secrets.${secret} }}" >> $GITHUB_ENV`;
    const text = lines(
      ...HEAD, // 1-5
      "      - run: |", // 6
      '          if [ -n "$A" ]; then', // 7
      write("access_key_id", "AWS_ACCESS_KEY_ID"), // 8
      write("secret_access_key", "AWS_SECRET_ACCESS_KEY"), // 9
      "          else", // 10
      write("access_key_id", "AWS_ACCESS_KEY_ID"), // 11
      write("secret_access_key", "AWS_SECRET_ACCESS_KEY"), // 12
      "          fi", // 13
    );
    const { usages } = analyzeOne(text);
    // One usage held only the first write of each name: the second was in no usage, so a patch left it.
    expect(usages.map((u) => [u.kind, u.accessKeyId?.span.line, u.secretAccessKey?.span.line])).toEqual([
      ["run-script", 8, 9],
      ["run-script", 11, 12],
    ]);
  });

  it("finds a second credential set when an env block names the keys twice (AWS_ACCESS_KEY_ID and the legacy AWS_ACCESS_KEY)", () => {
    const text = lines(
      ...HEAD, // 1-5
      "      - run: ./deploy.sh", // 6
      "        env:", // 7
      "          AWS_ACCESS_KEY_ID: ${{ secrets.ID }}", // 8
      "          AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}", // 9
      "          AWS_ACCESS_KEY: ${{ secrets.ID }}", // 10
      "          AWS_SECRET_KEY: ${{ secrets.SECRET }}", // 11
    );
    expect(analyzeOne(text).usages.map((u) => [u.kind, u.accessKeyId?.slot, u.secretAccessKey?.slot])).toEqual([
      ["env", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
      ["env", "AWS_ACCESS_KEY", "AWS_SECRET_KEY"],
    ]);
  });
});

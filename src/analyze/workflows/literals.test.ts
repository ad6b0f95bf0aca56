// Shape j (literal key ids, in values and in comments) and inline suppressions, which are recorded
// on the usage and never drop it.
import { describe, expect, it } from "vitest";
import { analyzeOne, lines, textAt } from "../../../test/support/analyze/workflows.js";

describe("literal key ids", () => {
  it("finds AKIA and ASIA ids with their position, in values and in comments", () => {
    const text = lines(
      "on: push", // 1
      "# old key: AKIAQWERTYUIOPASDF23 (rotated)", // 2
      "jobs:", // 3
      "  j:", // 4
      "    runs-on: ubuntu-latest", // 5
      "    steps:", // 6
      "      - run: ./x", // 7
      "        env:", // 8
      "          TEMP: ASIAQWERTYUIOPASDF45", // 9
      "          DOCS: AKIAIOSFODNN7EXAMPLE", // 10
      "          NOT_A_KEY: XAKIAQWERTYUIOPASDF2", // 11
    );
    const { usages } = analyzeOne(text);
    expect(usages.map((u) => [u.line, u.column, u.job, u.step?.index, u.literal])).toEqual([
      [2, 12, undefined, undefined, { keyId: "AKIAQWERTYUIOPASDF23", inComment: true, example: false }],
      [9, 17, "j", 0, { keyId: "ASIAQWERTYUIOPASDF45", inComment: false, example: false }],
      [10, 17, "j", 0, { keyId: "AKIAIOSFODNN7EXAMPLE", inComment: false, example: true }],
    ]);
    expect(textAt(text, usages[1]!)).toBe("ASIAQWERTYUIOPASDF45");
    expect(usages[0]?.notes).toEqual(["the key id is in a comment"]);
  });
});

describe("inline suppressions", () => {
  it("records suppressions from the usage line or the line before, without dropping the usage", () => {
    const text = lines(
      "on: push", // 1
      "jobs:", // 2
      "  j:", // 3
      "    runs-on: ubuntu-latest", // 4
      "    steps:", // 5
      "      # keyless: ignore[KL101, kl104]", // 6
      "      - uses: aws-actions/configure-aws-credentials@v4", // 7
      "        with:", // 8
      "          aws-access-key-id: ${{ secrets.A }}", // 9
      "          aws-secret-access-key: ${{ secrets.B }}", // 10
      "      - run: ./deploy", // 11
      "        env:", // 12
      "          AWS_ACCESS_KEY_ID: ${{ secrets.C }} # keyless: ignore", // 13
      "          AWS_SECRET_ACCESS_KEY: ${{ secrets.D }}", // 14
      "      - run: |", // 15
      "          # keyless: ignore  (inside a script: not a YAML comment)", // 16
      "          aws configure set aws_access_key_id ${{ secrets.E }}", // 17
    );
    const { usages } = analyzeOne(text);
    expect(usages.map((u) => [u.line, u.suppressed])).toEqual([
      [9, ["KL101", "KL104"]],
      [13, ["*"]],
      [17, undefined],
    ]);
  });
});

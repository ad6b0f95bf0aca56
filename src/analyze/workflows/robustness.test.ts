// Shape g (YAML a naive tool breaks: CRLF, comments, odd spacing and indentation, flow style,
// anchors, no final newline, long generated files) and bad input that must become a skip, never a crash.
import { describe, expect, it } from "vitest";
import { MAX_WORKFLOW_BYTES } from "./index.js";
import { analyzeMany, analyzeOne, brief, lines, textAt } from "../../../test/support/analyze/workflows.js";

const CAC = [
  "on: push", // 1
  "jobs:", // 2
  "  d:", // 3
  "    runs-on: ubuntu-latest", // 4
  "    steps:", // 5
  "      - uses: aws-actions/configure-aws-credentials@v4", // 6
  "        with:", // 7
  "          aws-access-key-id: ${{ secrets.ID }}", // 8
  "          aws-secret-access-key: ${{ secrets.SECRET }}", // 9
];

describe("awkward but valid YAML", () => {
  it("keeps exact lines, columns and offsets with CRLF line endings and no final newline", () => {
    const text = CAC.join("\r\n");
    const [u] = analyzeOne(text).usages;
    expect([u?.line, u?.column]).toEqual([8, 11]);
    expect(textAt(text, u!)).toBe("aws-access-key-id: ${{ secrets.ID }}");
    expect(textAt(text, u!.secretAccessKey!.valueSpan)).toBe("${{ secrets.SECRET }}");
  });

  it("reads comments everywhere, spaces before colons, odd indentation and flow mappings", () => {
    const text = lines(
      "# deploy", // 1
      "on : [push, pull_request]   # both", // 2
      "jobs :", // 3
      "    # the only job", // 4
      "    d :", // 5
      "        runs-on : ubuntu-latest", // 6
      "        steps :", // 7
      "            -   name : creds   # keys", // 8
      "                uses : aws-actions/configure-aws-credentials@v1", // 9
      "                with : { aws-access-key-id : '${{ secrets.ID }}', aws-secret-access-key: \"${{ secrets.SECRET }}\" }", // 10
    );
    const [u] = analyzeOne(text).usages;
    expect(brief(u!)).toEqual({
      kind: "configure-aws-credentials",
      at: "10:26",
      job: "d",
      step: 0,
      accessKeyId: ["secret:ID"],
      secretAccessKey: ["secret:SECRET"],
      sessionToken: [],
    });
    expect(u?.triggers?.events).toEqual(["push", "pull_request"]);
  });

  it("follows anchors and aliases to a shared env block", () => {
    const text = lines(
      "on: push", // 1
      "jobs:", // 2
      "  a:", // 3
      "    runs-on: ubuntu-latest", // 4
      "    env: &aws", // 5
      "      AWS_ACCESS_KEY_ID: ${{ secrets.ID }}", // 6
      "      AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}", // 7
      "    steps: [{ run: a }]", // 8
      "  b:", // 9
      "    runs-on: ubuntu-latest", // 10
      "    env: *aws", // 11
      "    steps: [{ run: b }]", // 12
    );
    const { usages } = analyzeOne(text);
    // Both jobs receive the key; the location is where the anchored block is written.
    expect(usages.map((u) => [u.job, u.line])).toEqual([
      ["a", 6],
      ["b", 6],
    ]);
    expect(new Set(usages.map((u) => u.id)).size).toBe(2);
  });

  it("handles a long generated workflow", () => {
    const jobs = Array.from({ length: 300 }, (_, i) => [
      `  job-${i}:`,
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: aws s3 ls",
      "        env:",
      "          AWS_ACCESS_KEY_ID: ${{ secrets.ID }}",
      "          AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}",
    ]).flat();
    const { usages } = analyzeOne(lines("on: push", "jobs:", ...jobs));
    expect(usages).toHaveLength(300);
    expect(usages.at(-1)).toMatchObject({ job: "job-299", line: 2 + 299 * 7 + 6 });
  });
});

describe("output", () => {
  it("is plain JSON data", () => {
    const result = analyzeMany({
      ".github/workflows/a.yml": lines(...CAC, "      - uses: aws-actions/configure-aws-credentials@v4", "        with: { role-to-assume: 'arn:aws:iam::123456789012:role/r' }"),
      ".github/workflows/b.yml": lines("on: push", "jobs:", "  c:", "    uses: ./.github/workflows/a.yml", "    secrets: inherit"),
      ".github/workflows/bad.yml": "a: [",
    });
    expect(result.usages.length).toBeGreaterThan(0);
    expect(result.oidcJobs.length).toBe(1);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});

describe("bad input", () => {
  it("turns every kind of bad file into a skip with a reason, and still analyses the rest", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++) bomb.push(`${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`);
    const result = analyzeMany({
      ".github/workflows/broken.yml": lines("on: push", "jobs:", "  a: [unclosed", "  b: 1"),
      ".github/workflows/huge.yml": `on: push\n#${"x".repeat(5 * 1024 * 1024)}\n`,
      ".github/workflows/bomb.yml": lines(...bomb),
      ".github/workflows/binary.yml": "on: push\u0000\u0001\u0002",
      ".github/workflows/list.yml": lines("- on: push"),
      ".github/workflows/empty.yml": "",
      ".github/workflows/config.yml": lines("labels: [bug]"),
      ".github/actions/odd/action.yml": lines("name: no runs"),
      ".github/workflows/ok.yml": lines(...CAC),
    });
    expect(result.skipped.map((s) => [s.path.split("/").pop(), s.code])).toEqual([
      ["broken.yml", "InvalidYaml"],
      ["huge.yml", "TooLarge"],
      ["bomb.yml", "AliasBomb"],
      ["binary.yml", "Binary"],
      ["list.yml", "NotAWorkflow"],
      ["empty.yml", "NotAWorkflow"],
      ["config.yml", "NotAWorkflow"],
      ["action.yml", "NotAWorkflow"],
    ]);
    // The parser notices the unclosed flow sequence where the next key starts.
    expect(result.skipped[0]?.reason).toMatch(/^line 4, column 3: Flow sequence/);
    expect(result.skipped[1]?.reason).toContain(String(MAX_WORKFLOW_BYTES));
    expect(result.usages.map((u) => u.path)).toEqual([".github/workflows/ok.yml"]);
  });

  it("skips a YAML 1.1 merge key it cannot resolve, and nesting too deep to read", () => {
    const result = analyzeMany({
      ".github/workflows/merge.yml": lines("%YAML 1.1", "---", "on: push", "jobs:", "  a:", "    <<: 1", "    runs-on: ubuntu-latest"),
      ".github/workflows/deep.yml": `on: push\nx: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`,
      ".github/workflows/ok.yml": lines(...CAC),
    });
    expect(result.skipped.map((s) => [s.path.split("/").pop(), s.code])).toEqual([
      ["merge.yml", "InvalidYaml"],
      ["deep.yml", "InvalidYaml"],
    ]);
    expect(result.skipped[0]?.reason).toMatch(/could not be resolved/);
    expect(result.usages.map((u) => u.path)).toEqual([".github/workflows/ok.yml"]);
  });

  it("reports the same text at each path it is found at", () => {
    const result = analyzeMany({ ".github/workflows/a.yml": lines(...CAC), ".github/workflows/b.yml": lines(...CAC) });
    expect(result.usages.map((u) => [u.path, u.line])).toEqual([
      [".github/workflows/a.yml", 8],
      [".github/workflows/b.yml", 8],
    ]);
  });

  it("still reports a literal key id in a file whose YAML is broken", () => {
    const { skipped, usages } = analyzeOne(lines("on: push", "env:", "  KEY: AKIAZ2Y3X4W5V6U7T2S3", "jobs: [", "  oops"));
    expect(skipped.map((s) => s.code)).toEqual(["InvalidYaml"]);
    expect(usages.map((u) => [u.kind, u.line, u.column, u.literal?.keyId])).toEqual([["literal-key-id", 3, 8, "AKIAZ2Y3X4W5V6U7T2S3"]]);
  });
});

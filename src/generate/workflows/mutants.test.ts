// Counter-examples the property-based tests (fuzz.test.ts) found, kept as plain fixtures: each is the
// smallest file showing the damage a mutation did, and what the patcher must do with it.
import { describe, expect, it } from "vitest";
import { analyzeRepoWorkflows } from "../../analyze/workflows/index.js";
import { afterOf, DEPLOY, ENTRY, lines, patchOne, REPO } from "../../../test/support/generate/workflows.js";
import { newParserErrors } from "./validate.js";

const PATH = ".github/workflows/ci.yml";
const CAC = [
  "on: push",
  "jobs:",
  "  deploy:",
  "    runs-on: ubuntu-latest",
  "    steps:",
  "      - uses: aws-actions/configure-aws-credentials@v4",
  "        with:",
  "          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}",
  "          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}",
  "          aws-region: us-east-1",
];

describe("mutants found by the property tests", () => {
  it("adds the chained step after a last step followed by a line of spaces and no final newline", () => {
    // Truncation left `    ` as the file's last line, without a line break: the chained step was
    // glued onto it, and the patch failed GitHub's parser.
    const text = `${lines(...CAC)}    `;
    const after = afterOf(patchOne(text, { entryRoleArn: ENTRY, chainRoleArn: DEPLOY }));
    expect(newParserErrors(PATH, text, after)).toEqual([]);
    expect(after).toContain(`          aws-region: us-east-1\n    \n      - name: Chain into the deploy role\n`);
    expect(after.endsWith("\n")).toBe(false);
  });

  it.each([
    ["a configure step's key input", [...CAC.slice(0, 8), "          aws-secret-access-key: &key ${{ secrets.AWS_SECRET_ACCESS_KEY }}", ...CAC.slice(9)]],
    [
      "a workflow env key",
      ["on: push", "env:", "  AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}", "  AWS_SECRET_ACCESS_KEY: &key ${{ secrets.AWS_SECRET_ACCESS_KEY }}", ...CAC.slice(1, 5)],
    ],
  ])("says which anchor is in the way when %s holds one that an alias uses", (_, head) => {
    // An anchor on a removed line, used by an alias further down: the patch cannot drop the line.
    // The parser's own message ("Expected a scalar value, a sequence, or a mapping") named neither.
    const text = lines(...head, "      - run: ./deploy.sh --region us-east-1", "        env:", "          TOKEN: *key");
    const result = patchOne(text, { entryRoleArn: ENTRY });
    expect(result.patch).toBeUndefined();
    expect(result.notPatched.map((n) => n.reason)).toEqual([expect.stringMatching(/^an entry the patch removes holds the YAML anchor &key, which an alias uses elsewhere/)]);
  });

  it("still patches a file whose anchors stay", () => {
    const text = lines(...CAC.slice(0, 9), "          aws-region: &region us-east-1", "      - run: ./deploy.sh --region us-east-1", "        env:", "          REGION: *region");
    expect(afterOf(patchOne(text, { entryRoleArn: ENTRY }))).toContain("REGION: *region");
  });

  it.each([
    [
      "a script writing the keys in both branches of an if",
      [
        "      - run: |",
        '          if [ -n "$A" ]; then',
        ...["access_key_id=${{ secrets.AWS_ACCESS_KEY_ID }}", "secret_access_key=${{ secrets.AWS_SECRET_ACCESS_KEY }}", "session_token=${{ secrets.AWS_SESSION_TOKEN }}"].map((w) => `            echo "TF_VAR_aws_${w}" >> $GITHUB_ENV`),
        "          else",
        ...["access_key_id=${{ secrets.AWS_ACCESS_KEY_ID }}", "secret_access_key=${{ secrets.AWS_SECRET_ACCESS_KEY }}", "session_token=${{ secrets.AWS_SESSION_TOKEN }}"].map((w) => `            echo "TF_VAR_aws_${w}" >> $GITHUB_ENV`),
        "          fi",
        "          terraform apply -var region=us-east-1",
      ],
    ],
    [
      "an env block naming the keys twice",
      ["      - run: ./deploy.sh --region us-east-1", "        env:", "          AWS_ACCESS_KEY_ID: ${{ secrets.ID }}", "          AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}", "          AWS_ACCESS_KEY: ${{ secrets.ID }}", "          AWS_SECRET_KEY: ${{ secrets.SECRET }}"],
    ],
  ])("migrates every write of the keys in %s", (_, step) => {
    // Only the first write was in the usage: the patch left the second, and its own check refused
    // the file ("the patched file still hands over static keys").
    const text = lines(...CAC.slice(0, 5), ...step);
    const after = afterOf(patchOne(text, { entryRoleArn: ENTRY, region: "us-east-1" }));
    expect(newParserErrors(PATH, text, after)).toEqual([]);
    expect(after).not.toMatch(/secrets\.(AWS_|ID|SECRET)/);
    expect(analyzeRepoWorkflows({ repo: REPO, files: [{ path: PATH, text: after }] }).usages).toEqual([]);
  });

  it.each([["a zero-width space", "\u200B"], ["a vertical tab", "\u000B"]])("copies no region expression holding %s (GitHub cannot read it)", (_, ch) => {
    // The inserted step repeated the broken expression, and the patch failed GitHub's parser.
    const env = ["        env:", "          AWS_ACCESS_KEY_ID: ${{ secrets.ID }}", "          AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}"];
    const text = lines(...CAC.slice(0, 5), "      - run: aws s3 sync . s3://bucket", ...env, `          AWS_REGION: \${{ secre${ch}ts.AWS_REGION }}`);
    expect(patchOne(text, { entryRoleArn: ENTRY }).notPatched.map((n) => n.reason)).toEqual(["no AWS region is known for job `deploy`: give one in the role assignment"]);
    expect(afterOf(patchOne(text, { entryRoleArn: ENTRY, region: "eu-west-1" }))).toContain("aws-region: eu-west-1");
  });
});

// Values the patcher writes into workflows come from outside (a plan, command-line flags): none may
// add YAML keys, comments, lines or workflow expressions, and bad options fail loudly.
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { KeylessError } from "../../core/errors.js";
import { resolveOptions } from "./options.js";
import { afterOf, ENTRY, fixture, patchOne } from "../../../test/support/generate/workflows.js";
import { yamlScalar } from "./yaml-text.js";

type Steps = { jobs: Record<string, { steps: Array<{ with?: Record<string, unknown> }> }> };

describe("hostile values", () => {
  const hostile = [
    "arn:aws:iam::111122223333:role/x\n      evil: true",
    "arn:aws:iam::111122223333:role/x # comment",
    'arn:aws:iam::111122223333:role/x", evil: "1',
    "${{ github.event.issue.title }}",
    "arn:aws:iam::111122223333:role/${{ github.head_ref }}",
    "{ role-chaining: true }",
    "arn:aws:iam::1111:role/x",
  ];

  it.each(hostile)("refuses the role ARN %j and writes nothing", (arn) => {
    const result = patchOne(fixture("cac-hub.before.yml"), { entryRoleArn: arn });
    expect(result.patch).toBeUndefined();
    expect(result.notPatched[0]?.reason).toMatch(/^the entry role ARN ".*" is not valid$/s);
  });

  it.each([
    ["chained role ARN", { chainRoleArn: "arn:aws:iam::444455556666:role/d\nx: 1" }],
    ["external id", { chainRoleArn: "arn:aws:iam::444455556666:role/d", externalId: "abc\n  role-chaining: false" }],
    ["region", { region: "us-east-1 # x" }],
  ])("refuses a hostile %s", (what, extra) => {
    const result = patchOne(fixture("env-workflow.before.yml"), { entryRoleArn: ENTRY, ...extra });
    expect(result.patch).toBeUndefined();
    expect(result.notPatched[0]?.reason).toMatch(new RegExp(`the ${what} .* is not valid`, "s"));
  });

  it("writes a valid role with unusual characters exactly, as one scalar", () => {
    const arn = "arn:aws:iam::111122223333:role/team+ops/deploy=main,eu.west@github-ci";
    const after = afterOf(patchOne(fixture("env-job-crlf.before.yml"), { entryRoleArn: arn }));
    const doc = parse(after) as Steps;
    expect(doc.jobs.deploy?.steps[0]?.with).toEqual({ "role-to-assume": arn, "aws-region": "us-east-2" });
  });

  it("accepts a role read from a variable or secret, and no other expression", () => {
    const after = afterOf(patchOne(fixture("cac-hub.before.yml"), { entryRoleArn: "${{ vars.GITHUB_ENTRY_ROLE }}" }));
    expect(after).toContain("role-to-assume: ${{ vars.GITHUB_ENTRY_ROLE }}\n");
  });

  it("stringifies any text to a one-line scalar that reads back the same", () => {
    const samples = ["plain", "a: b", "x # y", "line\nbreak", "'quoted'", '"double"', "- dash", "{flow}", "[seq]", "*alias", "&anchor", "!tag", "%dir", "@at", "`tick", " lead", "trail ", "tab\there", "cr\rlf", "nul\u0000", "true", "0x1F", "~", "", "€ ✓"];
    for (const s of samples) {
      const text = yamlScalar(s);
      expect(text, JSON.stringify(s)).not.toMatch(/[\r\n]/);
      expect((parse(`k: ${text}\nother: 1\n`) as Record<string, unknown>).k, JSON.stringify(s)).toBe(s);
    }
  });
});

describe("options", () => {
  it("refuses an action reference that is not owner/repo@ref", () => {
    for (const actionRef of ["aws-actions/configure-aws-credentials", "a/b@v1 # x", "a/b@v1\n  evil: 1", "../x@v1", "a/../b@v1", "a/b/..@v1"]) {
      expect(() => resolveOptions({ actionRef }), actionRef).toThrow(KeylessError);
    }
  });

  it("refuses a pin that is not a full commit SHA, and a session outside IAM's bounds", () => {
    expect(() => resolveOptions({ pinSha: "abc123" })).toThrow(/40-digit/);
    expect(() => resolveOptions({ sessionDuration: 60 })).toThrow(/900/);
  });

  it("pins with the ref as a version comment", () => {
    expect(resolveOptions({ pinSha: "A".repeat(40) })).toMatchObject({ uses: `aws-actions/configure-aws-credentials@${"a".repeat(40)}`, comment: " # v6", major: 6 });
  });
});

// locateNode: the spans a patcher edits, found again from the YAML paths usages record.
import { describe, expect, it } from "vitest";
import { locateNode } from "./index.js";
import { analyzeOne, lines, textAt } from "../../../test/support/analyze/workflows.js";

describe("locateNode", () => {
  const text = lines(
    "on: push", // 1
    "permissions: {}", // 2
    "jobs:", // 3
    "  d:", // 4
    "    runs-on: ubuntu-latest", // 5
    "    steps:", // 6
    "      - uses: actions/checkout@v4", // 7
    "      - uses: aws-actions/configure-aws-credentials@v4 # pinned later", // 8
    "        with:", // 9
    "          aws-access-key-id: ${{ secrets.ID }}   # comment", // 10
    "          aws-secret-access-key: ${{ secrets.SECRET }}", // 11
    "          aws-region:", // 12
  ).replace(/\n/g, "\r\n");

  it("finds every slot a usage records at the exact same offsets", () => {
    const [u] = analyzeOne(text).usages;
    for (const slot of [u!.accessKeyId!, u!.secretAccessKey!]) {
      const found = locateNode(text, slot.yamlPath);
      expect(found?.whole).toEqual(slot.span);
      expect(found?.value).toEqual(slot.valueSpan);
    }
    expect(textAt(text, locateNode(text, u!.accessKeyId!.yamlPath)!.key!)).toBe("aws-access-key-id");
  });

  it("locates sequence items, empty values and flow mappings", () => {
    expect(locateNode(text, ["jobs", "d", "steps", 1])?.value).toMatchObject({ line: 8, column: 9 });
    expect(locateNode(text, ["jobs", "d", "steps", 1, "with", "aws-region"])?.value).toMatchObject({ line: 12, column: 22, endLine: 12, endColumn: 22 });
    expect(textAt(text, locateNode(text, ["permissions"])!.whole)).toBe("permissions: {}");
    expect(textAt(text, locateNode(text, ["jobs", "d", "steps", 1, "uses"])!.value)).toBe("aws-actions/configure-aws-credentials@v4");
  });

  it("returns undefined for a path that is not there, or a file that does not parse", () => {
    expect(locateNode(text, ["jobs", "nope"])).toBeUndefined();
    expect(locateNode(text, ["jobs", "d", "steps", 9])).toBeUndefined();
    expect(locateNode("a: [", ["a"])).toBeUndefined();
  });
});

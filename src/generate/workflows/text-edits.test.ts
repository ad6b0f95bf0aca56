import { describe, expect, it } from "vitest";
import { applyEdits, eolOf, OverlappingEditsError } from "./text-edits.js";

describe("applyEdits", () => {
  it("applies replacements, deletions and inserts against the original offsets, in any order", () => {
    const text = "alpha\nbeta\ngamma\n";
    const out = applyEdits(text, [
      { offset: 11, end: 16, text: "GAMMA" },
      { offset: 0, end: 0, text: "# top\n" },
      { offset: 6, end: 11, text: "" },
    ]);
    expect(out).toBe("# top\nalpha\nGAMMA\n");
  });

  it("keeps inserts at one offset in the order given, before a replacement starting there", () => {
    expect(applyEdits("ab", [{ offset: 1, end: 2, text: "B" }, { offset: 1, end: 1, text: "1" }, { offset: 1, end: 1, text: "2" }])).toBe("a12B");
  });

  it("leaves every byte outside the edits alone (CRLF, no final newline, odd characters)", () => {
    const text = "a: 1\r\nb: 'x' # c\r\nc: ✓";
    expect(applyEdits(text, [{ offset: 6, end: 18, text: "" }])).toBe("a: 1\r\nc: ✓");
    expect(applyEdits(text, [])).toBe(text);
  });

  it("refuses overlapping edits and edits outside the text", () => {
    expect(() => applyEdits("abcdef", [{ offset: 1, end: 4, text: "" }, { offset: 3, end: 5, text: "x" }])).toThrow(OverlappingEditsError);
    expect(() => applyEdits("abc", [{ offset: 2, end: 9, text: "" }])).toThrow(RangeError);
  });
});

describe("eolOf", () => {
  it("follows the file's line breaks", () => {
    expect(eolOf("a\r\nb\r\n")).toBe("\r\n");
    expect(eolOf("a\nb\n")).toBe("\n");
    expect(eolOf("no break")).toBe("\n");
  });
});

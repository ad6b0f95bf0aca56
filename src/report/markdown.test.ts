import { describe, expect, it } from "vitest";
import { cell, table } from "./markdown.js";

describe("markdown cells", () => {
  it("cannot be broken out of by hostile names", () => {
    expect(cell("a|b\n<script>*x*")).toBe("a\\|b &lt;script&gt;\\*x\\*");
    expect(table(["h"], [["x|y"]]).split("\n")).toHaveLength(3);
  });

  it("shows an em dash for missing values", () => {
    expect(cell(undefined)).toBe("—");
    expect(cell(0)).toBe("0");
  });
});

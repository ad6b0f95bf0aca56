import { describe, expect, it } from "vitest";
import { esc, html } from "./escape.js";

describe("HTML escaping of outside text", () => {
  it("escapes markup and quotes", () => {
    expect(esc(`<img src=x onerror="a">&'`)).toBe("&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;");
  });

  it("shows bidi overrides and control characters as visible escapes, so a name cannot reorder the page", () => {
    expect(esc("invoice\u202egnp.exe")).toBe("invoice\\u202egnp.exe");
    expect(html`<td>${"\u001b[31mred\u0007"}</td>`.value).toBe("<td>\\x1b[31mred\\x07</td>");
  });
});

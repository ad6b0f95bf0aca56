import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { code, list, table, text } from "./escape.js";

const html = (md: string) => marked.parse(md, { gfm: true, async: false });

describe("markdown escaping", () => {
  it("renders hostile text as itself, with no markup, HTML or extra table cells", () => {
    const hostile = "a|b `c` <script>alert(1)</script> *x* _y_ [l](http://e) ~~s~~ & &amp; \\";
    const rendered = html(table(["h"], [[text(hostile)]]));
    expect(rendered).not.toMatch(/<script|<em>|<strong>|<a |<del>|<code>/);
    expect(rendered.match(/<td>/g)).toHaveLength(1);
    // The cell shows exactly the original characters.
    const cell = /<td>(.*)<\/td>/s.exec(rendered)?.[1] ?? "";
    const shown = cell.replace(/<!--.*?-->/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
    expect(shown).toBe(hostile);
  });

  it("turns line breaks into spaces, so a name cannot start a heading, list or new row", () => {
    expect(text("prod\n# Heading\r\n- item")).toBe("prod # Heading - item");
    expect(html(`- ${text("# not a heading")}`)).not.toMatch(/<h1/);
    expect(html(text("1. not a list"))).not.toMatch(/<ol/);
    expect(html(text("- not a list"))).not.toMatch(/<ul/);
  });

  it("keeps a PR body from mentioning anyone, but leaves action refs and e-mails readable", () => {
    expect(text("@security-team")).toBe("@<!-- -->security-team");
    expect(text("ping (@admin)")).toBe("ping (@<!-- -->admin)");
    expect(text("aws-actions/configure-aws-credentials@v4")).toBe("aws-actions/configure-aws-credentials@v4");
    expect(text("ci@example.com")).toBe("ci@example.com");
  });

  it("shows a dash for missing values", () => {
    expect(text(undefined)).toBe("—");
    expect(text("")).toBe("—");
    expect(text(0)).toBe("0");
    expect(list([])).toBe("—");
  });

  it("makes code spans that survive backticks in the value", () => {
    expect(code("AKIA1")).toBe("`AKIA1`");
    expect(code("a`b")).toBe("``a`b``");
    expect(html(code("`x`"))).toContain("<code>`x`</code>");
  });
});

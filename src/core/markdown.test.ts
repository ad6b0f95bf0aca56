import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { code, list, prose, table, text } from "./markdown.js";

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

  it("prose keeps keyless's code spans and makes every other part of a sentence inert, however the name uses backticks", () => {
    const links = (md: string) => /<a |<img |<script|<em>|<strong>/.test(html(md));
    expect(html(prose("job `deploy`: added id-token: write"))).toContain("<code>deploy</code>");
    for (const name of ["[x](//evil.example)", "`[x](//evil.example)`", "a`b [x](//e) c``d", "\\`[x](//e)`", "``[x](//e)`", "![i](//e/p.png)", "<script>x</script>", "*bold* _em_"]) {
      const sentence = `step "${name}" of job \`a\` (line 3)`;
      expect(links(prose(sentence)), name).toBe(false);
      if (!name.includes("`")) expect(html(prose(sentence)), name).toContain("<code>a</code>");
    }
  });

  it("spells out control and bidi characters instead of passing them on", () => {
    expect(text("a\u001b[31mred\u202e")).toBe("a\\\\x1b\\[31mred\\\\u202e");
    expect(prose("`x\u001by` and \u0007")).toBe("`x\\x1by` and \\\\x07");
    expect(code("path\u202e/deploy.yml")).toBe("`path\\u202e/deploy.yml`");
  });
});

import { marked } from "marked";
import { parse, type DefaultTreeAdapterMap } from "parse5";
import { describe, expect, it } from "vitest";
import { renderAuditMarkdown, renderRepoMarkdown } from "./audit-md.js";
import { text } from "../core/markdown.js";
import { fixtureAudit, HOSTILE } from "../../test/support/report/fixture.js";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

function elements(node: Node, out: Element[] = []): Element[] {
  if ("tagName" in node) out.push(node);
  for (const child of "childNodes" in node ? node.childNodes : []) elements(child, out);
  return out;
}

function rendered(md: string): Element[] {
  return elements(parse(marked.parse(md, { gfm: true, async: false })));
}

describe("audit.md", () => {
  const audit = fixtureAudit();
  const md = renderAuditMarkdown(audit);

  it("starts with what to do, in numbers", () => {
    const headings = md.split("\n").filter((l) => l.startsWith("## "));
    expect(headings).toEqual(["## Summary", "## Repositories", "## Access keys", "## Unlinked keys and secrets", "## Suppressed findings", "## Coverage", "## API requests"]);
    const todo = md.slice(md.indexOf("**What to do**"), md.indexOf("**In numbers**"));
    expect(todo).toContain("**Change 1 repository** whose workflows still hand static keys to jobs: acme/api.");
    expect(todo).toContain("**Migrate 2 keys**");
    expect(todo).toContain("**Delete 2 keys**");
    expect(todo).toContain("**Investigate 1 key**");
    expect(todo).toContain("**Findings**: 1 critical, 1 high, 3 medium (2 suppressed, listed below).");
    expect(md).toContain("| critical | `KL107` | Access key of the root user | 1 | Root account 111111111111 has an access key |");
  });

  it("shows each usage at file:line, each link with every evidence sentence, each finding with its evidence", () => {
    const api = renderRepoMarkdown(audit, "acme/api");
    expect(api).toContain("| .github/workflows/deploy.yml:14:11 | deploy | 2. aws-actions/configure-aws-credentials@v4 |");
    expect(api).toContain("| .github/workflows/deploy.yml:21:7 | report | — | env at job level |");
    for (const link of audit.links) {
      expect(api).toContain(`: **${link.confidence}**, secrets`);
      for (const e of link.evidence) expect(md).toContain(`${e.confidence}, ${e.kind}: ${text(e.summary)}`);
    }
    for (const f of audit.findings) {
      expect(md).toContain(text(f.message));
      for (const e of f.evidence) expect(md).toContain(`  - ${text(e)}`);
    }
  });

  it("shows suppressed findings as suppressed, never drops them", () => {
    const section = md.slice(md.indexOf("## Suppressed findings"), md.indexOf("## Coverage"));
    expect(section).toContain("~~**medium** `KL101` — repo acme/api at .github/workflows/deploy.yml:21:7: Job report of acme/api uses a static AWS key~~ *suppressed inline");
    expect(section).toContain("*suppressed by the config allowlist: break-glass key, reviewed quarterly*");
  });

  it("gives each key its age, last use, what to do and findings", () => {
    const key = md.slice(md.indexOf("### `AKIAOLDUNUSED0000003`"));
    expect(key).toMatch(/^### `AKIAOLDUNUSED0000003` — legacy in Production \(222222222222\)\n\n- Active · created 2022-03-01 \(1725 days ago\) · never used\n- What to do: \*\*delete\*\*/);
    expect(md).toContain("last used 2026-11-19 (1 day ago) in s3, eu-west-1");
  });

  it("says what could not be read and why, and how many requests were made", () => {
    expect(md).toContain("| 333333333333 | Sandbox | AccessDenied: cannot assume OrganizationAccountAccessRole |");
    expect(md).toContain("| github | acme/web/.github/workflows/big.yml | TooLarge | 5.2 MB, over the 1 MB limit |");
    expect(md).toContain("4 to AWS, 1 to GitHub.");
  });

  it("renders one repo's section at any heading level, for a PR body", () => {
    expect(renderRepoMarkdown(audit, "acme/api", { level: 2 }).split("\n")[0]).toBe("## acme/api");
    expect(renderRepoMarkdown(audit, "acme/nope")).toBe("");
    expect(renderRepoMarkdown(audit, "acme/web")).toContain("state: **on OIDC**");
  });

  it("cannot be broken by hostile names: no HTML, no extra headings or cells, names shown as written", () => {
    const hostile = renderAuditMarkdown(fixtureAudit(HOSTILE));
    const els = rendered(hostile);
    const tags = new Set(els.map((e) => e.tagName));
    for (const bad of ["script", "img", "b", "a"]) expect(tags.has(bad), bad).toBe(false);
    expect(els.filter((e) => e.tagName === "h1")).toHaveLength(1);
    expect(els.filter((e) => /^h[1-6]$/.test(e.tagName)).length).toBe(rendered(md).filter((e) => /^h[1-6]$/.test(e.tagName)).length);
    for (const table of els.filter((e) => e.tagName === "table")) {
      const rows = elements(table).filter((e) => e.tagName === "tr");
      const width = elements(rows[0] as Element).filter((e) => e.tagName === "th").length;
      for (const row of rows.slice(1)) expect(elements(row).filter((e) => e.tagName === "td")).toHaveLength(width);
    }
    const html = marked.parse(hostile, { gfm: true, async: false });
    expect(html).not.toMatch(/@admin/); // split by an empty comment, so it mentions nobody
    expect(html.replace(/<!--.*?-->/g, "")).toContain("de|ploy`&lt;script&gt;alert(1)&lt;/script&gt;.yml:14:11");
  });
});

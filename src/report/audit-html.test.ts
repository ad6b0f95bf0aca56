import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "parse5";
import { describe, expect, it } from "vitest";
import { renderAuditHtml } from "./audit-html.js";
import { attr, elements, externalReferences, textOf, type Element } from "../../test/support/report/dom.js";
import { fixtureAudit, HOSTILE } from "../../test/support/report/fixture.js";

describe("audit.html", () => {
  const page = renderAuditHtml(fixtureAudit());
  const els = elements(parse(page));

  it("requests nothing from the network: no URL, no external element, only in-page anchors", () => {
    expect(page).not.toMatch(/https?:\/\//i);
    expect(externalReferences(page)).toEqual([]);
    // The check is not vacuous.
    expect(externalReferences(`<img src="x.png"><a href="https://e.example">e</a><p style="background:url(x)">`)).toEqual(["<img>", "img src=x.png", "a href=https://e.example", "p style=background:url(x)"]);
  });

  it("sets a strict CSP that allows exactly its one inline script", () => {
    const csp = els.find((e) => e.tagName === "meta" && attr(e, "http-equiv") === "Content-Security-Policy");
    const policy = attr(csp as Element, "content") ?? "";
    expect(policy).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-[A-Za-z0-9+/=]+'/);
    const scripts = els.filter((e) => e.tagName === "script");
    expect(scripts).toHaveLength(1);
    const hash = createHash("sha256").update(textOf(scripts[0] as Element)).digest("base64");
    expect(policy).toContain(`'sha256-${hash}'`);
    // No inline handlers, which the policy would block anyway.
    expect(els.flatMap((e) => e.attrs.filter((a) => a.name.startsWith("on")))).toEqual([]);
  });

  it("draws the five charts with their numbers", () => {
    const labels = els.filter((e) => e.tagName === "svg").map((e) => attr(e, "aria-label"));
    expect(labels).toEqual([
      "Access keys by age: < 30 d 0, 30–90 d 1, 90–180 d 0, 180 d–1 y 0, 1–2 y 1, 2–3 y 1, > 3 y 2",
      "Access keys per account: Production 3, Management 2",
      "Migration progress: repositories 2",
      "Links by confidence: certain 1, high 0, medium 1, low 0",
      "Findings by severity: critical 1, high 1, medium 3, low 0, info 0",
    ]);
    expect(page).toContain("1 of 2 repositories that use AWS credentials are on OIDC (50%); 0 use both, 1 only static keys.");
  });

  it("has a table per subject, suppressed findings shown and marked", () => {
    const rows = (id: string) => elements(els.find((e) => attr(e, "id") === id) as Element).filter((e) => e.tagName === "tr").length - 1;
    expect([rows("repos"), rows("keys"), rows("findings"), rows("links"), rows("usages")]).toEqual([3, 5, 7, 2, 2]);
    const findings = textOf(els.find((e) => attr(e, "id") === "findings") as Element);
    expect(findings.match(/suppressed inline|suppressed config/g)).toEqual(["suppressed inline", "suppressed config"]);
    expect(findings).toContain("break-glass key, reviewed quarterly");
  });

  it("escapes hostile names: they appear as text and add no element", () => {
    const hostile = renderAuditHtml(fixtureAudit(HOSTILE));
    const h = elements(parse(hostile));
    const count = (list: Element[], tag: string) => list.filter((e) => e.tagName === tag).length;
    for (const tag of ["script", "img", "b", "a", "h1", "table", "tr", "td"]) expect(count(h, tag), tag).toBe(count(els, tag));
    const body = textOf(h.find((e) => e.tagName === "body") as Element);
    expect(body).toContain(`.github/workflows/${HOSTILE.path}:14:11`);
    expect(body).toContain(HOSTILE.account);
    expect(body).toContain(HOSTILE.env);
    expect(externalReferences(hostile)).toEqual([]);
  });

  const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
  // In CI (.ci/run installs Debian's chromium) a missing browser is a failure, not a silent skip;
  // on a developer's machine without one the test is skipped.
  const inCi = Boolean(process.env.CI);
  it.skipIf(!chromium && !inCi)("runs its script in headless Chromium under its own CSP, with hostile names inert", () => {
    if (!chromium) throw new Error("no Chromium at /usr/bin/chromium: .ci/run installs it with apt-get (package chromium)");
    const dir = mkdtempSync(join(tmpdir(), "keyless-html-"));
    try {
      const file = join(dir, "audit.html");
      writeFileSync(file, renderAuditHtml(fixtureAudit(HOSTILE)));
      const dom = execFileSync(
        chromium as string,
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", `--user-data-dir=${join(dir, "profile")}`, "--dump-dom", `file://${file}`],
        { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 60_000 },
      );
      // The script ran (so the CSP hash is right) and was the only one: alert() would have stopped --dump-dom.
      expect(dom).toMatch(/<html lang="en" class="js">/);
      expect(elements(parse(dom)).filter((e) => e.tagName === "script")).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

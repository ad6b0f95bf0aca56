import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderRuleDocs } from "./docs.js";
import { RULES } from "./index.js";

const DIR = fileURLToPath(new URL("../../../docs/rules/", import.meta.url));

describe("rule documentation", () => {
  const files = renderRuleDocs(RULES);

  it("has an index row and a page for every rule", () => {
    const index = files.find((f) => f.path === "README.md")?.content ?? "";
    for (const r of RULES) {
      expect(index).toContain(`| [${r.id}](${r.id}.md) | ${r.title} | ${r.severity} |`);
      const page = files.find((f) => f.path === `${r.id}.md`)?.content ?? "";
      expect(page).toContain(`# ${r.id}: ${r.title}`);
      expect(page).toContain(r.remediation);
      expect(page).toContain(`  - rule: ${r.id}`);
      if (r.about === "usage") expect(page).toContain(`# keyless: ignore[${r.id}]`);
    }
  });

  it("committed docs/rules is up to date (run `npm run docs:rules`)", () => {
    const committed = readdirSync(DIR).filter((n) => n.endsWith(".md")).sort();
    expect(committed).toEqual(files.map((f) => f.path).sort());
    for (const f of files) expect(readFileSync(join(DIR, f.path), "utf8"), f.path).toBe(f.content);
  });
});

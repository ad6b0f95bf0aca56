// Writes docs/rules/ from the rule catalogue's metadata (`npm run docs:rules`); removes pages of rules
// that no longer exist. src/analyze/rules/docs.test.ts fails when the committed pages are out of date.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderRuleDocs } from "../src/analyze/rules/docs.js";
import { RULES } from "../src/analyze/rules/index.js";

const dir = fileURLToPath(new URL("../docs/rules/", import.meta.url));
mkdirSync(dir, { recursive: true });
const files = renderRuleDocs(RULES);
const wanted = new Set(files.map((f) => f.path));
for (const name of readdirSync(dir)) if (name.endsWith(".md") && !wanted.has(name)) rmSync(join(dir, name));
for (const f of files) writeFileSync(join(dir, f.path), f.content);
console.log(`docs/rules: ${files.length} files`);

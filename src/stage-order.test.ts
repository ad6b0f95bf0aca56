// The pipeline's stages run discover -> analyze -> plan -> generate -> report, and code may only lean on
// an earlier stage: a plan that imports generate (even its types) no longer describes what generate
// does, it is whatever generate decided. Every import of every non-test file of the stages is read
// (es-module-lexer, the lexer vite uses: it reads TypeScript's `import type` too) and none may name a
// later stage.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { init, parse } from "es-module-lexer";
import { describe, expect, it } from "vitest";

const SRC = dirname(fileURLToPath(import.meta.url));
const STAGES = ["discover", "analyze", "plan", "generate", "report"];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** The stage folder a path under src/ belongs to, or undefined (inventory, core, config… are shared). */
function stageOf(path: string): number | undefined {
  const index = STAGES.indexOf(relative(SRC, path).split(sep)[0] ?? "");
  return index < 0 ? undefined : index;
}

/** "FILE imports SPECIFIER (stage -> later stage)" for each import that runs against the order. */
async function backwardImports(files: Array<{ path: string; text: string }>): Promise<string[]> {
  await init;
  const out: string[] = [];
  for (const { path, text } of files) {
    const from = stageOf(path);
    if (from === undefined) continue;
    for (const { n: specifier } of parse(text, path)[0]) {
      if (!specifier?.startsWith(".")) continue;
      const to = stageOf(resolve(dirname(path), specifier));
      if (to !== undefined && to > from) out.push(`${relative(SRC, path)} imports ${specifier} (${STAGES[from]} -> ${STAGES[to]})`);
    }
  }
  return out;
}

describe("stage order", () => {
  it("no stage imports a later one", async () => {
    const files = STAGES.flatMap((stage) => sources(join(SRC, stage))).map((path) => ({ path, text: readFileSync(path, "utf8") }));
    expect(files.length).toBeGreaterThan(100);
    expect(await backwardImports(files)).toEqual([]);
  });

  it("catches a type-only, a re-exported and a dynamic import of a later stage, and allows earlier ones", async () => {
    const text = [
      'import type { Plan } from "../plan/index.js";',
      'import { x } from "./local.js";',
      'export { y } from "../../generate/workflows/index.js";',
      'const r = await import("../../report/index.js");',
      'import { z } from "../../inventory/schema.js";',
    ].join("\n");
    expect(await backwardImports([{ path: join(SRC, "analyze", "rules", "x.ts"), text }])).toEqual([
      `${join("analyze", "rules", "x.ts")} imports ../../generate/workflows/index.js (analyze -> generate)`,
      `${join("analyze", "rules", "x.ts")} imports ../../report/index.js (analyze -> report)`,
    ]);
    expect(await backwardImports([{ path: join(SRC, "generate", "x.ts"), text: 'import { a } from "../plan/index.js";\nimport { b } from "../analyze/index.js";' }])).toEqual([]);
  });
});

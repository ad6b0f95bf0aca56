// Bundles the CLI into one ESM file. Bundling (not tsc) because @actions/workflow-parser
// imports JSON without import attributes, which plain Node cannot load.
// Also bundles the GitHub Action (dist/action.js): see docs/action.md for how releases carry it.
// `node scripts/build.mjs <outdir>` builds into another folder (the action's test does).
import { build } from "esbuild";

const outdir = process.argv[2] ?? "dist";
const entries = { keyless: "src/cli/main.ts", bench: "bench/main.ts" };
const { existsSync } = await import("node:fs");

const common = {
  outdir,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  // CommonJS dependencies inside an ESM bundle need require/__dirname.
  banner: {
    js: [
      "#!/usr/bin/env node",
      "import { createRequire as __kl_createRequire } from 'node:module';",
      "import { fileURLToPath as __kl_fileURLToPath } from 'node:url';",
      "const require = __kl_createRequire(import.meta.url);",
      "const __filename = __kl_fileURLToPath(import.meta.url);",
      "const __dirname = __kl_fileURLToPath(new URL('.', import.meta.url));",
    ].join("\n"),
  },
};

await build({
  ...common,
  entryPoints: Object.fromEntries(Object.entries(entries).filter(([, p]) => existsSync(p))),
  // Native addons cannot be bundled: better-sqlite3 loads its compiled .node file at run time, so
  // it stays a runtime dependency, resolved from node_modules beside dist/.
  external: ["better-sqlite3"],
  // ink imports React's devtools only when DEV=true; keyless does not ship them.
  alias: { "react-devtools-core": "./src/tui/no-devtools.ts" },
});

// The action runs from its git tag with no install step, so no node_modules: everything is inside
// the one file, and the native SQLite addon is replaced by a stub (the action keeps no local state).
await build({
  ...common,
  entryPoints: { action: "src/action/run.ts" },
  alias: { "react-devtools-core": "./src/tui/no-devtools.ts", "better-sqlite3": "./src/action/no-sqlite.ts" },
});

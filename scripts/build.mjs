// Bundles the CLI into one ESM file. Bundling (not tsc) because @actions/workflow-parser
// imports JSON without import attributes, which plain Node cannot load.
import { build } from "esbuild";

const entries = { keyless: "src/cli/main.ts", bench: "bench/main.ts" };
const { existsSync } = await import("node:fs");

await build({
  entryPoints: Object.fromEntries(Object.entries(entries).filter(([, p]) => existsSync(p))),
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  // Native addons cannot be bundled: better-sqlite3 loads its compiled .node file at run time, so
  // it stays a runtime dependency, resolved from node_modules beside dist/.
  external: ["better-sqlite3"],
  // ink imports React's devtools only when DEV=true; keyless does not ship them.
  alias: { "react-devtools-core": "./src/tui/no-devtools.ts" },
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
});

// Which repository files other than workflows and actions are read for AWS keys, and where in a file's
// text a key sits. Pure. The default list is the files people paste keys into: dotenv files, Terraform
// variables, config folders, credentials and properties files, compose files, shell scripts.
import { EXAMPLE_KEY_IDS, KEY_ID } from "../../core/key-ids.js";
import { literalSecretSpans } from "../../core/literal-secrets.js";
import type { FileKey } from "../../inventory/schema.js";

/** Base-name patterns (anywhere in the checkout) and the folders whose config files are all read. */
export const DEFAULT_FILE_PATTERNS: ReadonlyArray<{ what: string; test: (path: string, base: string) => boolean }> = [
  { what: ".env, .env.*, *.env", test: (_p, b) => /^\.env(\..+)?$/i.test(b) || /\.env$/i.test(b) },
  { what: "*.tfvars, *.tfvars.json", test: (_p, b) => /\.tfvars(\.json)?$/i.test(b) },
  { what: "config/**/*.{yml,yaml,json,toml}", test: (p) => /(^|\/)config\/(.+\/)?[^/]+\.(ya?ml|json|toml)$/i.test(p) },
  { what: "*.properties, *.ini, *.cfg, *.conf", test: (_p, b) => /\.(properties|ini|cfg|conf)$/i.test(b) },
  { what: "credentials, credentials.*", test: (_p, b) => /^credentials(\.[a-z]+)?$/i.test(b) },
  { what: "docker-compose*.{yml,yaml}, compose*.{yml,yaml}", test: (_p, b) => /^(docker-)?compose[^/]*\.ya?ml$/i.test(b) },
  { what: "*.sh, *.bash, *.ps1", test: (_p, b) => /\.(sh|bash|ps1)$/i.test(b) },
];

/** Folders never walked: dependencies, build output, tool caches, and what keyless reads elsewhere. */
export const SKIPPED_DIRS = new Set([".git", "node_modules", "vendor", "dist", "build", "out", "target", ".terraform", ".venv", "venv", "__pycache__", ".next", ".cache", "coverage"]);

export function wantedFile(path: string): boolean {
  if (/^\.github\/(workflows|actions)\//.test(path)) return false; // read as workflows and actions
  const base = path.slice(path.lastIndexOf("/") + 1);
  return DEFAULT_FILE_PATTERNS.some((p) => p.test(path, base));
}

/** Every key id (not AWS's documented examples) and secret access key in `text`, by position only. */
export function keysInText(path: string, text: string): FileKey[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  const at = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  };
  const out: FileKey[] = [];
  const ids = new RegExp(KEY_ID.source, "g");
  for (let m = ids.exec(text); m; m = ids.exec(text)) {
    if (EXAMPLE_KEY_IDS.has(m[0]) || !m[0].startsWith("AKIA")) continue; // ASIA ids expire within hours
    out.push({ path, ...at(m.index), kind: "access-key-id", accessKeyId: m[0] });
  }
  // Session tokens (100+ characters) expire within hours: only secret access keys are reported.
  for (const span of literalSecretSpans(text)) if (span.end - span.offset < 100) out.push({ path, ...at(span.offset), kind: "secret-access-key" });
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

// The dependabot.yml side of moving a CodeArtifact registry from a refreshed token to OIDC: each
// registry whose credential is the Dependabot secret a scheduled workflow refreshes loses that
// credential and gains the OIDC keys Dependabot's proxy reads (`aws-region`, `account-id`, `role-name`,
// `domain`, `domain-owner`). Edited through yaml's Document API, so comments, order and every other
// registry and update stay as written: the credential's lines are replaced in the original text (the
// yaml Document only says where they are), nothing else is re-serialised. Pure: text in, text out.
import { isMap, isScalar, parseDocument, type Pair, type YAMLMap } from "yaml";

/** https://DOMAIN-OWNER.d.codeartifact.REGION.amazonaws.com/FORMAT/REPO/ */
const CODEARTIFACT_URL = /^https:\/\/([a-z0-9][a-z0-9-]{0,49})-(\d{12})\.d\.codeartifact\.([a-z0-9-]+)\.amazonaws\.com(?:\/([a-z]+)\/([^/]+))?\/?/;

export interface CodeArtifactRegistry {
  /** The registry's key under `registries:`. */
  key: string;
  domain: string;
  domainOwner: string;
  region: string;
  /** The repository in the URL, when it names one. */
  repository?: string;
}

export interface OidcPatch {
  text: string;
  registries: CodeArtifactRegistry[];
}

const CREDENTIAL_KEYS = ["token", "password", "username", "key"];

function usesSecret(value: unknown, secret: string): boolean {
  return typeof value === "string" && new RegExp(`\\$\\{\\{\\s*secrets\\.${secret.replace(/[^A-Za-z0-9_]/g, "")}\\s*\\}\\}`, "i").test(value);
}

/**
 * The patched file, or undefined when no CodeArtifact registry reads `secret` (nothing to change) or
 * the file is not valid YAML (never rewritten blind). `roleName` and `accountId` name the role Dependabot
 * assumes; the account defaults to the domain owner.
 */
export function patchDependabotYml(text: string, secret: string, role: { roleName: string; accountId?: string }): OidcPatch | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  const registries = doc.get("registries");
  if (!isMap(registries)) return undefined;
  const changed: CodeArtifactRegistry[] = [];
  const edits: Array<{ from: number; to: number; insert: string }> = [];
  for (const pair of registries.items) {
    const entry = pair.value;
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (!key || !isMap(entry)) continue;
    const m = CODEARTIFACT_URL.exec(String(entry.get("url") ?? ""));
    if (!m || !CREDENTIAL_KEYS.some((k) => usesSecret(entry.get(k), secret))) continue;
    const registry: CodeArtifactRegistry = { key, domain: m[1] as string, domainOwner: m[2] as string, region: m[3] as string, ...(m[5] ? { repository: m[5] } : {}) };
    const credentials = (entry as YAMLMap).items.filter((p) => isScalar(p.key) && CREDENTIAL_KEYS.includes(String(p.key.value)));
    const lines = credentials.map((p) => lineSpan(text, p)).filter((l): l is { from: number; to: number; indent: string } => l !== undefined);
    const first = lines[0];
    if (!first) continue;
    const accountId = role.accountId ?? registry.domainOwner;
    const values: Array<[string, string]> = [["aws-region", registry.region], ["account-id", `"${accountId}"`], ["role-name", role.roleName], ["domain", registry.domain], ["domain-owner", `"${registry.domainOwner}"`]];
    edits.push({ from: first.from, to: first.to, insert: values.map(([k, v]) => `${first.indent}${k}: ${v}\n`).join("") });
    for (const l of lines.slice(1)) edits.push({ from: l.from, to: l.to, insert: "" });
    changed.push(registry);
  }
  if (changed.length === 0) return undefined;
  let out = text;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.insert + out.slice(e.to);
  return { text: out, registries: changed };
}

/** The whole lines a `key: value` pair sits on (a plain one-line value; block values are left alone). */
function lineSpan(text: string, pair: Pair): { from: number; to: number; indent: string } | undefined {
  const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
  const valueRange = isScalar(pair.value) ? pair.value.range : undefined;
  if (!keyRange || !valueRange) return undefined;
  const from = text.lastIndexOf("\n", keyRange[0] - 1) + 1;
  const newline = text.indexOf("\n", valueRange[1]);
  if (text.slice(keyRange[0], valueRange[1]).includes("\n")) return undefined;
  const to = newline < 0 ? text.length : newline + 1;
  return { from, to, indent: text.slice(from, keyRange[0]) };
}

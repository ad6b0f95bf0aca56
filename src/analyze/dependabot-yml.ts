// What a dependabot.yml says about its CodeArtifact registries: which ones read a given Dependabot
// secret (the one KL121's scheduled workflow refreshes with a static key), with the domain, its owner,
// the region and the repository their URL names, and the lines their credential is written on. Read
// through yaml's Document API, so the lines are those of the original text. The plan decides from
// this which registries move to OIDC; generate rewrites those lines. Pure: text in, data out.
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

/** The whole lines one credential pair sits on, and the indentation its key has. */
export interface CredentialLine {
  from: number;
  to: number;
  indent: string;
}

const CREDENTIAL_KEYS = ["token", "password", "username", "key"];

function usesSecret(value: unknown, secret: string): boolean {
  return typeof value === "string" && new RegExp(`\\$\\{\\{\\s*secrets\\.${secret.replace(/[^A-Za-z0-9_]/g, "")}\\s*\\}\\}`, "i").test(value);
}

/** The entries under `registries:`, or none when the file is not valid YAML (never rewritten blind). */
function registryEntries(text: string): Array<{ key: string; entry: YAMLMap }> {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return [];
  const registries = doc.get("registries");
  if (!isMap(registries)) return [];
  return registries.items.flatMap((pair) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    return key && isMap(pair.value) ? [{ key, entry: pair.value as YAMLMap }] : [];
  });
}

/** The lines of an entry's credential pairs that are written on one line each (block values are left alone). */
function lines(text: string, entry: YAMLMap): CredentialLine[] {
  const credentials = entry.items.filter((p) => isScalar(p.key) && CREDENTIAL_KEYS.includes(String(p.key.value)));
  return credentials.map((p) => lineSpan(text, p)).filter((l): l is CredentialLine => l !== undefined);
}

/**
 * The CodeArtifact registries whose credential reads `secrets.SECRET` and is written where it can be
 * replaced line for line; none when the file is not valid YAML.
 */
export function codeArtifactRegistriesReading(text: string, secret: string): CodeArtifactRegistry[] {
  return registryEntries(text).flatMap(({ key, entry }) => {
    const registry = codeArtifactOf(key, entry);
    if (!registry || !CREDENTIAL_KEYS.some((k) => usesSecret(entry.get(k), secret)) || lines(text, entry).length === 0) return [];
    return [registry];
  });
}

/** What the URLs of the registries named `keys` say (for a saved plan that lists only the keys). */
export function codeArtifactRegistriesNamed(text: string, keys: string[]): CodeArtifactRegistry[] {
  return registryEntries(text).flatMap(({ key, entry }) => {
    const registry = keys.includes(key) ? codeArtifactOf(key, entry) : undefined;
    return registry ? [registry] : [];
  });
}

function codeArtifactOf(key: string, entry: YAMLMap): CodeArtifactRegistry | undefined {
  const m = CODEARTIFACT_URL.exec(String(entry.get("url") ?? ""));
  return m ? { key, domain: m[1] as string, domainOwner: m[2] as string, region: m[3] as string, ...(m[5] ? { repository: m[5] } : {}) } : undefined;
}

/** Where registry `key`'s credential (token, password, username, key) is written, line by line, in file order. */
export function credentialLines(text: string, key: string): CredentialLine[] {
  const found = registryEntries(text).find((r) => r.key === key);
  return found ? lines(text, found.entry) : [];
}

/**
 * The whole lines a `key: value` pair sits on: a one-line value, alone on its line but for a comment.
 * Block values, and pairs of a flow map (`name: { url: …, token: … }`, whose line holds the rest of
 * the map), are left alone.
 */
function lineSpan(text: string, pair: Pair): CredentialLine | undefined {
  const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
  const valueRange = isScalar(pair.value) ? pair.value.range : undefined;
  if (!keyRange || !valueRange) return undefined;
  const from = text.lastIndexOf("\n", keyRange[0] - 1) + 1;
  const newline = text.indexOf("\n", valueRange[1]);
  if (text.slice(keyRange[0], valueRange[1]).includes("\n")) return undefined;
  const to = newline < 0 ? text.length : newline + 1;
  const indent = text.slice(from, keyRange[0]);
  if (!/^[ \t]*$/.test(indent) || !/^[ \t]*(#.*)?\r?\n?$/.test(text.slice(valueRange[1], to))) return undefined;
  return { from, to, indent };
}

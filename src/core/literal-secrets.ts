// Literal AWS secrets written in a file: a secret access key (40 base64 characters) or a session
// token given to a name that carries one (`aws configure set aws_secret_access_key …`,
// `AWS_SECRET_ACCESS_KEY=…`, `aws-secret-access-key: …`, `--secret …`), or written right after an
// access key id. Only where a value sits is returned, never the value. Contextual on purpose: a bare
// 40-character string is as likely a commit SHA. The committed-secrets rule can build on this.

/** What a secret access key looks like: 40 characters of base64, not all hex (a SHA-1 is 40 hex). */
const SECRET_KEY = /^[A-Za-z0-9/+]{40}$/;
/** Session tokens are long base64 (hundreds of characters). */
const SESSION_TOKEN = /^[A-Za-z0-9/+=]{100,}$/;

export function isSecretLiteral(value: string): boolean {
  return (SECRET_KEY.test(value) && !/^[0-9a-f]{40}$/i.test(value)) || SESSION_TOKEN.test(value);
}

const VALUE = "([A-Za-z0-9/+=]{40,})(?![A-Za-z0-9/+=])";
const NAMED = new RegExp(
  `(?:(?:secret[_-]?access[_-]?key|session[_-]?token)|(?<![\\w-])(?:--secret|-s))["']?(?:\\s*[:=]\\s*|\\s+)["']?${VALUE}`,
  "gi",
);
const AFTER_KEY_ID = new RegExp(`(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}["']?[\\s,:;=|]+["']?${VALUE}`, "g");

export interface SecretSpan {
  /** Offsets of the value in the text. */
  offset: number;
  end: number;
}

/** Every literal secret value in `text`, in order. */
export function literalSecretSpans(text: string): SecretSpan[] {
  const found = new Map<number, SecretSpan>();
  for (const re of [NAMED, AFTER_KEY_ID]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const value = m[1] ?? "";
      if (!isSecretLiteral(value)) continue;
      const offset = m.index + m[0].length - value.length;
      found.set(offset, { offset, end: offset + value.length });
    }
  }
  return [...found.values()].sort((a, b) => a.offset - b.offset);
}

/**
 * What a masked secret is made of: letters only, so the masked text still parses as the same YAML
 * and the mask is still found where the secret was (a 40-character mask is a secret key's shape,
 * not a SHA's), which lets a saved inventory be analysed again with every location right.
 */
const MASK = "REDACTEDbyKEYLESS";

function maskOf(length: number): string {
  return MASK.repeat(Math.ceil(length / MASK.length)).slice(0, length);
}

/** A value that is a mask written by `maskSecrets`, not a secret. */
export function isMasked(value: string): boolean {
  return value.length > 0 && value === maskOf(value.length);
}

/**
 * `text` with each literal secret's characters replaced by a mask of the same length: lines,
 * columns and offsets stay where they were. For texts keyless stores (inventory, state).
 */
export function maskSecrets(text: string): string {
  const spans = literalSecretSpans(text);
  if (spans.length === 0) return text;
  let out = "";
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.offset) + maskOf(s.end - s.offset);
    at = s.end;
  }
  return out + text.slice(at);
}

/** Every string in a JSON-like value masked (`maskSecrets`), keys included; a new value. */
export function maskSecretsDeep<T>(value: T): T {
  if (typeof value === "string") return maskSecrets(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskSecretsDeep(v)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [maskSecrets(k), maskSecretsDeep(v)])) as T;
  }
  return value;
}

/** `text` with each literal secret value replaced by `****`: for diffs and logs, never for the files. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const s of literalSecretSpans(text).reverse()) out = `${out.slice(0, s.offset)}****${out.slice(s.end)}`;
  return out;
}

// What --debug prints about an error and its causes: for each, its name, code, message, the HTTP
// status, method, URL and request id an SDK attached, and its stack frames. SDK errors carry the
// request and response (Octokit: request.headers.authorization, the body; AWS: $response, and real
// AWS echoes the canonical request, x-amz-security-token included, in a signature error's message),
// so nothing is dumped whole: only these fields are read, each one redacted, and every string is
// scrubbed of the secrets this process holds and of anything shaped like a credential.

const REDACTED = "[redacted]";
const MAX_DEPTH = 5;

/** Header and field names whose values are secrets wherever they appear (query strings, headers, bodies). */
const SECRET_NAME = /authorization|cookie|token|secret|password|passwd|signature|private[-_]?key|client[-_]?secret|credential|session/i;

/** Response headers worth showing besides the request id: they say why a request was refused, nothing secret. */
const SHOWN_HEADERS = ["retry-after", "x-ratelimit-remaining", "x-ratelimit-reset", "x-ratelimit-resource"];

/** Shapes of credentials, redacted even when this process does not know the value. */
const SHAPES: Array<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  [/\b(gh[pousr]_[A-Za-z0-9_]{6,}|github_pat_[A-Za-z0-9_]{6,})/g, REDACTED],
  [/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, REDACTED], // a JWT (GitHub App, OIDC)
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  // "token abc123…" as an Authorization value, not the prose "the security token included in…"
  [/\b(token)\s+(?=[A-Za-z0-9_.-]*\d)[A-Za-z0-9_.-]{16,}/gi, `$1 ${REDACTED}`],
  // header or query forms: "authorization: …", "x-amz-security-token:…", "X-Amz-Signature=…", "aws_secret_access_key = …"
  [/((?:authorization|x-amz-security-token|x-amz-signature|security[-_]?token|session[-_]?token|secret[-_]?access[-_]?key|client[-_]?secret|access[-_]?token|password)["']?\s*[:=]\s*["']?)[^\s'"&,;]+[^\n'"&]*/gi, `$1${REDACTED}`],
  [/(Signature=)[0-9a-f]{16,}/g, `$1${REDACTED}`],
];

/** The secret values this process was given: credentials in its environment. */
export function secretsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const names = ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "GITHUB_APP_PRIVATE_KEY", "KEYLESS_STATE_URL"];
  return names.map((n) => env[n]).filter((v): v is string => typeof v === "string" && v.length >= 6);
}

export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole.
  for (const secret of [...secrets].filter((s) => s.length >= 6).sort((a, b) => b.length - a.length)) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of SHAPES) out = out.replace(pattern, replacement);
  return out;
}

/** A URL with its userinfo dropped and the value of every query parameter whose name is secret redacted. */
export function redactUrl(raw: string, secrets: readonly string[] = []): string {
  try {
    const url = new URL(raw);
    url.username = "";
    url.password = "";
    for (const name of [...url.searchParams.keys()]) if (SECRET_NAME.test(name)) url.searchParams.set(name, "REDACTED");
    return redactText(url.toString().replace(/=REDACTED\b/g, `=${REDACTED}`), secrets);
  } catch {
    return redactText(raw, secrets);
  }
}

type Bag = Record<string, unknown>;
const bag = (v: unknown): Bag | undefined => (v !== null && typeof v === "object" ? (v as Bag) : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);

function header(headers: unknown, name: string): string | undefined {
  const h = bag(headers);
  if (!h) return undefined;
  const key = Object.keys(h).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : str(h[key]);
}

/** One error's details, in lines; only fields read one by one, never the object whole. */
function describeOne(error: unknown, secrets: readonly string[]): string[] {
  const e = bag(error);
  if (!e) return [redactText(String(error), secrets)];
  const name = str(e.name) ?? "Error";
  const message = redactText(str(e.message) ?? "", secrets);
  const lines = [`${name}: ${message}`];
  const facts: string[] = [];
  const code = str(e.code) ?? str(e.Code);
  if (code && code !== name) facts.push(`code ${redactText(code, secrets)}`);
  const metadata = bag(e.$metadata);
  const request = bag(e.request);
  const response = bag(e.response) ?? bag(e.$response);
  const status = str(e.status) ?? str(metadata?.httpStatusCode) ?? str(response?.status) ?? str(response?.statusCode);
  if (status) facts.push(`HTTP ${status}`);
  const method = str(request?.method);
  const url = str(request?.url) ?? str(response?.url);
  if (url) facts.push(`${method ? `${method} ` : ""}${redactUrl(url, secrets)}`);
  const requestId = str(metadata?.requestId) ?? header(response?.headers, "x-github-request-id") ?? header(response?.headers, "x-amzn-requestid");
  if (requestId) facts.push(`request id ${redactText(requestId, secrets)}`);
  if (str(metadata?.attempts)) facts.push(`attempts ${str(metadata?.attempts)}`);
  if (str(e.$fault)) facts.push(`fault ${str(e.$fault)}`);
  for (const h of SHOWN_HEADERS) {
    const value = header(response?.headers, h);
    if (value !== undefined) facts.push(`${h} ${redactText(value, secrets)}`);
  }
  if (facts.length) lines.push(`  ${facts.join(" · ")}`);
  const stack = str(e.stack);
  if (stack) lines.push(...stack.split("\n").filter((l) => /^\s+at /.test(l)).map((l) => redactText(l, secrets)));
  return lines;
}

/** The error and its causes, as --debug prints them. */
export function debugDetails(error: unknown, secrets: readonly string[] = []): string {
  const lines: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && !seen.has(current) && depth < MAX_DEPTH; depth++) {
    seen.add(current);
    const [first = "", ...rest] = describeOne(current, secrets);
    lines.push(depth === 0 ? first : `caused by ${first}`, ...rest);
    current = bag(current)?.cause;
  }
  return lines.join("\n");
}

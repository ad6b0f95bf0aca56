// Just enough of GitHub Actions expressions for a simulated run: `${{ a.b.c }}` context reads,
// computed members (`secrets[matrix.name]`), quoted literals, `||` and `&&` fallbacks, `==`/`!=`
// comparisons, startsWith/endsWith/contains and format(), which is what role ARNs, regions,
// environments, credentials and job `if:`s are written with. Anything else is "unknown"
// (undefined), and the caller decides what unknown means.

export type Scope = Record<string, unknown>;

/**
 * A context may carry a function under this key: it is told each member read that the context
 * lacks (GitHub reads those as ""). The runner uses it to name the secrets a step wanted but that
 * are not set.
 */
export const ON_MISSING = Symbol("on missing member");

const WRAPPED = /\$\{\{([\s\S]*?)\}\}/g;

/** A `with:`/`environment:` value with its expressions replaced; undefined when one is unknown. */
export function interpolate(value: unknown, scope: Scope): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") return String(value);
  let unknown = false;
  const out = value.replace(WRAPPED, (_m, expr: string) => {
    const v = evaluate(expr, scope);
    if (v === undefined) unknown = true;
    return v === undefined || v === null ? "" : String(v);
  });
  return unknown ? undefined : out;
}

/** Like interpolate, but an unknown expression becomes "" (what a step gets when GitHub's value is null). */
export function substitute(value: unknown, scope: Scope): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") return String(value);
  return value.replace(WRAPPED, (_m, expr: string) => {
    const v = evaluate(expr, scope);
    return v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
  });
}

/** A job or step `if:` (bare or wrapped): true, false, or undefined when it cannot be judged. */
export function condition(text: unknown, scope: Scope): boolean | undefined {
  if (text === undefined || text === null) return true;
  if (typeof text === "boolean") return text;
  const bare = String(text).trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
  const v = evaluate(bare, scope);
  return v === undefined ? undefined : truthy(v);
}

function truthy(v: unknown): boolean {
  return !(v === false || v === null || v === "" || v === 0);
}

export function evaluate(expr: string, scope: Scope): unknown {
  const text = expr.trim();
  const or = splitTop(text, "||");
  if (or.length > 1) {
    for (const part of or) {
      const v = evaluate(part, scope);
      if (v === undefined) return undefined;
      if (truthy(v)) return v;
    }
    return evaluate(or[or.length - 1] as string, scope);
  }
  const and = splitTop(text, "&&");
  if (and.length > 1) {
    let last: unknown;
    for (const part of and) {
      last = evaluate(part, scope);
      if (last === undefined) return undefined;
      if (!truthy(last)) return last;
    }
    return last;
  }
  for (const op of ["==", "!="] as const) {
    const sides = splitTop(text, op);
    if (sides.length === 2) {
      const [a, b] = sides.map((s) => evaluate(s, scope));
      if (a === undefined || b === undefined) return undefined;
      const eq = String(a).toLowerCase() === String(b).toLowerCase();
      return op === "==" ? eq : !eq;
    }
  }
  if (text.startsWith("!")) {
    const v = evaluate(text.slice(1), scope);
    return v === undefined ? undefined : !truthy(v);
  }
  if (/^\(.*\)$/s.test(text)) return evaluate(text.slice(1, -1), scope);
  const format = /^format\((.*)\)$/is.exec(text);
  if (format) return formatCall(splitTop(format[1] as string, ",").map((a) => evaluate(a, scope)));
  const call = /^(startsWith|endsWith|contains)\((.*)\)$/is.exec(text);
  if (call) {
    const args = splitTop(call[2] as string, ",").map((a) => evaluate(a, scope));
    if (args.length !== 2 || args.some((a) => a === undefined)) return undefined;
    const [a, b] = args.map((x) => String(x).toLowerCase()) as [string, string];
    const name = (call[1] as string).toLowerCase();
    return name === "startswith" ? a.startsWith(b) : name === "endswith" ? a.endsWith(b) : a.includes(b);
  }
  if (/^(success|always)\(\)$/i.test(text)) return true;
  if (/^(failure|cancelled)\(\)$/i.test(text)) return false;
  const quoted = /^'((?:[^']|'')*)'$/s.exec(text);
  if (quoted) return (quoted[1] as string).replace(/''/g, "'");
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === "true" || text === "false") return text === "true";
  if (text === "null") return null;
  if (/^[A-Za-z_][\w-]*(\.[\w-]+|\[['"][^'"]+['"]\])*$/.test(text)) return read(text, scope);
  // A computed member, `secrets[matrix.secret]`: the base is a plain path, the index any expression.
  const computed = /^([A-Za-z_][\w-]*(?:\.[\w-]+)*)\[(.+)\]$/s.exec(text);
  if (computed && splitTop(computed[2] as string, "]").length === 1) {
    const base = read(computed[1] as string, scope);
    const index = evaluate(computed[2] as string, scope);
    if (base === undefined || index === undefined) return undefined;
    return member(base, String(index), true);
  }
  return undefined;
}

/** format('{0}-{1}', a, b); `{{` and `}}` are literal braces. Unknown when an argument is. */
function formatCall(args: unknown[]): unknown {
  if (args.length === 0 || args.some((a) => a === undefined)) return undefined;
  const [pattern, ...values] = args;
  return String(pattern).replace(/\{\{|\}\}|\{(\d+)\}/g, (m, i: string | undefined) => (i === undefined ? m[0]! : String(values[Number(i)] ?? "")));
}

/** a.b['c'] from the scope; a context that exists but lacks the member reads as "" (GitHub's null). */
function read(path: string, scope: Scope): unknown {
  const parts = path.match(/[\w-]+|\[['"][^'"]+['"]\]/g)?.map((p) => p.replace(/^\[['"]|['"]\]$/g, "")) ?? [];
  let value: unknown = scope;
  for (const [i, part] of parts.entries()) {
    value = member(value, part, i > 0);
    if (value === undefined) return undefined;
  }
  return value;
}

/** One member, case-insensitively. Inside a context a missing member is "" (and reported); a missing context is unknown. */
function member(value: unknown, name: string, inContext: boolean): unknown {
  if (value === null || typeof value !== "object") return inContext ? "" : undefined;
  const record = value as Record<string | symbol, unknown>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key !== undefined) return record[key];
  if (!inContext) return undefined;
  const report = record[ON_MISSING];
  if (typeof report === "function") report(name);
  return "";
}

/** Splits on `sep` outside quotes and parentheses. */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quote = !quote;
    else if (!quote && c === "(") depth++;
    else if (!quote && c === ")") depth--;
    else if (!quote && depth === 0 && text.startsWith(sep, i)) {
      out.push(text.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim());
}

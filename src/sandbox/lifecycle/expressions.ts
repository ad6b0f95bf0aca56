// Just enough of GitHub Actions expressions for a simulated run: `${{ a.b.c }}` context reads,
// quoted literals, `||` and `&&` fallbacks, `==`/`!=` comparisons and startsWith/endsWith/contains,
// which is what role ARNs, regions, environments and job `if:`s are written with. Anything else
// is "unknown" (undefined), and the caller decides what unknown means.

export type Scope = Record<string, unknown>;

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
  return undefined;
}

/** a.b['c'] from the scope; a context that exists but lacks the member reads as "" (GitHub's null). */
function read(path: string, scope: Scope): unknown {
  const parts = path.match(/[\w-]+|\[['"][^'"]+['"]\]/g)?.map((p) => p.replace(/^\[['"]|['"]\]$/g, "")) ?? [];
  let value: unknown = scope;
  for (const [i, part] of parts.entries()) {
    if (value === null || typeof value !== "object") return i === 0 ? undefined : "";
    const record = value as Record<string, unknown>;
    const key = Object.keys(record).find((k) => k.toLowerCase() === part.toLowerCase());
    if (key === undefined) return i === 0 ? undefined : "";
    value = record[key];
  }
  return value;
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

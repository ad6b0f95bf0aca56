// A small HCL writer whose output is what `terraform fmt` would leave unchanged: two-space indents,
// one indent level per line that opens brackets, and `=` aligned across each run of consecutive
// single-line assignments (hclwrite's rule: the run is broken by any line without one — a blank
// line, a block header, a brace, or an assignment whose value opens a bracket). Strings from outside
// are escaped for HCL templates: `\`, `"`, control characters, `${` and `%{`.
import { terminalSafe } from "../../core/terminal.js";

export type Value =
  | { t: "str"; v: string }
  | { t: "raw"; v: string }
  | { t: "num"; v: number }
  | { t: "bool"; v: boolean }
  | { t: "null" }
  | { t: "list"; items: Value[] }
  | { t: "obj"; entries: Array<[string, Value]> }
  | { t: "call"; fn: string; arg: Value };

export type Item =
  | { kind: "attr"; name: string; value: Value }
  | { kind: "block"; type: string; labels: string[]; body: Item[] }
  | { kind: "blank" }
  | { kind: "comment"; text: string };

export const str = (v: string): Value => ({ t: "str", v });
export const raw = (v: string): Value => ({ t: "raw", v });
export const num = (v: number): Value => ({ t: "num", v });
export const list = (items: Value[]): Value => ({ t: "list", items });
export const obj = (entries: Array<[string, Value]>): Value => ({ t: "obj", entries });
export const call = (fn: string, arg: Value): Value => ({ t: "call", fn, arg });
export const attr = (name: string, value: Value): Item => ({ kind: "attr", name, value });
export const block = (type: string, labels: string[], body: Item[]): Item => ({ kind: "block", type, labels, body });
export const blank: Item = { kind: "blank" };
export const comment = (text: string): Item => ({ kind: "comment", text });

/** A JSON value (a policy document) as an HCL value; `refs` turns known strings into references. */
export function fromJson(value: unknown, refs: Map<string, string> = new Map()): Value {
  if (value === null || value === undefined) return { t: "null" };
  if (typeof value === "string") return refs.has(value) ? raw(refs.get(value) as string) : str(value);
  if (typeof value === "number") return num(value);
  if (typeof value === "boolean") return { t: "bool", v: value };
  if (Array.isArray(value)) return list(value.map((v) => fromJson(v, refs)));
  return obj(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).map(([k, v]) => [k, fromJson(v, refs)]));
}

/** An HCL quoted string: escapes for the string itself and for template sequences. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export function hclString(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    // A lone surrogate has no UTF-8 form: it becomes the replacement character.
    if (code >= 0xd800 && code <= 0xdfff) out += "\ufffd";
    else if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    // C1 controls and bidi overrides too: the value is the same, but a reviewer reads it in order.
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || BIDI.test(ch) || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  // A literal `${` or `%{` would start a template interpolation or directive.
  return `"${out.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{")}"`;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(["true", "false", "null", "for", "in", "if", "endif", "endfor"]);

export function objectKey(key: string): string {
  return IDENT.test(key) && !KEYWORDS.has(key) ? key : hclString(key);
}

/** A Terraform identifier (resource and output names): letters, digits, `_`, not starting with a digit. */
export function tfIdentifier(text: string): string {
  const id = text.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/_{2,}/g, "_").replace(/^_+|_+$/g, "");
  return /^[a-z_]/.test(id) ? id : `r_${id}`;
}

interface Line {
  indent: number;
  lead: string;
  /** Set for a single-line assignment: the value after `= `. */
  assign?: string;
}

type Rendered = { inline: string } | { first: string; lines: Line[]; last: string };

const MAX_INLINE_LIST = 80;

function renderValue(v: Value, indent: number): Rendered {
  switch (v.t) {
    case "str":
      return { inline: hclString(v.v) };
    case "raw":
      return { inline: v.v };
    case "num":
      return { inline: Number.isFinite(v.v) ? JSON.stringify(v.v) : "null" };
    case "bool":
      return { inline: String(v.v) };
    case "null":
      return { inline: "null" };
    case "list": {
      if (v.items.length === 0) return { inline: "[]" };
      const parts = v.items.map((i) => renderValue(i, indent + 2));
      const inline = parts.every((p) => "inline" in p) ? `[${parts.map((p) => (p as { inline: string }).inline).join(", ")}]` : undefined;
      if (inline && inline.length <= MAX_INLINE_LIST && !inline.includes("\n")) return { inline };
      const lines: Line[] = [];
      for (const p of parts) {
        if ("inline" in p) lines.push({ indent: indent + 2, lead: `${p.inline},` });
        else lines.push({ indent: indent + 2, lead: p.first }, ...p.lines, { indent: indent + 2, lead: `${p.last},` });
      }
      return { first: "[", lines, last: "]" };
    }
    case "obj": {
      if (v.entries.length === 0) return { inline: "{}" };
      return { first: "{", lines: v.entries.flatMap(([k, value]) => attrLines(objectKey(k), value, indent + 2)), last: "}" };
    }
    case "call": {
      const arg = renderValue(v.arg, indent);
      if ("inline" in arg) return { inline: `${v.fn}(${arg.inline})` };
      return { first: `${v.fn}(${arg.first}`, lines: arg.lines, last: `${arg.last})` };
    }
  }
}

function attrLines(name: string, value: Value, indent: number): Line[] {
  const r = renderValue(value, indent);
  if ("inline" in r) return [{ indent, lead: name, assign: r.inline }];
  return [{ indent, lead: `${name} = ${r.first}` }, ...r.lines, { indent, lead: r.last }];
}

function itemLines(items: Item[], indent: number): Line[] {
  return items.flatMap((item): Line[] => {
    switch (item.kind) {
      case "attr":
        return attrLines(item.name, item.value, indent);
      case "blank":
        return [{ indent: 0, lead: "" }];
      case "comment":
        // One line: C0 controls become spaces; C1 controls and bidi overrides (which would reorder
        // what a reviewer reads) become visible escapes.
        return [{ indent, lead: `# ${terminalSafe(item.text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ")).trim()}` }];
      case "block": {
        const head = [item.type, ...item.labels.map(hclString)].join(" ");
        if (item.body.length === 0) return [{ indent, lead: `${head} {}` }];
        return [{ indent, lead: `${head} {` }, ...itemLines(item.body, indent + 2), { indent, lead: "}" }];
      }
    }
  });
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Columns as hclwrite counts them: grapheme clusters. */
function columns(text: string): number {
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

/** A whole file: items separated as given, `=` aligned per run, one trailing newline. */
export function renderFile(items: Item[]): string {
  const lines = itemLines(items, 0);
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const line = lines[i] as Line;
    if (line.assign === undefined) {
      out.push(line.lead === "" ? "" : `${" ".repeat(line.indent)}${line.lead}`);
      i++;
      continue;
    }
    let end = i;
    while (end < lines.length && (lines[end] as Line).assign !== undefined) end++;
    const run = lines.slice(i, end);
    const width = Math.max(...run.map((l) => l.indent + columns(l.lead)));
    for (const l of run) out.push(`${" ".repeat(l.indent)}${l.lead}${" ".repeat(width - l.indent - columns(l.lead) + 1)}= ${l.assign}`);
    i = end;
  }
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}

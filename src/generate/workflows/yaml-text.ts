// Text ranges of YAML constructs, for edits: removing map entries (block or flow style), finding
// where a step starts and ends, the indentation a file uses, and safe scalars for inserted values.
import { isMap, stringify, type Node, type Pair, type YAMLMap } from "yaml";
import type { FileModel } from "./model.js";
import { columnOf, endOfValueLine, lineContentEnd, lineStart, nextLineStart, onlySpacesBefore, restOfLineEnd, type TextEdit } from "./text-edits.js";

/**
 * An inserted value as a one-line YAML scalar: plain when that reads back as the same string,
 * otherwise double-quoted with escapes, so no value can add keys, comments or lines.
 */
export function yamlScalar(value: string | number | boolean): string {
  return stringify(value, { lineWidth: 0, minContentWidth: 0, blockQuote: false }).replace(/\n$/, "");
}

export function keyStart(pair: Pair<unknown, unknown>): number {
  return (pair.key as Node | null)?.range?.[0] ?? 0;
}

/** End of a pair's value (or of its key for `key:` with nothing after). */
export function pairEnd(pair: Pair<unknown, unknown>): number {
  const key = (pair.key as Node | null)?.range?.[1] ?? 0;
  const value = (pair.value as Node | null)?.range?.[1];
  return Math.max(key, value ?? key);
}

export type RemovalResult = { edits: TextEdit[] } | { empty: true } | { error: string };

/**
 * Edits removing some pairs of a map. Block entries go with their whole lines (and a trailing
 * comment); flow entries with their comma. `{ empty: true }` when nothing would be left: the
 * caller removes the map's own entry instead.
 */
export function removePairs(text: string, map: YAMLMap<unknown, unknown>, remove: ReadonlySet<Pair<unknown, unknown>>): RemovalResult {
  const items = map.items;
  if (items.every((p) => remove.has(p))) return { empty: true };
  const edits: TextEdit[] = [];
  for (let i = 0; i < items.length; i++) {
    if (!remove.has(items[i] as Pair<unknown, unknown>)) continue;
    let j = i;
    while (j + 1 < items.length && remove.has(items[j + 1] as Pair<unknown, unknown>)) j++;
    const first = items[i] as Pair<unknown, unknown>;
    const last = items[j] as Pair<unknown, unknown>;
    const next = items[j + 1];
    const before = items[i - 1];
    if (map.flow) {
      if (next) edits.push({ offset: keyStart(first), end: keyStart(next), text: "" });
      else if (before) edits.push({ offset: pairEnd(before), end: pairEnd(last), text: "" });
    } else if (onlySpacesBefore(text, keyStart(first))) {
      for (let k = i; k <= j; k++) {
        const pair = items[k] as Pair<unknown, unknown>;
        const end = pairEnd(pair);
        if (text[end - 1] !== "\n" && restOfLineEnd(text, end) === undefined) return { error: "an entry shares its line with other content" };
        edits.push({ offset: lineStart(text, keyStart(pair)), end: endOfValueLine(text, end), text: "" });
      }
    } else if (next) {
      // The first key of a sequence item (`- env:`): the next key moves up after the dash.
      edits.push({ offset: keyStart(first), end: keyStart(next), text: "" });
    } else {
      return { error: "an entry shares its line with other content" };
    }
    i = j;
  }
  return { edits };
}

/** Replaces a pair with another `key: value` in place (same line and indentation, or same flow slot). */
export function replacePair(text: string, map: YAMLMap<unknown, unknown>, pair: Pair<unknown, unknown>, replacement: string): TextEdit[] | undefined {
  const start = keyStart(pair);
  const end = pairEnd(pair);
  if (map.flow) return [{ offset: start, end, text: replacement }];
  const trailing = text[end - 1] === "\n" ? undefined : restOfLineEnd(text, end);
  if (text[end - 1] !== "\n" && trailing === undefined) return undefined;
  // A trailing comment described the old value; it goes with it.
  const stop = trailing ?? end;
  const lineBreak = text[end - 1] === "\n" ? text.slice(lineContentEnd(text, end - 1), end) : "";
  return [{ offset: start, end: stop, text: replacement + lineBreak }];
}

/** Offset of the `-` that starts a sequence item whose content starts at `contentStart`. */
export function dashOf(text: string, contentStart: number): number | undefined {
  let i = contentStart - 1;
  while (i >= 0 && text[i] === " ") i--;
  return text[i] === "-" && onlySpacesBefore(text, i) ? i : undefined;
}

/**
 * Where a new item goes before an existing one: at the start of its line, above the comment lines
 * directly over it (they describe that item).
 */
export function insertionBefore(text: string, dash: number): number {
  let at = lineStart(text, dash);
  while (at > 0) {
    const prev = lineStart(text, at - 1);
    if (!/^[ \t]*#/.test(text.slice(prev, at))) break;
    at = prev;
  }
  return at;
}

/** Where a new item goes after a node: the start of the line after its last line. */
export function insertionAfter(text: string, node: Node): number {
  const end = node.range?.[1] ?? 0;
  return endOfValueLine(text, end);
}

/** Indentation of a file's step items: the dash column, the key column, and the nesting step. */
export interface StepIndent {
  dash: number;
  content: number;
  nested: number;
}

export function stepIndent(model: FileModel, stepNode: Node, all: Node[]): StepIndent | undefined {
  const start = stepNode.range?.[0];
  if (start === undefined) return undefined;
  const dash = dashOf(model.text, start);
  if (dash === undefined) return undefined;
  const dashCol = columnOf(model.text, dash);
  const content = columnOf(model.text, start);
  return { dash: dashCol, content, nested: nestingOf(model, all) ?? Math.max(2, content - dashCol) };
}

/** How far a file indents a nested block map (with:/env: under a step key), when it has one. */
export function nestingOf(model: FileModel, steps: Node[]): number | undefined {
  for (const step of steps) {
    if (!isMap(step) || step.flow) continue;
    for (const pair of (step as YAMLMap<unknown, unknown>).items) {
      const value = pair.value;
      if (!isMap(value) || value.flow || value.items.length === 0) continue;
      const child = value.items[0]?.key as Node | null;
      const key = pair.key as Node | null;
      if (!child?.range || !key?.range) continue;
      const n = columnOf(model.text, child.range[0]) - columnOf(model.text, key.range[0]);
      if (n > 0) return n;
    }
  }
  return undefined;
}

/** Lines of a block-style `key: value` tree, each ending with the file's line break. */
export type Field = [key: string, value: string | Field[]];

export function renderFields(fields: Field[], indent: number, nested: number, eol: string): string {
  return fields
    .map(([key, value]) =>
      typeof value === "string"
        ? `${" ".repeat(indent)}${key}: ${value}${eol}`
        : `${" ".repeat(indent)}${key}:${eol}${renderFields(value, indent + nested, nested, eol)}`,
    )
    .join("");
}

/** A step item: `- first: …` then the other fields under it. */
export function renderStep(fields: Field[], indent: StepIndent, eol: string): string {
  const body = renderFields(fields, indent.content, indent.nested, eol);
  const pad = indent.content - indent.dash;
  return `${" ".repeat(indent.dash)}-${" ".repeat(pad - 1)}${body.slice(indent.content)}`;
}

/** The line starting at `offset` is empty or only spaces. */
export function blankLineAt(text: string, offset: number): boolean {
  return offset < text.length && /^[ \t]*\r?$/.test(text.slice(offset, lineContentEnd(text, offset) + (text[lineContentEnd(text, offset)] === "\r" ? 1 : 0)));
}

/**
 * An inserted block that keeps a file's blank-line separation: when the items around it are
 * separated by blank lines, it gets one too.
 */
export function separatedInsert(text: string, offset: number, insert: string, eol: string, where: "before" | "after"): TextEdit {
  if (where === "after" && blankLineAt(text, offset)) {
    const next = nextLineStart(text, offset);
    // A blank last line without a line break (`    ` at the end of the file) gets one first.
    if (next === text.length && !text.endsWith("\n")) return atLineStart(text, next, insert, eol);
    return { offset: next, end: next, text: insert + eol };
  }
  if (where === "before" && offset > 0 && blankLineAt(text, lineStart(text, offset - 1))) {
    return { offset, end: offset, text: insert + eol };
  }
  return atLineStart(text, offset, insert, eol);
}

/** Text to insert at `offset`, with a leading line break when the file ends there without one. */
export function atLineStart(text: string, offset: number, insert: string, eol: string): TextEdit {
  if (offset === text.length && text.length > 0 && !text.endsWith("\n")) {
    // Keep the missing final newline missing.
    return { offset, end: offset, text: eol + insert.replace(/\r?\n$/, "") };
  }
  return { offset, end: offset, text: insert };
}

/** The source text of a single-line scalar value, to copy it as written (quotes included). */
export function scalarSource(text: string, node: Node | null | undefined): string | undefined {
  const range = node?.range;
  if (!range) return undefined;
  const raw = text.slice(range[0], range[1]);
  return raw.includes("\n") || raw.startsWith("|") || raw.startsWith(">") ? undefined : raw;
}


/** Adds `key: value` as the map's last entry: a new line under the last one, or `, key: value` in flow style. */
export function appendPair(text: string, map: YAMLMap<unknown, unknown>, pairText: string, eol: string): TextEdit | undefined {
  const last = map.items[map.items.length - 1];
  if (!last) return undefined;
  if (map.flow) return { offset: pairEnd(last), end: pairEnd(last), text: `, ${pairText}` };
  const start = keyStart(last);
  if (!onlySpacesBefore(text, start)) return undefined;
  const end = pairEnd(last);
  if (text[end - 1] !== "\n" && restOfLineEnd(text, end) === undefined) return undefined;
  const indent = text.slice(lineStart(text, start), start);
  return atLineStart(text, endOfValueLine(text, end), `${indent}${pairText}${eol}`, eol);
}

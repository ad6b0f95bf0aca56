// Alias-safe access to the `yaml` AST, and the source spans of its nodes.
import { isAlias, isMap, isNode, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from "yaml";
import { span, type SourceFile } from "./source.js";
import type { Span } from "./types.js";

export interface Entry {
  key: string;
  pair: Pair<unknown, unknown>;
  keyNode: Node;
  /** The value with aliases resolved; null for `key:` with no value. */
  value: Node | null;
}

/** Resolves aliases (GitHub accepts anchors); the parse step already bounded their expansion. */
export function deref(doc: Document, node: unknown): Node | null {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 16; hops++) current = current.resolve(doc);
  return isNode(current) && !isAlias(current) ? current : null;
}

export function entries(doc: Document, node: unknown): Entry[] {
  const map = deref(doc, node);
  if (!isMap(map)) return [];
  const out: Entry[] = [];
  for (const pair of (map as YAMLMap<unknown, unknown>).items) {
    const keyNode = deref(doc, pair.key);
    if (!keyNode || !isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === "object") continue;
    out.push({ key: String(keyNode.value), pair, keyNode, value: deref(doc, pair.value) });
  }
  return out;
}

export function entry(doc: Document, node: unknown, key: string): Entry | undefined {
  return entries(doc, node).find((e) => e.key === key);
}

/** Map lookup ignoring case, for names GitHub compares case-insensitively (inputs, secrets). */
export function entryIgnoreCase(doc: Document, node: unknown, key: string): Entry | undefined {
  const lower = key.toLowerCase();
  return entries(doc, node).find((e) => e.key.toLowerCase() === lower);
}

export function items(doc: Document, node: unknown): Node[] {
  const seq = deref(doc, node);
  if (!isSeq(seq)) return [];
  return seq.items.map((item) => deref(doc, item)).filter((n): n is Node => n !== null);
}

/** A scalar's value as a string; undefined for null, collections and missing nodes. */
export function str(node: Node | null | undefined): string | undefined {
  if (!node || !isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === "object" ? undefined : String(node.value);
}

/** Strings of a scalar or a sequence of scalars (`branches: main` or `branches: [a, b]`). */
export function strings(doc: Document, node: Node | null): string[] {
  const one = str(node);
  if (one !== undefined) return [one];
  return items(doc, node)
    .map((n) => str(n))
    .filter((s): s is string => s !== undefined);
}

/** Span of a node's value (without trailing comments and line breaks). */
export function nodeSpan(src: SourceFile, node: Node | null | undefined): Span | undefined {
  const range = node?.range;
  if (!range) return undefined;
  return span(src, range[0], range[1]);
}

/** Span from a map entry's key to the end of its value. */
export function entrySpan(src: SourceFile, e: Entry): Span {
  const start = e.keyNode.range?.[0] ?? 0;
  const end = e.value?.range?.[1] ?? e.keyNode.range?.[1] ?? start;
  return span(src, start, Math.max(start, end));
}

/** Span of an entry's value; an empty value sits right after the key. */
export function valueSpan(src: SourceFile, e: Entry): Span {
  return nodeSpan(src, e.value) ?? span(src, e.keyNode.range?.[1] ?? 0, e.keyNode.range?.[1] ?? 0);
}

/** The source text of a scalar value (quotes and block-scalar headers included). */
export function sourceOf(src: SourceFile, node: Node | null): { text: string; offset: number } | undefined {
  const range = node?.range;
  if (!range || !isScalar(node)) return undefined;
  return { text: src.text.slice(range[0], range[1]), offset: range[0] };
}

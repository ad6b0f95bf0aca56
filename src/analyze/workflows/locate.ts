// Finds a node by its YAML path (as recorded in CredentialSlot.yamlPath) and returns exact spans:
// what a patcher needs to edit the original text at offsets instead of re-serialising it.
import { isSeq, type Document, type Node } from "yaml";
import { parseWorkflow } from "./parse.js";
import { span, type SourceFile } from "./source.js";
import type { Span, YamlPath } from "./types.js";
import { deref, entries, entrySpan, nodeSpan, type Entry } from "./yaml-nodes.js";

export interface NodeLocation {
  /** The key, when the last path segment is a map key. */
  key?: Span;
  /** The value (without trailing comments); empty at the key's end for `key:` with no value. */
  value: Span;
  /** `key: value` from the key's start to the value's end (or the sequence item). */
  whole: Span;
}

export function locateNode(text: string, path: YamlPath): NodeLocation | undefined {
  const parsed = parseWorkflow("", text);
  if (!parsed.ok) return undefined;
  return locateIn(parsed.doc, parsed.src, parsed.root, path);
}

export function locateIn(doc: Document, src: SourceFile, root: Node, path: YamlPath): NodeLocation | undefined {
  let node: Node | null = root;
  let location: NodeLocation | undefined = nodeLocation(src, node);
  for (const segment of path) {
    if (typeof segment === "number") {
      const seq = deref(doc, node);
      if (!isSeq(seq)) return undefined;
      node = deref(doc, seq.items[segment]);
      location = nodeLocation(src, node);
    } else {
      const found: Entry | undefined = entries(doc, node).find((e) => e.key === segment);
      if (!found) return undefined;
      node = found.value;
      const keySpan = nodeSpan(src, found.keyNode);
      const end = found.keyNode.range?.[1] ?? 0;
      const value = nodeSpan(src, found.value) ?? span(src, end, end);
      location = { ...(keySpan ? { key: keySpan } : {}), value, whole: entrySpan(src, found) };
    }
    if (!location) return undefined;
  }
  return location;
}

function nodeLocation(src: SourceFile, node: Node | null): NodeLocation | undefined {
  const where = nodeSpan(src, node);
  return where ? { value: where, whole: where } : undefined;
}

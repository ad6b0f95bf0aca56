// A workflow or action file as the runner reads it: a YAML mapping, or undefined when it is not one.
import { parse } from "yaml";

export type Node = Record<string, unknown>;

export function parseYaml(text: string | undefined): Node | undefined {
  if (text === undefined) return undefined;
  try {
    const doc = parse(text, { maxAliasCount: 1000 }) as unknown;
    return doc && typeof doc === "object" && !Array.isArray(doc) ? (doc as Node) : undefined;
  } catch {
    return undefined;
  }
}

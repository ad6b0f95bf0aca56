// Text screens (detail, diff, confirmation, results) are lists of styled lines; a line may lead to
// another screen (Enter on a linked key opens the key). Pure helpers shared by their builders.

export type LineStyle = "title" | "heading" | "dim" | "added" | "removed" | "hunk" | "file" | "ok" | "warn" | "bad" | "code" | "plain";

export interface Line {
  text: string;
  style?: LineStyle;
  target?: { screen: "repo" | "key"; id: string };
}

export const line = (text: string, style?: LineStyle, target?: Line["target"]): Line => ({ text, ...(style ? { style } : {}), ...(target ? { target } : {}) });

/** Per-data memo: the builders run once per (data, id), not on every key press. */
export function memoBy<K extends object, R>(build: (key: K, id: string) => R): (key: K, id: string) => R {
  const cache = new WeakMap<K, Map<string, R>>();
  return (key, id) => {
    let byId = cache.get(key);
    if (!byId) cache.set(key, (byId = new Map()));
    const hit = byId.get(id);
    if (hit !== undefined) return hit;
    const built = build(key, id);
    byId.set(id, built);
    return built;
  };
}

/** A unified diff as styled lines. */
export function diffLines(diff: string): Line[] {
  const out: Line[] = [];
  for (const text of diff.replace(/\n$/, "").split("\n")) {
    if (text.startsWith("+++") || text.startsWith("---")) out.push(line(text, "file"));
    else if (text.startsWith("@@")) out.push(line(text, "hunk"));
    else if (text.startsWith("+")) out.push(line(text, "added"));
    else if (text.startsWith("-")) out.push(line(text, "removed"));
    else out.push(line(text, "plain"));
  }
  return out;
}

/** HCL as lines: comments dimmed, block headers bold, the rest as code. */
export function hclLines(text: string): Line[] {
  return text
    .replace(/\n$/, "")
    .split("\n")
    .map((t) => line(t, /^\s*#/.test(t) ? "dim" : /^(resource|data|provider|module|variable|output|terraform)\b/.test(t) ? "heading" : "code"));
}

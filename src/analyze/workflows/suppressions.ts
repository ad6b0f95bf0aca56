// Inline suppressions: `# keyless: ignore[KL101, KL104]` (or `# keyless: ignore` for every rule) on a
// usage's line or the line before. They are recorded on the usage, never used to drop it.
import { position, type SourceFile } from "./source.js";

const MARKER = /keyless:\s*ignore(?:\[([^\]]*)\])?/i;

/** Line → suppressed rule ids ("*" for all), from YAML comments only. */
export function suppressionLines(src: SourceFile): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const comment of src.comments) {
    const m = MARKER.exec(comment.text);
    if (!m) continue;
    const codes =
      m[1] === undefined
        ? ["*"]
        : m[1]
            .split(",")
            .map((c) => c.trim().toUpperCase())
            .filter((c) => c !== "");
    const line = position(src, comment.offset).line;
    out.set(line, [...(out.get(line) ?? []), ...(codes.length > 0 ? codes : ["*"])]);
  }
  return out;
}

/** Rule ids suppressed for something on `lines` (each line and the line before it count). */
export function suppressedFor(map: Map<number, string[]>, lines: number[]): string[] | undefined {
  const codes = new Set<string>();
  for (const line of lines) {
    for (const l of [line, line - 1]) for (const code of map.get(l) ?? []) codes.add(code);
  }
  return codes.size > 0 ? [...codes].sort() : undefined;
}

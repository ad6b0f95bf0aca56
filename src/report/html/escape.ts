// HTML escaping for text from outside (names can hold `<script>`, quotes, ampersands) and a tiny
// tagged template that escapes every interpolated value unless it is already-built HTML.
import { terminalSafe } from "../../core/terminal.js";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Safe in text and in quoted attribute values. Control and bidi characters are written as visible
 * escapes (as in the Markdown reports): a U+202E in a name would otherwise reorder the page's text.
 */
export function esc(value: unknown): string {
  if (value === undefined || value === null) return "";
  return terminalSafe(String(value)).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Markup we built ourselves; the only thing `html` does not escape. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | undefined | null | false | Part[];

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return "";
  if (Array.isArray(part)) return part.map(render).join("");
  if (part instanceof Html) return part.value;
  return esc(part);
}

/** `html\`<td>${name}</td>\`` escapes `name`; nested `html` results and arrays of them pass through. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0] ?? "";
  parts.forEach((p, i) => {
    out += render(p) + (strings[i + 1] ?? "");
  });
  return new Html(out);
}

export function raw(markup: string): Html {
  return new Html(markup);
}

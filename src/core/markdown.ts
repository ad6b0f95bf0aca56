// Escaping for Markdown built from outside text (repo, file, user, account, environment and step
// names can hold pipes, backticks, HTML, newlines, @mentions, links or control characters).
// Everything external goes through `text`; keyless's own sentences that carry outside names in them
// go through `prose`. Shared by the reports, plan.md and the pull request bodies.
import { terminalSafe } from "./terminal.js";

const INLINE = /[\\`*_[\]~]/g;
const ENTITIES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "&#124;" };

/**
 * Inline text that renders as itself: Markdown punctuation is backslash-escaped, HTML and pipes
 * become entities (a pipe entity cannot split a table cell), line breaks become spaces, a leading
 * list or heading marker is escaped, and a mention-like `@name` is split by an empty comment so a
 * PR body never pings anyone (`name@v4` and e-mail addresses are not mentions and stay as they are);
 * URLs are split the same way so a name never becomes a link.
 */
export function text(value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  return inline(String(value));
}

function inline(value: string): string {
  // Other control and bidi characters are shown as escapes (their backslash is escaped below).
  return terminalSafe(value.replace(/[\r\n\t\u2028\u2029\v\f]+/g, " "))
    .replace(/[<>&|]/g, (c) => ENTITIES[c] ?? c)
    .replace(INLINE, "\\$&")
    .replace(/(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9])/g, "$1@<!-- -->")
    .replace(/:\/\//g, ":<!-- -->//")
    .replace(/\b(www)\./gi, "$1<!-- -->.")
    .replace(/^(\s*)([#+\-=])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])(?=\s|$)/, "$1\\$2");
}

/**
 * A sentence keyless wrote, with outside names in it: its backtick code spans stay code spans (inert
 * in Markdown), everything else is made inert by `text`'s rules. Spans are found the way CommonMark
 * finds them — a run of n backticks closes at the next run of exactly n, an unclosed run is literal —
 * so a name holding backticks cannot make this split differ from how GitHub renders it.
 */
export function prose(value: string): string {
  const flat = value.replace(/[\r\n\u2028\u2029]+/g, " ");
  const runEnd = (from: number) => {
    let end = from;
    while (flat[end] === "`") end++;
    return end;
  };
  let out = "";
  let plain = 0;
  let at = flat.indexOf("`");
  while (at >= 0) {
    const open = runEnd(at);
    let close = flat.indexOf("`", open);
    while (close >= 0 && runEnd(close) - close !== open - at) close = flat.indexOf("`", runEnd(close));
    if (close < 0) {
      at = flat.indexOf("`", open);
      continue;
    }
    // A code span keeps its text, except for what a terminal or a reader would act on.
    out += (at > plain ? inline(flat.slice(plain, at)) : "") + terminalSafe(flat.slice(at, runEnd(close)));
    plain = runEnd(close);
    at = flat.indexOf("`", plain);
  }
  return out + (plain < flat.length ? inline(flat.slice(plain)) : "");
}

/** A code span for values we already know are plain (key ids, rule ids); in a table, `table` escapes its pipes. */
export function code(value: string): string {
  // A code span is inert Markdown, but control and bidi characters would still act on a reader.
  const flat = terminalSafe(value.replace(/[\r\n]+/g, " "));
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * A table; every cell must already be Markdown made with `text`, `code` or plain literals of ours.
 * A pipe left in a cell (a job id or path in a code span) would end the cell and break the span
 * open, making links of what follows: GFM reads `\|` as a pipe inside the cell, code spans included.
 */
export function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/[\r\n]+/g, " ").replace(/(?<!\\)\|/g, "\\|")).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** `text` for a list of values, comma-separated. */
export function list(values: readonly unknown[]): string {
  return values.length === 0 ? "—" : values.map(text).join(", ");
}

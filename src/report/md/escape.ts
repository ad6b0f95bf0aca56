// Escaping for Markdown built from outside text (repo, file, user, account and environment names can
// hold pipes, backticks, HTML, newlines or @mentions). Everything external goes through `text`.

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
  return String(value)
    .replace(/[\r\n\t\u2028\u2029\v\f]+/g, " ")
    .replace(/[<>&|]/g, (c) => ENTITIES[c] ?? c)
    .replace(INLINE, "\\$&")
    .replace(/(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9])/g, "$1@<!-- -->")
    .replace(/:\/\//g, ":<!-- -->//")
    .replace(/\b(www)\./gi, "$1<!-- -->.")
    .replace(/^(\s*)([#+\-=])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])(?=\s|$)/, "$1\\$2");
}

/** A code span for values we already know are plain (key ids, rule ids). Never for table cells. */
export function code(value: string): string {
  const flat = value.replace(/[\r\n]+/g, " ");
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A table; every cell must already be Markdown made with `text`, `code` or plain literals of ours. */
export function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/[\r\n]+/g, " ")).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** `text` for a list of values, comma-separated. */
export function list(values: readonly unknown[]): string {
  return values.length === 0 ? "—" : values.map(text).join(", ");
}

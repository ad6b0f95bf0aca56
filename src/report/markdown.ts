// Small helpers for Markdown output: tables and escaping of text that came from outside.

/** Escapes text for a Markdown table cell (pipes, newlines, HTML, emphasis and link markup). */
export function cell(value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  return String(value)
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/[\r\n]+/g, " ")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([*_`[\]])/g, "\\$1");
}

export function table(headers: string[], rows: unknown[][]): string {
  const head = `| ${headers.join(" | ")} |`;
  const rule = `| ${headers.map(() => "---").join(" | ")} |`;
  return [head, rule, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}

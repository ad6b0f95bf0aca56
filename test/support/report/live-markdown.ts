// Links, images and raw HTML a Markdown renderer (marked, GFM) would make from a document: what
// hostile names must never turn into (hostile-names and the action tests check every Markdown output).
import { marked, type Token } from "marked";

export function liveMarkdown(markdown: string): string[] {
  const found: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === "link" || t.type === "image") {
        const href = (t as { href: string }).href;
        if (href.startsWith("mailto:")) continue; // GFM's e-mail autolink of `action@v1` in keyless's own text
        if (!/^(#|\.{0,2}\/?[\w.-]+(\/[\w.-]+)*(#[\w-]*)?$)/.test(href) && !/^https:\/\/(github\.com|docs\.github\.com|docs\.aws\.amazon\.com|aws\.amazon\.com)\//.test(href)) found.push(`${t.type} ${href}`);
      }
      if (t.type === "html" && !/^\s*<!--.*?-->\s*$/s.test(t.raw) && t.raw.replace(/<\/?(details|summary|br|sub|sup)>/gi, "").includes("<")) found.push(`html ${t.raw.trim()}`);
      const nested = (t as { tokens?: Token[] }).tokens;
      if (nested) walk(nested);
      if (t.type === "list") for (const item of (t as { items: Token[] }).items) walk([item]);
      if (t.type === "table") for (const cell of [...(t as { header: Array<{ tokens: Token[] }> }).header, ...(t as { rows: Array<Array<{ tokens: Token[] }>> }).rows.flat()]) walk(cell.tokens);
    }
  };
  walk(marked.lexer(markdown));
  return found;
}

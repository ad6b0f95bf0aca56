// A data table for audit.html: a filter box (shown only when the page script runs) and sortable
// headers; each cell may carry a sort value so ages sort as numbers and severities by rank.
import { html, type Html } from "./escape.js";

export interface Column<T> {
  title: string;
  cell: (row: T) => Html | string | number | undefined;
  /** Sort value. Defaults to the cell's text. */
  sort?: (row: T) => number | string;
  /** Sort numerically (by `sort`, or the cell's text). */
  numeric?: boolean;
  /** Right-align (counts). */
  right?: boolean;
  /** Column width (CSS length); when any column has one, the table's layout is fixed. */
  width?: string;
}

/** Short tables need no filter box. */
const FILTER_FROM = 8;

export function dataTable<T>(id: string, label: string, columns: Array<Column<T>>, rows: T[], empty = "None."): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  const head = columns.map((c) => html`<th scope="col" tabindex="0"${c.numeric ? html` data-type="num"` : ""}>${c.title}</th>`);
  const body = rows.map(
    (r) => html`<tr>${columns.map((c) => {
      const key = c.sort?.(r);
      return html`<td${key === undefined ? "" : html` data-sort="${key}"`}${c.right ? html` class="right"` : ""}>${c.cell(r)}</td>`;
    })}</tr>`,
  );
  const fixed = columns.some((c) => c.width);
  const tools = rows.length > FILTER_FROM ? html`<div class="table-tools"><input type="search" placeholder="Filter ${label}…" aria-label="Filter ${label}" data-filter="${id}" hidden><span class="count" data-count="${id}"></span></div>` : "";
  return html`${tools}
<div class="scroll"><table class="data${fixed ? " fixed" : ""}" id="${id}">${fixed ? html`<colgroup>${columns.map((c) => html`<col${c.width ? html` style="width:${c.width}"` : ""}>`)}</colgroup>` : ""}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

export function pill(kind: string, label: string): Html {
  return html`<span class="pill ${kind}">${label}</span>`;
}

export function lines(items: Array<Html | string>): Html {
  return items.length === 0 ? html`—` : html`${items.map((i, n) => html`${n > 0 ? html`<br>` : ""}${i}`)}`;
}

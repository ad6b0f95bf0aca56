// Search and sort for the repo and key lists. A query is free text plus facet tokens:
//   sev:high (high or worse)  conf:medium (medium or stronger)  acct:<id or name>  state:<migration>
//   is:selected
// Words match the row's name, account, user and its "why". Pure; memoised per rows array.
import type { Confidence } from "../../analyze/model.js";
import { CONFIDENCE_RANK, SEVERITY_RANK, type KeyRow, type RepoRow, type SeverityOrNone } from "./model.js";

export type Row = RepoRow | KeyRow;
export type RepoSort = "severity" | "name" | "confidence" | "state" | "usages";
export type KeySort = "severity" | "age" | "idle" | "account" | "state" | "name";
export const REPO_SORTS: RepoSort[] = ["severity", "name", "confidence", "state", "usages"];
export const KEY_SORTS: KeySort[] = ["severity", "age", "idle", "account", "state", "name"];

export interface Query {
  words: string[];
  minSeverity?: SeverityOrNone;
  minConfidence?: Confidence;
  account?: string;
  state?: string;
  selectedOnly: boolean;
}

export function parseQuery(text: string): Query {
  const q: Query = { words: [], selectedOnly: false };
  for (const token of text.toLowerCase().split(/\s+/).filter(Boolean)) {
    const [facet, value = ""] = token.split(/:(.*)/s) as [string, string?];
    if (facet === "sev" && value in SEVERITY_RANK) q.minSeverity = value as SeverityOrNone;
    else if (facet === "conf" && value in CONFIDENCE_RANK) q.minConfidence = value as Confidence;
    else if (facet === "acct" && value) q.account = value;
    else if (facet === "state" && value) q.state = value;
    else if (token === "is:selected") q.selectedOnly = true;
    else q.words.push(token);
  }
  return q;
}

function haystack(row: Row): string {
  return (row.kind === "repo" ? `${row.id} ${row.accounts.join(" ")} ${row.why}` : `${row.id} ${row.accountId} ${row.accountName} ${row.userName} ${row.why}`).toLowerCase();
}

export function matches(row: Row, q: Query, selected: ReadonlySet<string>): boolean {
  if (q.selectedOnly && !selected.has(row.id)) return false;
  if (q.minSeverity && SEVERITY_RANK[row.severity] < SEVERITY_RANK[q.minSeverity]) return false;
  if (q.minConfidence && (!row.confidence || CONFIDENCE_RANK[row.confidence] < CONFIDENCE_RANK[q.minConfidence])) return false;
  if (q.state && !row.migration.startsWith(q.state)) return false;
  if (q.account) {
    const accounts = row.kind === "repo" ? row.accounts : [row.accountId, row.accountName.toLowerCase()];
    if (!accounts.some((a) => a.toLowerCase().includes(q.account as string))) return false;
  }
  if (q.words.length === 0) return true;
  const text = haystack(row);
  return q.words.every((w) => text.includes(w));
}

const byName = (a: Row, b: Row) => a.id.localeCompare(b.id);
const bySeverity = (a: Row, b: Row) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
const byConfidence = (a: Row, b: Row) => (b.confidence ? CONFIDENCE_RANK[b.confidence] : 0) - (a.confidence ? CONFIDENCE_RANK[a.confidence] : 0);
const byState = (a: Row, b: Row) => a.migration.localeCompare(b.migration);

export function comparator(sort: RepoSort | KeySort): (a: Row, b: Row) => number {
  const then = (first: (a: Row, b: Row) => number) => (a: Row, b: Row) => first(a, b) || bySeverity(a, b) || byName(a, b);
  switch (sort) {
    case "name":
      return byName;
    case "confidence":
      return then(byConfidence);
    case "state":
      return then(byState);
    case "usages":
      return then((a, b) => (b.kind === "repo" && a.kind === "repo" ? b.usages - a.usages : 0));
    case "age":
      return then((a, b) => (b.kind === "key" && a.kind === "key" ? b.ageDays - a.ageDays : 0));
    case "idle":
      return then((a, b) => (b.kind === "key" && a.kind === "key" ? (b.idleDays ?? Infinity) - (a.idleDays ?? Infinity) || 0 : 0));
    case "account":
      return then((a, b) => (a.kind === "key" && b.kind === "key" ? a.accountId.localeCompare(b.accountId) : 0));
    default:
      return (a, b) => bySeverity(a, b) || byConfidence(a, b) || byName(a, b);
  }
}

export interface ListQuery {
  text: string;
  sort: RepoSort | KeySort;
  reverse: boolean;
  selected: ReadonlySet<string>;
}

const memo = new WeakMap<readonly Row[], { key: string; selected: ReadonlySet<string>; result: Row[] }>();

/** The rows a list shows, in order. The last result per rows array is kept: a key press re-renders without re-sorting 10,000 rows. */
export function visibleRows<T extends Row>(rows: readonly T[], query: ListQuery): T[] {
  const key = `${query.text}\u0000${query.sort}\u0000${query.reverse}`;
  const cached = memo.get(rows);
  const bySelection = query.text.includes("is:selected");
  if (cached && cached.key === key && (!bySelection || cached.selected === query.selected)) return cached.result as T[];
  const q = parseQuery(query.text);
  const result = rows.filter((r) => matches(r, q, query.selected)).sort(comparator(query.sort));
  if (query.reverse) result.reverse();
  memo.set(rows, { key, selected: query.selected, result });
  return result;
}

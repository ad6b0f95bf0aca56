// List rows as fixed-width cells, so a row never wraps whatever the terminal's width: the last
// column ("why") takes what is left. Tones name a meaning; the theme picks the colour (or none).
import type { KeyRow, RepoRow, SeverityOrNone } from "./model.js";

export type Tone = "critical" | "high" | "medium" | "low" | "muted" | "good" | "accent" | "plain";

export interface Cell {
  text: string;
  tone?: Tone;
}

/** A column of `width` characters: the text cut to leave one space before the next column. */
export function col(text: string, width: number): string {
  return width <= 1 ? fit(text, width) : `${fit(text, width - 1)} `;
}

/** Exactly `width` characters: padded, or cut with an ellipsis. */
export function fit(text: string, width: number): string {
  if (width <= 0) return "";
  const chars = [...text];
  if (chars.length <= width) return text + " ".repeat(width - chars.length);
  return `${chars.slice(0, width - 1).join("")}…`;
}

const SEV: Record<SeverityOrNone, [string, Tone]> = {
  critical: ["crit", "critical"],
  high: ["high", "high"],
  medium: ["med", "medium"],
  low: ["low", "low"],
  info: ["info", "muted"],
  none: ["-", "muted"],
};

const stateTone = (s: string): Tone =>
  s === "merged" || s === "on-oidc" || s === "deleted" || s === "deactivated" ? "good" : s === "blocked" || s === "opted-out" ? "high" : s === "ready" || s === "pr-open" ? "accent" : "plain";

function layout(width: number, fixed: number[]): number[] {
  const rest = Math.max(8, width - fixed.reduce((a, b) => a + b, 0));
  return [...fixed, rest];
}

export function repoColumns(width: number): number[] {
  const name = Math.max(16, Math.min(34, Math.floor(width * 0.32)));
  return layout(width, [2, 5, name + 1, 13, 8]);
}

export function repoHeader(width: number): Cell[] {
  const w = repoColumns(width);
  return ["", "sev", "repository", "state", "link", "why"].map((t, i) => ({ text: col(t, w[i] ?? 0), tone: "muted" as Tone }));
}

export function repoCells(row: RepoRow, width: number, selected: boolean): Cell[] {
  const w = repoColumns(width) as [number, number, number, number, number, number];
  const [sev, sevTone] = SEV[row.severity];
  return [
    { text: col(selected ? "●" : row.selectable ? "○" : " ", w[0]), tone: selected ? "accent" : "muted" },
    { text: col(sev, w[1]), tone: sevTone },
    { text: col(row.id, w[2]) },
    { text: col(row.migration, w[3]), tone: stateTone(row.migration) },
    { text: col(row.confidence ?? "-", w[4]), tone: row.confidence ? "plain" : "muted" },
    { text: fit(row.why, w[5]), tone: "muted" },
  ];
}

export function keyColumns(width: number): number[] {
  return layout(width, [5, 21, Math.max(12, Math.min(20, Math.floor(width * 0.18))), 14, 7]);
}

export function keyHeader(width: number): Cell[] {
  const w = keyColumns(width);
  return ["sev", "access key", "account", "state", "age", "why"].map((t, i) => ({ text: col(t, w[i] ?? 0), tone: "muted" as Tone }));
}

export function keyCells(row: KeyRow, width: number): Cell[] {
  const w = keyColumns(width) as [number, number, number, number, number, number];
  const [sev, sevTone] = SEV[row.severity];
  return [
    { text: col(sev, w[0]), tone: sevTone },
    { text: col(row.id, w[1]) },
    { text: col(row.accountName || row.accountId, w[2]) },
    { text: col(row.migration, w[3]), tone: stateTone(row.migration) },
    { text: col(`${row.ageDays}d`, w[4]), tone: row.ageDays > 365 ? "high" : row.ageDays > 90 ? "medium" : "plain" },
    { text: fit(`${row.userName} · ${row.why}`, w[5]), tone: "muted" },
  ];
}

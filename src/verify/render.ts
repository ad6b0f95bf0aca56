// Verdicts as text for the terminal: one block per key, ready first, and a one-line summary.
import type { Verdict } from "../state/store.js";
import type { KeyVerdict } from "./types.js";

const ORDER: Verdict[] = ["ready", "waiting", "blocked", "done"];

export function countVerdicts(verdicts: readonly KeyVerdict[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { ready: 0, waiting: 0, blocked: 0, done: 0 };
  for (const v of verdicts) counts[v.verdict]++;
  return counts;
}

export function renderVerdicts(verdicts: readonly KeyVerdict[]): string {
  const sorted = [...verdicts].sort(
    (a, b) =>
      ORDER.indexOf(a.verdict) - ORDER.indexOf(b.verdict) ||
      a.accountId.localeCompare(b.accountId) ||
      a.userName.localeCompare(b.userName) ||
      a.accessKeyId.localeCompare(b.accessKeyId),
  );
  const lines: string[] = [];
  for (const v of sorted) {
    lines.push(`${v.verdict.toUpperCase().padEnd(8)} ${v.accessKeyId}  ${v.userName} in ${v.accountId}`);
    for (const r of v.reasons) lines.push(`         - ${r}`);
  }
  const c = countVerdicts(verdicts);
  lines.push("", `keys: ${c.ready} ready to deactivate, ${c.waiting} waiting, ${c.blocked} blocked, ${c.done} done`);
  return `${lines.join("\n")}\n`;
}

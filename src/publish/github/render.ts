// What `keyless pr` prints: per repository the outcome, and for a dry run everything it would write
// (branch, files with their diffs, title, labels, body); then a summary. Pure text, safe for a
// terminal: names, diffs and bodies come from repositories, so control characters are spelled out.
import { createTwoFilesPatch } from "diff";
import { redactSecrets } from "../../analyze/workflows/index.js";
import { terminalSafe } from "../../core/terminal.js";
import type { ChangeFile, ChangeSet, Skip } from "./change-set.js";
import type { Outcome, PrStateChange, PublishResult } from "./publish.js";

const SAYS: Record<Outcome, string> = {
  "would-open": "would open a pull request",
  "would-update": "would push a new commit and rewrite the pull request",
  "would-complete": "would open the pull request for keyless's existing branch",
  "would-update-body": "would rewrite the pull request's body",
  opened: "opened",
  updated: "updated (new commit, body rewritten)",
  completed: "opened, for the branch an earlier run left without a pull request",
  "body-updated": "body rewritten",
  unchanged: "up to date, nothing to do",
  "not-found": "skipped",
  archived: "skipped",
  "no-access": "skipped",
  "opted-out": "opted out",
  merged: "merged",
  "foreign-pr": "left alone",
  "human-pushed": "left alone",
  "base-changed": "skipped",
  "base-missing": "skipped",
  "nothing-to-change": "nothing to change",
  failed: "FAILED",
};

/** Outcomes a person should look at: keyless did not do what the plan asks. */
export const ATTENTION: ReadonlySet<Outcome> = new Set(["human-pushed", "foreign-pr", "base-changed", "base-missing", "no-access", "not-found", "failed"]);

export function resultLine(result: PublishResult): string {
  const pr = result.pr ? ` #${result.pr.number} ${result.pr.url}` : "";
  const why = result.message ? `: ${result.message}` : "";
  const what = result.kind === "terraform" ? ` (Terraform, ${result.branch})` : "";
  return terminalSafe(`${result.repo}${what}: ${SAYS[result.outcome]}${pr}${why}`);
}

function indent(text: string, by = "    "): string {
  return text
    .replace(/\n$/, "")
    .split("\n")
    .map((l) => (l ? by + l : l))
    .join("\n");
}

/** A path from a repository on one line: a line break in a file name cannot forge a line of output. */
function oneLine(path: string): string {
  return path.replace(/[\r\n]/g, (c) => (c === "\n" ? "\\n" : "\\r"));
}

/** The file's diff, with any literal secret written in it shown as ****. */
function fileDiff(f: ChangeFile): string {
  if (f.diff) return redactSecrets(f.diff);
  return createTwoFilesPatch(f.before == null ? "/dev/null" : `a/${f.path}`, `b/${f.path}`, redactSecrets(f.before ?? ""), redactSecrets(f.content), "", "", { context: 3 });
}

/** The full preview of one change set: what `--apply` would write. */
export function renderChangeSet(cs: ChangeSet, options: { diffs?: boolean; body?: boolean } = {}): string {
  const out = [`  branch:    ${cs.branch} → ${cs.baseBranch}`, `  title:     ${cs.title}`];
  if (cs.labels?.length) out.push(`  labels:    ${cs.labels.join(", ")}`);
  if (cs.reviewers?.length) out.push(`  reviewers: ${cs.reviewers.join(", ")}`);
  if (cs.draft) out.push("  draft:     yes");
  out.push("  files:");
  for (const f of cs.files) out.push(`    ${f.before === undefined ? "W" : f.before === null ? "A" : "M"} ${oneLine(f.path)}`);
  for (const p of cs.deletedFiles ?? []) out.push(`    D ${oneLine(p)}`);
  if (options.diffs !== false) for (const f of cs.files) out.push("", indent(fileDiff(f)));
  if (options.body !== false) out.push("", "  body:", indent(cs.body));
  return terminalSafe(`${out.join("\n")}\n`);
}

export interface SummaryInput {
  apply: boolean;
  results: PublishResult[];
  skipped: Skip[];
  refreshed: PrStateChange[];
  unmatched: string[];
}

export function renderSummary(input: SummaryInput): string {
  const out: string[] = [];
  for (const r of input.refreshed) out.push(`${r.repo}: #${r.number} ${r.from} → ${r.to}${r.to === "closed" ? " (closed without merging: opted out)" : ""}`);
  for (const s of input.skipped) out.push(`${s.repo}: no pull request: ${s.reason}`);
  for (const p of input.unmatched) out.push(`warning: ${p} matches no repository of the plan`);
  const counts = new Map<Outcome, number>();
  for (const r of input.results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  const parts = [...counts].map(([o, n]) => `${n} ${o}`);
  const attention = input.results.filter((r) => ATTENTION.has(r.outcome)).length;
  out.push(
    `${input.apply ? "" : "dry run: nothing was written (--apply writes). "}` +
      `${input.results.length} repositor${input.results.length === 1 ? "y" : "ies"}: ${parts.join(", ") || "none"}` +
      `${input.skipped.length ? ` · ${input.skipped.length} without a pull request` : ""}` +
      `${attention ? ` · ${attention} need a person (see above)` : ""}`,
  );
  return terminalSafe(`${out.join("\n")}\n`);
}

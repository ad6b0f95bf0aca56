// The act screens' content: what a confirmation will write (from the publisher's own preview, so
// the screen shows exactly what happens), the two-step key deactivation, and the outcomes.
import type { ActOutcome, KeyTarget, PrOutcome, PrPreview } from "../session/ports.js";
import { diffLines, line, type Line } from "./lines.js";
import { plural } from "./rows.js";

const VERB: Record<PrPreview["action"], string> = { create: "open a new PR", update: "update its PR", none: "nothing to do (up to date)", skip: "left alone" };

export function confirmPrLines(repos: string[], previews: PrPreview[] | undefined, dryRun: boolean, error?: string): Line[] {
  const out: Line[] = [line(`Pull requests for ${plural(repos.length, "repository", "repositories")}: ${repos.join(", ")}`, "title")];
  // The instruction appears with the preview: there is nothing to confirm before it.
  if (error) return [...out, line("Nothing will be written; Esc goes back.", "warn"), line(""), line(`The preview failed: ${error}`, "bad")];
  if (!previews) return [...out, line("Reading what exists on GitHub…", "dim")];
  out.push(dryRun ? line("DRY RUN: Enter shows this was not written; start with --apply to write.", "warn") : line("Enter or y writes exactly this; Esc cancels.", "warn"));
  for (const p of previews) {
    out.push(line(""), line(`${p.repo}: ${VERB[p.action]}${p.note ? ` (${p.note})` : ""}`, p.action === "skip" ? "warn" : "heading"));
    if (p.action === "skip" || p.action === "none") continue;
    out.push(line(`  branch ${p.branch} → ${p.base} · title "${p.title}"`));
    out.push(line(`  ${plural(p.files.length, "file")}: ${p.files.map((f) => f.path).join(", ")}`));
    for (const f of p.files) out.push(...diffLines(f.diff).map((l) => ({ ...l, text: `  ${l.text}` })));
    out.push(line("  PR body:", "dim"));
    for (const b of p.body.replace(/\n$/, "").split("\n")) out.push(line(`  │ ${b}`, "dim"));
  }
  return out;
}

export function prResultLines(outcomes: PrOutcome[], dryRun: boolean): string[] {
  if (dryRun) return ["Dry run: nothing was written.", "Start keyless tui with --apply to open these pull requests:", ...outcomes.map((o) => `  ${o.repo}: would ${o.action}`)];
  return outcomes.map((o) => `${o.ok ? "✓" : "✗"} ${o.repo}: ${o.ok ? `${o.action === "create" ? "opened" : o.action === "update" ? "updated" : o.action === "none" ? "up to date" : "left alone"}${o.number ? ` #${o.number}` : ""}${o.url ? ` ${o.url}` : ""}` : `failed: ${o.message ?? "unknown error"}`}`);
}

export function deactivateLines(keys: KeyTarget[], step: 1 | 2, dryRun: boolean): Line[] {
  const out: Line[] = [line(`Deactivate ${plural(keys.length, "access key")} that verify found ready`, "title")];
  out.push(line(dryRun ? "DRY RUN: nothing will change; start with --apply to deactivate." : "Deactivating stops each key working at once; keyless can reactivate it (keyless retire --reactivate).", "warn"), line(""));
  for (const k of keys) out.push(line(`  ${k.accessKeyId}  user ${k.userName} in ${k.accountId}`));
  out.push(line(""));
  out.push(step === 1 ? line("Enter to continue, Esc to cancel.", "heading") : line(`Second confirmation: press y to deactivate ${plural(keys.length, "key")} now, Esc to cancel.`, "bad"));
  return out;
}

export function actResultLines(outcomes: ActOutcome[]): string[] {
  return outcomes.length ? outcomes.map((o) => `${o.ok ? "✓" : "✗"} ${o.subject}: ${o.message}`) : ["Nothing to report."];
}

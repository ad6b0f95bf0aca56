// Closing uploads: code scanning closes an alert only when a new analysis of the same tool, category
// and ref no longer contains it. A repository that had keyless findings and is now clean gets no
// regular upload, so without this its old alerts would stay open forever. keyless remembers (in the
// state store, as a "sarif" ledger) which repositories hold a non-empty keyless analysis; a later run
// sends those that are now clean an empty run (the tool, zero results), then forgets them.
// Pure: the ledger and this run's plans in, closing plans and the next ledger out.
import { z } from "zod";
import { sarifLog, type SarifInput } from "./render.js";
import { SARIF_CATEGORY, type SarifUpload, type SarifUploadRepo, type SarifUploadSkip } from "./uploads.js";

/** One repository whose code scanning holds a non-empty keyless analysis (as far as keyless knows). */
export const SarifLedgerEntry = z.object({
  repo: z.string(),
  ref: z.string(),
  category: z.string(),
  /** Results in the last non-empty upload: the alerts an empty analysis would close. */
  results: z.number().int().min(0),
  at: z.string(),
});
export type SarifLedgerEntry = z.infer<typeof SarifLedgerEntry>;

export const SarifLedger = z.object({ version: z.literal(1), entries: z.array(SarifLedgerEntry) });
export type SarifLedger = z.infer<typeof SarifLedger>;

export interface SarifClosingInput extends Pick<SarifInput, "rules" | "toolVersion" | "informationUri" | "docsBaseUri"> {
  ledger: readonly SarifLedgerEntry[];
  /** This run's regular uploads and skips (from sarifUploads). */
  uploads: readonly SarifUpload[];
  skipped: readonly SarifUploadSkip[];
  repos: readonly SarifUploadRepo[];
}

export interface SarifClosingSkip {
  repo: string;
  reason: string;
}

const key = (repo: string) => repo.toLowerCase();

/**
 * An empty analysis for each repository in the ledger that has no located keyless finding now.
 * A repository with findings (uploaded, or skipped for a limit) is not clean: nothing to close. One
 * no longer scanned or archived cannot take an upload now; it stays in the ledger for a later run.
 */
export function sarifClosings(input: SarifClosingInput): { closings: SarifUpload[]; held: SarifClosingSkip[] } {
  const busy = new Set([...input.uploads.map((u) => key(u.repo)), ...input.skipped.map((s) => key(s.repo))]);
  const byName = new Map(input.repos.map((r) => [key(r.fullName), r]));
  const closings: SarifUpload[] = [];
  const held: SarifClosingSkip[] = [];
  const entries = [...input.ledger].filter((e) => e.category === SARIF_CATEGORY && e.results > 0).sort((a, b) => (key(a.repo) < key(b.repo) ? -1 : key(a.repo) > key(b.repo) ? 1 : 0));
  for (const entry of entries) {
    if (busy.has(key(entry.repo))) continue;
    const repo = byName.get(key(entry.repo));
    // Not in this scan (--repos, excluded, deleted, renamed): said nowhere, or a filtered run would list
    // every remembered repository; it stays in the ledger for a scan that includes it.
    if (!repo) continue;
    if (repo.archived) {
      held.push({ repo: repo.fullName, reason: "archived: GitHub refuses uploads to a read-only repository, so its keyless alerts stay" });
      continue;
    }
    // The alerts live on the ref of the last upload; the scanned commit belongs to it only if the default branch is the same.
    const sameBranch = entry.ref === `refs/heads/${repo.defaultBranch}`;
    const log = sarifLog({ findings: [], rules: input.rules, toolVersion: input.toolVersion, informationUri: input.informationUri, docsBaseUri: input.docsBaseUri, category: SARIF_CATEGORY });
    closings.push({
      repo: repo.fullName,
      ref: entry.ref,
      ...(sameBranch && repo.headSha ? { commitSha: repo.headSha } : {}),
      category: SARIF_CATEGORY,
      log,
      results: 0,
      unlocated: 0,
      closes: entry.results,
    });
  }
  return { closings, held };
}

/** What the ledger becomes after this run: a non-empty upload is remembered, an empty one that went through forgets the repository. */
export function nextSarifLedger(ledger: readonly SarifLedgerEntry[], sent: ReadonlyArray<{ repo: string; ref: string; results: number; uploaded: boolean }>, at: string): SarifLedgerEntry[] {
  const byRepo = new Map(ledger.map((e) => [key(e.repo), e]));
  for (const s of sent) {
    if (!s.uploaded) continue;
    if (s.results === 0) {
      byRepo.delete(key(s.repo));
      continue;
    }
    const was = byRepo.get(key(s.repo));
    // The same upload again changes nothing: the entry (and its time) stays, so a rerun writes no new ledger.
    if (was && was.repo === s.repo && was.ref === s.ref && was.results === s.results) continue;
    byRepo.set(key(s.repo), { repo: s.repo, ref: s.ref, category: SARIF_CATEGORY, results: s.results, at });
  }
  return [...byRepo.values()].sort((a, b) => (key(a.repo) < key(b.repo) ? -1 : key(a.repo) > key(b.repo) ? 1 : 0));
}

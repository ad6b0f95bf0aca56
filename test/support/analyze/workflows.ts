// Helpers for this folder's tests: fixtures written line by line (so line numbers are easy to read)
// and short views of usages.
import { analyzeRepoWorkflows } from "../../../src/analyze/workflows/index.js";
import type { CredentialSlot, RepoWorkflowAnalysis, Usage } from "../../../src/analyze/workflows/types.js";

export const REPO = "acme/app";

/** Joins fixture lines with "\n"; line N of the file is argument N. */
export function lines(...ls: string[]): string {
  return `${ls.join("\n")}\n`;
}

export function analyzeOne(text: string, path = ".github/workflows/ci.yml"): RepoWorkflowAnalysis {
  return analyzeRepoWorkflows({ repo: REPO, files: [{ path, text }] });
}

export function analyzeMany(files: Record<string, string>): RepoWorkflowAnalysis {
  return analyzeRepoWorkflows({ repo: REPO, files: Object.entries(files).map(([path, text]) => ({ path, text })) });
}

/** "secret:NAME", "var:NAME", "literal:AKIA…", "step-output:ID.NAME", "env:NAME->secret:X" … */
export function refs(slot: CredentialSlot | undefined): string[] {
  return (slot?.refs ?? []).map((r) => {
    const head = `${r.source}:${r.stepId ? `${r.stepId}.` : ""}${r.name ?? r.keyId ?? r.namePattern ?? ""}`;
    const tail = r.resolved ? `->${r.resolved.map((x) => `${x.source}:${x.name ?? x.keyId ?? ""}`).join("|")}` : "";
    return head + tail;
  });
}

/** The facts most tests look at, as one comparable object. */
export function brief(u: Usage) {
  return {
    kind: u.kind,
    at: `${u.line}:${u.column}`,
    job: u.job,
    step: u.step?.index,
    accessKeyId: refs(u.accessKeyId),
    secretAccessKey: refs(u.secretAccessKey),
    sessionToken: refs(u.sessionToken),
  };
}

/** The text a span covers. */
export function textAt(text: string, s: { offset: number; endOffset: number }): string {
  return text.slice(s.offset, s.endOffset);
}

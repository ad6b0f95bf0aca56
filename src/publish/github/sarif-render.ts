// What `audit --upload-sarif` prints: one line per repository (what would be, or was, uploaded, with
// GitHub's upload id and status URL), then a summary of uploaded, skipped and failed, with the reasons.
// Pure text; repository names are hostile input, so control characters are spelled out.
import { terminalSafe } from "../../core/terminal.js";
import type { SarifUploadSkip } from "../../report/sarif/index.js";
import type { SarifUploadResult } from "./sarif-upload.js";

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function what(r: SarifUploadResult): string {
  const at = r.commitSha ? ` at ${r.commitSha.slice(0, 12)}` : " at the branch's head";
  if (r.closes !== undefined) return `an empty analysis (closing) for ${r.ref}${at}: no keyless findings now; ${r.closes} alert${r.closes === 1 ? "" : "s"} from the previous upload will close`;
  return `${r.results} result${r.results === 1 ? "" : "s"} (${size(r.gzippedBytes)} gzipped) for ${r.ref}${at}`;
}

export function sarifResultLine(r: SarifUploadResult): string {
  switch (r.outcome) {
    case "would-upload":
      return terminalSafe(`${r.repo}: would upload ${what(r)}`);
    case "uploaded":
      return terminalSafe(`${r.repo}: uploaded ${what(r)} · sarif id ${r.id ?? "(none given)"}${r.url ? ` · status ${r.url}` : ""}`);
    case "skipped":
      return terminalSafe(`${r.repo}: skipped: ${r.reason ?? ""}`);
    case "failed":
      return terminalSafe(`! ${r.repo}: FAILED: ${r.reason ?? ""}`);
  }
}

export function renderSarifSummary(input: { apply: boolean; results: SarifUploadResult[]; skipped: SarifUploadSkip[]; category: string; closingNote?: string }): string {
  const count = (o: SarifUploadResult["outcome"]) => input.results.filter((r) => r.outcome === o).length;
  const skipped = [...input.skipped.map((s) => ({ repo: s.repo, reason: s.reason })), ...input.results.filter((r) => r.outcome === "skipped").map((r) => ({ repo: r.repo, reason: r.reason ?? "" }))];
  const lines = [
    input.apply
      ? `code scanning: ${count("uploaded")} uploaded, ${skipped.length} skipped, ${count("failed")} failed`
      : `code scanning (dry run, nothing uploaded; --apply uploads): ${count("would-upload")} would be uploaded, ${skipped.length} skipped`,
    ...skipped.map((s) => terminalSafe(`  skipped ${s.repo}: ${s.reason}`)),
    ...input.results.filter((r) => r.outcome === "failed").map((r) => terminalSafe(`  failed ${r.repo}: ${r.reason ?? ""}`)),
    ...(input.closingNote ? [input.closingNote] : []),
    `Repositories without findings get nothing, but those keyless uploaded findings to before get an empty analysis that closes them. Uploading again is harmless: code scanning keeps one analysis per category (${input.category}) and branch, and a new upload replaces the last.`,
  ];
  return `${lines.join("\n")}\n`;
}

// SARIF output for GitHub code scanning.
export { DEFAULT_INFORMATION_URI, FINGERPRINT_KEY, SARIF_SCHEMA_URI, renderSarif, sarifLog, type SarifInput } from "./render.js";
export { findingsByRepo, findingsForRepo, type RepoFindings } from "./for-repo.js";
export type { SarifLog } from "./types.js";
export { overLimits, SARIF_CATEGORY, SARIF_LIMITS, SARIF_TOOL_NAME, sarifUploads, type SarifUpload, type SarifUploadInput, type SarifUploadRepo, type SarifUploadSkip } from "./uploads.js";
export { nextSarifLedger, SarifLedger, SarifLedgerEntry, sarifClosings, type SarifClosingInput, type SarifClosingSkip } from "./closing.js";

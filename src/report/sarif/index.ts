// SARIF output for GitHub code scanning.
export { DEFAULT_INFORMATION_URI, FINGERPRINT_KEY, SARIF_SCHEMA_URI, renderSarif, sarifLog, type SarifInput } from "./render.js";
export { findingsByRepo, findingsForRepo, type RepoFindings } from "./for-repo.js";
export type { SarifLog } from "./types.js";

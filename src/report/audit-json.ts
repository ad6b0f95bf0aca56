// audit.json: the machine-readable audit, with a version so consumers can rely on its shape.
import type { Audit } from "../analyze/audit.js";

export const AUDIT_SCHEMA_VERSION = 1;

export function renderAuditJson(audit: Audit): string {
  return `${JSON.stringify({ schemaVersion: AUDIT_SCHEMA_VERSION, tool: "keyless", ...audit }, null, 2)}\n`;
}

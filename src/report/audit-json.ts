// audit.json: the machine-readable audit in the versioned wire format (see json/schema.ts and
// docs/schema/audit-v1.schema.json).
import type { Audit } from "../analyze/audit.js";
import { auditToWire } from "./json/to-wire.js";

export { AUDIT_SCHEMA_VERSION, AuditWire } from "./json/schema.js";
export { auditToWire } from "./json/to-wire.js";

export function renderAuditJson(audit: Audit): string {
  return `${JSON.stringify(auditToWire(audit), null, 2)}\n`;
}

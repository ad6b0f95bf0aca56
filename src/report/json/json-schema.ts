// The published JSON Schema of audit.json, generated from the zod wire schema (never by hand).
import { jsonSchemaText, wireJsonSchema } from "../../core/json-schema.js";
import { AuditWire } from "./schema.js";

export const SCHEMA_FILE = "docs/schema/audit-v1.schema.json";

/** Open objects by default (fields may be added within v1); `strict` closes them, for tests. */
export function auditJsonSchema(options: { strict?: boolean } = {}): Record<string, unknown> {
  return wireJsonSchema(AuditWire, "Generated from src/report/json/schema.ts by `npm run docs:schema`; do not edit by hand.", options);
}

export function auditJsonSchemaText(): string {
  return jsonSchemaText(auditJsonSchema());
}

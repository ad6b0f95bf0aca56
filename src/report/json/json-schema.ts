// The published JSON Schema of audit.json, generated from the zod wire schema (never by hand).
import { z } from "zod";
import { AuditWire } from "./schema.js";

export const SCHEMA_FILE = "docs/schema/audit-v1.schema.json";

/**
 * `io: "input"` leaves objects open (no additionalProperties: false): within v1, fields may be added,
 * and consumers validating with this schema must keep working when they are. `strict` closes every
 * object, for tests that want to catch a field the schema does not document.
 */
export function auditJsonSchema(options: { strict?: boolean } = {}): Record<string, unknown> {
  const schema = z.toJSONSchema(AuditWire, {
    target: "draft-2020-12",
    io: options.strict ? "output" : "input",
    // `format: date-time` says it all; zod's equivalent regex and the safe-integer bounds are noise to a reader.
    override: ({ jsonSchema: s }) => {
      if (s.format === "date-time") delete s.pattern;
      if (s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
      if (s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
    },
  });
  return { ...schema, $comment: `Generated from src/report/json/schema.ts by \`npm run docs:schema\`; do not edit by hand.` };
}

export function auditJsonSchemaText(): string {
  return `${JSON.stringify(auditJsonSchema(), null, 2)}\n`;
}

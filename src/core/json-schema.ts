// The published JSON Schemas (audit.json, plan.json) are generated from their zod wire schemas, both
// the same way, so the two documents read alike and follow the same versioning rule.
import { z } from "zod";

/**
 * `io: "input"` leaves objects open (no additionalProperties: false): within v1, fields may be added,
 * and consumers validating with this schema must keep working when they are. `strict` closes every
 * object, for tests that want to catch a field the schema does not document.
 */
export function wireJsonSchema(wire: z.ZodType, comment: string, options: { strict?: boolean } = {}): Record<string, unknown> {
  const schema = z.toJSONSchema(wire, {
    target: "draft-2020-12",
    io: options.strict ? "output" : "input",
    // `format: date-time` says it all; zod's equivalent regex and the safe-integer bounds are noise to a reader.
    override: ({ jsonSchema: s }) => {
      if (s.format === "date-time") delete s.pattern;
      if (s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
      if (s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
    },
  });
  return { ...schema, $comment: comment };
}

/** The schema as it is committed under docs/schema: two-space indent and a final newline. */
export function jsonSchemaText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

// The published JSON Schema of plan.json, generated from the zod schema (never by hand).
import { z } from "zod";
import { PlanWire } from "./schema.js";

export const PLAN_SCHEMA_FILE = "docs/schema/plan-v1.schema.json";

/**
 * `io: "input"` leaves objects open: within v1 fields may be added and consumers validating with
 * this schema must keep working. `strict` closes every object, for tests that catch an undocumented field.
 */
export function planJsonSchema(options: { strict?: boolean } = {}): Record<string, unknown> {
  const schema = z.toJSONSchema(PlanWire, {
    target: "draft-2020-12",
    io: options.strict ? "output" : "input",
    override: ({ jsonSchema: s }) => {
      if (s.format === "date-time") delete s.pattern;
      if (s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
      if (s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
    },
  });
  return { ...schema, $comment: "Generated from src/plan/schema.ts by `npm run docs:plan-schema`; do not edit by hand." };
}

export function planJsonSchemaText(): string {
  return `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
}

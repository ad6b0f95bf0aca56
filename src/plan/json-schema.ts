// The published JSON Schema of plan.json, generated from the zod schema (never by hand).
import { jsonSchemaText, wireJsonSchema } from "../core/json-schema.js";
import { PlanWire } from "./schema.js";

export const PLAN_SCHEMA_FILE = "docs/schema/plan-v1.schema.json";

/** Open objects by default (fields may be added within v1); `strict` closes them, for tests. */
export function planJsonSchema(options: { strict?: boolean } = {}): Record<string, unknown> {
  return wireJsonSchema(PlanWire, "Generated from src/plan/schema.ts by `npm run docs:plan-schema`; do not edit by hand.", options);
}

export function planJsonSchemaText(): string {
  return jsonSchemaText(planJsonSchema());
}

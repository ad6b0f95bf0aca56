// plan.json's published JSON Schema: generated from the zod schema, up to date in docs/, and a real
// plan validates against it with every object closed (no undocumented field).
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { PLAN_SCHEMA_FILE, planJsonSchema, planJsonSchemaText } from "./json-schema.js";
import { acmeFixture, planOf } from "../../test/support/plan.js";

function validator(strict: boolean) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  return ajv.compile(planJsonSchema({ strict }));
}

describe("plan.json schema", () => {
  it("is up to date in docs/schema (run npm run docs:plan-schema after changing src/plan/schema.ts)", () => {
    expect(readFileSync(PLAN_SCHEMA_FILE, "utf8")).toBe(planJsonSchemaText());
  });

  it("validates the acme plan in both topologies, with every object closed", () => {
    const fixture = acmeFixture();
    const strict = validator(true);
    for (const topology of ["hub-and-spoke", "direct"] as const) {
      const plan = JSON.parse(JSON.stringify(planOf(fixture, { topology })));
      expect(strict(plan), JSON.stringify(strict.errors?.slice(0, 3))).toBe(true);
    }
  });

  it("rejects a plan of another version or with a role that lacks its trust policy", () => {
    const plan = JSON.parse(JSON.stringify(planOf(acmeFixture())));
    const open = validator(false);
    expect(open({ ...plan, schemaVersion: 2 })).toBe(false);
    delete plan.roles[0].trustPolicy;
    expect(open(plan)).toBe(false);
  });
});

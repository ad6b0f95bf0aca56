// `npm run docs:plan-schema`: writes the published JSON Schema of plan.json. A developer tool, not
// part of the CLI; the schema test fails until this has been run after a change to the plan schema.
import { writeFileSync } from "node:fs";
import { PLAN_SCHEMA_FILE, planJsonSchemaText } from "./json-schema.js";

writeFileSync(PLAN_SCHEMA_FILE, planJsonSchemaText());
console.log(`wrote ${PLAN_SCHEMA_FILE}`);

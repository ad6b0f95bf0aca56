// `npm run docs:schema`: writes the published JSON Schema of audit.json. A developer tool, not part
// of the CLI; the schema test fails until this has been run after a change to the wire schema.
import { writeFileSync } from "node:fs";
import { auditJsonSchemaText, SCHEMA_FILE } from "./json-schema.js";

writeFileSync(SCHEMA_FILE, auditJsonSchemaText());
console.log(`wrote ${SCHEMA_FILE}`);

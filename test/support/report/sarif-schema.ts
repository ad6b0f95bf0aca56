// For tests: a validator for the official SARIF 2.1.0 JSON schema (rtm.5, draft-04), as Microsoft's
// SARIF jest matchers (@microsoft/jest-sarif) ship it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";

const require = createRequire(import.meta.url);
export const SARIF_SCHEMA_FILE = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

// unicodeRegExp: false because the schema's `language` pattern is not a valid `u`-flag regular expression.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);

export const validateSarif = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_FILE, "utf8")));

// Test support: validates response bodies against GitHub's published OpenAPI description
// (@octokit/openapi, api.github.com.json only), converting OpenAPI 3.0 `nullable` to JSON Schema.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

type Json = Record<string, unknown>;

const ROOT_ID = "https://openapi.keyless.invalid/api.github.com";
const REF_PREFIX = "#/components/";

/** OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a "null" type, local refs become absolute. */
export function convertSchema(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(convertSchema);
  }
  if (typeof node !== "object" || node === null) {
    return node;
  }
  const source = node as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === "nullable" || key === "example" || key === "examples" || key === "discriminator") {
      continue;
    }
    if (key === "$ref" && typeof value === "string" && value.startsWith(REF_PREFIX)) {
      out[key] = `${ROOT_ID}${value}`;
    } else if (key === "properties" && typeof value === "object" && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value as Json).map(([name, schema]) => [name, convertSchema(schema)]));
    } else {
      out[key] = convertSchema(value);
    }
  }
  if (source["nullable"] !== true) {
    return out;
  }
  if (typeof out["type"] === "string" && !("$ref" in out)) {
    out["type"] = [out["type"], "null"];
    if (Array.isArray(out["enum"])) {
      out["enum"] = [...(out["enum"] as unknown[]), null];
    }
    return out;
  }
  return { anyOf: [out, { type: "null" }] };
}

export interface Operation {
  responses: Record<string, Json>;
}

export class OpenApiValidator {
  readonly doc: { paths: Record<string, Record<string, Operation>>; components: Json };
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    const require = createRequire(import.meta.url);
    const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
    this.doc = JSON.parse(readFileSync(file, "utf8"));
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: ROOT_ID, components: convertSchema(this.doc.components) });
  }

  operation(path: string, method: string): Operation | undefined {
    return this.doc.paths[path]?.[method.toLowerCase()];
  }

  /** The JSON schema of a response (following a components/responses ref), or null for no body. */
  responseSchema(operation: Operation, status: number): unknown | null | undefined {
    let response = operation.responses[String(status)];
    if (!response) {
      return undefined;
    }
    const ref = response["$ref"];
    if (typeof ref === "string") {
      const name = ref.slice(`${REF_PREFIX}responses/`.length);
      response = (this.doc.components["responses"] as Record<string, Json>)[name] ?? {};
    }
    const content = response["content"] as Record<string, { schema?: unknown }> | undefined;
    return content?.["application/json"]?.schema ?? null;
  }

  /** Errors of `body` against `schema` (raw OpenAPI), as readable lines; [] when it conforms. */
  validate(key: string, schema: unknown, body: unknown): string[] {
    let validator = this.cache.get(key);
    if (!validator) {
      validator = this.ajv.compile(convertSchema(schema) as Json);
      this.cache.set(key, validator);
    }
    if (validator(body)) {
      return [];
    }
    return (validator.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
  }

  basicError(): unknown {
    return { $ref: `${REF_PREFIX}schemas/basic-error` };
  }
}

// What the GitHub fake checks in an uploaded SARIF, as code scanning does: the `sarif` field is
// Base64 of gzip, at most 10 MB compressed, decompressed within a bound the fake can afford, JSON,
// and a SARIF 2.1.0 log. The full OASIS schema is a test-only dependency (@microsoft/jest-sarif);
// the sandbox ships the part of it code scanning needs: the required properties and their types
// (zod, as every other boundary of keyless), plus GitHub's own limits on runs and results.
import { gunzipSync } from "node:zlib";
import { z } from "zod";

/** GitHub: "SARIF file is too large" above 10 MB gzipped. */
export const MAX_GZIPPED_BYTES = 10 * 1024 * 1024;
/** Not GitHub's number (it does not publish one): keeps a gzip bomb from filling the fake's memory. */
export const MAX_DECOMPRESSED_BYTES = 128 * 1024 * 1024;
const MAX_RUNS = 20;
const MAX_RESULTS_PER_RUN = 25_000;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const message = z.object({ text: z.string().optional(), id: z.string().optional() }).refine((m) => m.text !== undefined || m.id !== undefined, "a message needs text or id");
const positive = z.number().int().min(1);
const region = z.object({ startLine: positive.optional(), startColumn: positive.optional(), endLine: positive.optional(), endColumn: positive.optional() });
const artifactLocation = z.object({ uri: z.string().optional(), uriBaseId: z.string().optional(), index: z.number().int().min(-1).optional() });
const location = z.object({
  physicalLocation: z.object({ artifactLocation: artifactLocation.optional(), region: region.optional(), address: z.unknown().optional() }).optional(),
});
const result = z.object({
  ruleId: z.string().optional(),
  ruleIndex: z.number().int().min(-1).optional(),
  level: z.enum(["none", "note", "warning", "error"]).optional(),
  message,
  locations: z.array(location).optional(),
  partialFingerprints: z.record(z.string(), z.string()).optional(),
});
const descriptor = z.object({ id: z.string(), properties: z.object({ tags: z.array(z.string()).optional() }).passthrough().optional() });
const run = z.object({
  tool: z.object({ driver: z.object({ name: z.string(), version: z.string().optional(), rules: z.array(descriptor).optional() }) }),
  automationDetails: z.object({ id: z.string().optional() }).optional(),
  originalUriBaseIds: z.record(z.string(), artifactLocation).optional(),
  results: z.array(result).optional(),
});
const sarifLog = z.object({ $schema: z.string().optional(), version: z.literal("2.1.0"), runs: z.array(run) });
export type CheckedSarif = z.infer<typeof sarifLog>;

export type SarifProblem = { status: 400 | 413; message: string };

/** The log in the `sarif` field, or the answer code scanning gives for it. */
export function decodeSarif(field: unknown): { log: CheckedSarif; text: string } | SarifProblem {
  if (typeof field !== "string" || field.length === 0) return { status: 400, message: "Invalid request.\n\nsarif: a Base64 string of the gzipped SARIF file is required." };
  const compact = field.replace(/\s+/g, "");
  if (!BASE64.test(compact) || compact.length % 4 === 1) return { status: 400, message: "Invalid SARIF: the sarif field is not Base64." };
  const gzipped = Buffer.from(compact, "base64");
  if (gzipped.length > MAX_GZIPPED_BYTES) return { status: 413, message: `SARIF upload is too large: ${gzipped.length} bytes gzipped, over the limit of 10 MB.` };
  let raw: Buffer;
  try {
    raw = gunzipSync(gzipped, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") return { status: 413, message: `SARIF file is too large once decompressed (over ${MAX_DECOMPRESSED_BYTES} bytes).` };
    return { status: 400, message: "Invalid SARIF: the sarif field is not gzip-compressed (compress the file with gzip, then Base64-encode it)." };
  }
  const text = raw.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: 400, message: "Invalid SARIF: the file is not JSON." };
  }
  const parsed = sarifLog.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    return { status: 400, message: `Invalid SARIF: not a SARIF 2.1.0 log.\n${issues.join("\n")}` };
  }
  return { log: parsed.data, text };
}

/** Problems code scanning reports when it processes an accepted file (the upload's status turns `failed`). */
export function processingErrors(log: CheckedSarif): string[] {
  const errors: string[] = [];
  if (log.runs.length > MAX_RUNS) errors.push(`Analysis SARIF file rejected due to run limits: ${log.runs.length} runs, the limit is ${MAX_RUNS}.`);
  for (const r of log.runs) {
    const n = r.results?.length ?? 0;
    if (n > MAX_RESULTS_PER_RUN) errors.push(`Analysis SARIF file rejected due to result limits: ${n} results in a run, the limit is ${MAX_RESULTS_PER_RUN}.`);
  }
  const seen = new Set<string>();
  for (const r of log.runs) {
    const key = `${r.tool.driver.name}\n${r.automationDetails?.id ?? ""}`;
    if (seen.has(key)) errors.push(`Multiple runs of ${r.tool.driver.name} with the same category in one file are not accepted.`);
    seen.add(key);
  }
  return errors;
}

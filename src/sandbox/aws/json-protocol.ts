// The awsJson1_1 wire protocol (Organizations, CloudTrail): X-Amz-Target names the operation, bodies are
// JSON with epoch-second timestamps, errors are `{"__type", "message"}` plus the x-amzn-ErrorType header.

import { AwsFault, type ServiceName } from "./context.js";

export const JSON_TARGETS: Partial<Record<ServiceName, string>> = {
  organizations: "AWSOrganizationsV20161128",
  cloudtrail: "CloudTrail_20131101",
};

export const JSON_CONTENT_TYPE = "application/x-amz-json-1.1";

/** Organizations spells the member "Message"; the other JSON services "message". */
export function jsonErrorBody(service: ServiceName, fault: AwsFault): string {
  const messageKey = service === "organizations" ? "Message" : "message";
  return JSON.stringify({ __type: fault.code, [messageKey]: fault.message, ...fault.extra });
}

export function parseJsonInput(body: string): Record<string, unknown> {
  if (body.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the protocol's own error
  }
  throw new AwsFault("SerializationException", "Start of structure or map found where not expected.");
}

/** Typed reads of JSON input members; a wrong type is the protocol's SerializationException. */
export function str(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new AwsFault("SerializationException", `STRING_VALUE can not be converted to ${name}`);
  return value;
}

export function num(input: Record<string, unknown>, name: string): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number") throw new AwsFault("SerializationException", `Expected a number for ${name}`);
  return value;
}

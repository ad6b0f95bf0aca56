// The awsQuery wire protocol (IAM, STS): form-encoded requests, XML answers in the service namespace,
// `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>`, and `<ErrorResponse>` errors.

import { AwsFault } from "./context.js";

export type XmlValue = string | number | boolean | Date | undefined | null | XmlValue[] | { [name: string]: XmlValue };

export const QUERY_NAMESPACES = {
  iam: "https://iam.amazonaws.com/doc/2010-05-08/",
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
} as const;

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\r/g, "&#13;");
}

/** Lists render as `<member>` items (awsQuery lists are never flattened in IAM and STS). */
export function renderXml(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) {
    return `<${name}>${value.map((item) => renderXml("member", item)).join("")}</${name}>`;
  }
  if (value instanceof Date) return `<${name}>${value.toISOString().replace(/\.\d{3}Z$/, "Z")}</${name}>`;
  if (typeof value === "object") {
    const inner = Object.entries(value)
      .map(([child, v]) => renderXml(child, v))
      .join("");
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function queryResponse(namespace: string, action: string, result: Record<string, XmlValue> | undefined, requestId: string): string {
  const body = result === undefined ? "" : renderXml(`${action}Result`, result);
  return (
    `<${action}Response xmlns="${namespace}">${body}` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${action}Response>\n`
  );
}

export function queryError(namespace: string, fault: AwsFault, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${namespace}"><Error><Type>${fault.type}</Type><Code>${escapeXml(fault.code)}</Code>` +
    `<Message>${escapeXml(fault.message)}</Message></Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>\n`
  );
}

/** The decoded form parameters of one request, with awsQuery's `Name.member.N` lists. */
export class QueryParams {
  private readonly params: URLSearchParams;

  constructor(body: string) {
    this.params = new URLSearchParams(body);
  }

  get(name: string): string | undefined {
    return this.params.get(name) ?? undefined;
  }

  /** Missing required members are a ValidationError with AWS's wording. */
  required(name: string): string {
    const value = this.get(name);
    if (value === undefined || value === "") {
      const member = name[0]!.toLowerCase() + name.slice(1);
      throw new AwsFault("ValidationError", `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
    }
    return value;
  }

  int(name: string, min: number, max: number): number | undefined {
    const raw = this.get(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    const member = name[0]!.toLowerCase() + name.slice(1);
    if (!Number.isInteger(value)) throw new AwsFault("ValidationError", `Value '${raw}' at '${member}' failed to satisfy constraint: Member must be an integer`);
    if (value < min) throw new AwsFault("ValidationError", `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
    if (value > max) throw new AwsFault("ValidationError", `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
    return value;
  }

  list(name: string): string[] {
    const out: string[] = [];
    for (let i = 1; ; i++) {
      const value = this.get(`${name}.member.${i}`);
      if (value === undefined) return out;
      out.push(value);
    }
  }

  /** A list of structures, e.g. `Tags.member.1.Key`. */
  structList(name: string, fields: readonly string[]): Array<Record<string, string | undefined>> {
    const out: Array<Record<string, string | undefined>> = [];
    for (let i = 1; fields.some((f) => this.get(`${name}.member.${i}.${f}`) !== undefined); i++) {
      out.push(Object.fromEntries(fields.map((f) => [f, this.get(`${name}.member.${i}.${f}`)])));
    }
    return out;
  }
}

// Time formats of the wire protocols: ISO-8601 without milliseconds (IAM XML), epoch seconds (JSON 1.1),
// and the "+00:00" form of the IAM credential report.

export function isoSeconds(iso: string | Date): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function epochSeconds(iso: string | Date): number {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  return date.getTime() / 1000;
}

export function reportTime(iso: string | Date): string {
  return isoSeconds(iso).replace(/Z$/, "+00:00");
}

/** IAM returns policy documents URL-encoded (RFC 3986), as real IAM does. */
export function encodePolicy(document: string): string {
  return encodeURIComponent(document).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

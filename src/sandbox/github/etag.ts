// Entity tags and conditional GETs as api.github.com serves them: every successful GET carries a
// weak ETag derived from the body, and `If-None-Match` with a matching tag answers 304 Not Modified
// with no body, which GitHub does not charge against the primary rate limit.

import { createHash } from "node:crypto";

/** GitHub's REST answers carry weak tags of a SHA-256 over the representation (`W/"<64 hex>"`). */
export function etagOf(serialized: string | Buffer): string {
  return `W/"${createHash("sha256").update(serialized).digest("hex")}"`;
}

/**
 * Whether an If-None-Match header matches `etag`, with the weak comparison RFC 9110 prescribes for
 * If-None-Match: `W/"x"` and `"x"` match each other, a list matches if any member does, `*` always.
 */
export function ifNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) {
    return false;
  }
  const value = Array.isArray(header) ? header.join(",") : header;
  if (value.trim() === "*") {
    return true;
  }
  const opaque = (tag: string) => tag.trim().replace(/^W\//i, "");
  const wanted = opaque(etag);
  return (value.match(/(?:W\/)?"[^"]*"/gi) ?? []).some((tag) => opaque(tag) === wanted);
}

/** Headers GitHub sends with cacheable GET answers (the tag varies with the token and media type). */
export const CACHE_HEADERS: Record<string, string> = {
  "cache-control": "private, max-age=60, s-maxage=60",
  vary: "Accept, Authorization, Cookie, X-GitHub-OTP",
};

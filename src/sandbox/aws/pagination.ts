// Cursor pagination shared by all services: small pages, opaque tokens bound to one listing.
// The token names the next item's sort key, so a page stays correct when items are deleted between calls.

import { AwsFault } from "./context.js";

export interface Page<T> {
  items: T[];
  /** Token for the next page; undefined on the last page. */
  next?: string;
}

/**
 * `items` must be sorted ascending by `keyOf`. `scope` ties a token to its listing (action + filters):
 * a token from another listing is rejected with `invalid()`, as AWS does.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  options: { token?: string; limit: number; scope: string; invalid: () => AwsFault },
): Page<T> {
  let start = 0;
  if (options.token !== undefined && options.token !== "") {
    const key = decodeToken(options.token, options.scope);
    if (key === undefined) throw options.invalid();
    start = items.findIndex((item) => keyOf(item) >= key);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + options.limit);
  const following = items[start + options.limit];
  return following === undefined ? { items: page } : { items: page, next: encodeToken(options.scope, keyOf(following)) };
}

function encodeToken(scope: string, key: string): string {
  return Buffer.from(JSON.stringify({ s: scope, k: key }), "utf8").toString("base64");
}

function decodeToken(token: string, scope: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const { s, k } = parsed as { s?: unknown; k?: unknown };
    return s === scope && typeof k === "string" ? k : undefined;
  } catch {
    return undefined;
  }
}

/** Page size: what the client asked for, but never more than the fake's small cap. */
export function pageLimit(requested: number | undefined, cap: number): number {
  return Math.max(1, Math.min(requested ?? cap, cap));
}

export function byKey<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

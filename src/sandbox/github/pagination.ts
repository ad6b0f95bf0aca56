// Page-number pagination with GitHub's Link header (rel next/last/first/prev). `per_page` is
// capped at a small maximum so that a client that forgets to follow Link loses data visibly.

import type { Ctx } from "./context.js";

const DEFAULT_PER_PAGE = 30;

function positiveInt(value: string | null, fallback: number): number {
  const parsed = Number.parseInt(value ?? "", 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

/** The slice of `items` for the request's page; sets the Link header on the reply. */
export function paginate<T>(ctx: Ctx, items: readonly T[]): T[] {
  const perPage = Math.min(positiveInt(ctx.query.get("per_page"), DEFAULT_PER_PAGE), ctx.state.limits.maxPerPage);
  const page = positiveInt(ctx.query.get("page"), 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string): string => {
    const query = new URLSearchParams(ctx.query);
    query.set("per_page", String(perPage));
    query.set("page", String(n));
    return `<${ctx.state.baseUrl}${ctx.path}?${query.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) {
    links.push(link(Math.min(page - 1, lastPage), "prev"));
  }
  if (page < lastPage) {
    links.push(link(page + 1, "next"), link(lastPage, "last"));
  }
  if (page > 1) {
    links.push(link(1, "first"));
  }
  if (links.length > 0) {
    ctx.headers["link"] = links.join(", ");
  }
  return items.slice((page - 1) * perPage, page * perPage);
}

// Relay cursor connections as GitHub serves them (opaque base64 cursors, first/last ≤ 100), and
// GitHub-typed GraphQL errors (`type` beside `message`, e.g. NOT_FOUND).

import { GraphQLError } from "graphql";

export const MAX_PAGE = 100;

export class TypedError extends GraphQLError {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message, { extensions: { type } });
  }
}

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { startCursor: string | null; endCursor: string | null; hasNextPage: boolean; hasPreviousPage: boolean };
  totalCount: number;
}

export function encodeCursor(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString("base64");
}

function decodeCursor(cursor: string): number {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (!match) {
    throw new TypedError("INVALID_CURSOR_ARGUMENTS", `\`${cursor}\` does not appear to be a valid cursor.`);
  }
  return Number(match[1]);
}

/** Pages `items` by the connection arguments; cursors are positions in the full list. */
export function connection<T>(items: readonly T[], args: PageArgs): Connection<T> {
  let start = args.after ? decodeCursor(args.after) + 1 : 0;
  let end = args.before ? Math.min(decodeCursor(args.before), items.length) : items.length;
  if (typeof args.first === "number") {
    end = Math.min(end, start + args.first);
  }
  if (typeof args.last === "number") {
    start = Math.max(start, end - args.last);
  }
  start = Math.min(start, items.length);
  end = Math.max(start, end);
  const edges = items.slice(start, end).map((node, i) => ({ cursor: encodeCursor(start + i), node }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
    },
    totalCount: items.length,
  };
}

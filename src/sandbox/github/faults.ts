// Injected faults: GitHub's secondary rate limit on a seeded, deterministic fraction of requests.

import { seededRandom } from "../random.js";

export const SECONDARY_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID";

export const SECONDARY_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";

export interface SecondaryFault {
  status: 403 | 429;
}

/** Decides, per request, whether to answer with a secondary rate limit (403 or 429, as GitHub may). */
export function secondaryLimiter(rate: number, seed: number): () => SecondaryFault | undefined {
  const random = seededRandom(seed);
  return () => {
    if (rate <= 0 || random() >= rate) {
      return undefined;
    }
    return { status: random() < 0.5 ? 403 : 429 };
  };
}

/** GitHub's answers to a 5xx: the body GitHub's front end sends, in the REST error shape. */
export function serverError(pick: number): { status: number; message: string } {
  return pick < 0.5 ? { status: 502, message: "Server Error" } : { status: 503, message: "Service Unavailable" };
}

/** What GitHub answers once a fine-grained token or an app loses a permission on a repository. */
export const REVOKED_MESSAGE = "Resource not accessible by personal access token";

/** GitHub's GraphQL timeout: HTTP 200, no data, one error without a type. */
export function graphqlTimeout(requestId: string): Record<string, unknown> {
  return {
    data: null,
    errors: [{ message: `Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include \`${requestId}\` when reporting this issue.` }],
  };
}

/**
 * A partial answer: one repository of a repositories page loses a field (its workflow tree, or its
 * environments), and `errors` says which, by path, as GitHub does when one part is not accessible.
 * Returns false when the answer has no such page (the caller then plays a timeout instead).
 */
export function partialGraphqlErrors(body: unknown, pick: (n: number) => number): boolean {
  const answer = body as { data?: { organization?: { repositories?: { nodes?: Array<Record<string, unknown> | null> } } | null } | null; errors?: unknown[] };
  const nodes = answer?.data?.organization?.repositories?.nodes;
  if (!nodes || nodes.length === 0) return false;
  const index = pick(nodes.length);
  const node = nodes[index];
  if (!node) return false;
  const field = "workflows" in node && pick(2) === 0 ? "workflows" : "environments";
  if (!(field in node)) return false;
  node[field] = null;
  const error = {
    type: "FORBIDDEN",
    path: ["organization", "repositories", "nodes", index, field],
    extensions: { saml_failure: false },
    locations: [{ line: 1, column: 1 }],
    message: `${REVOKED_MESSAGE}`,
  };
  answer.errors = [...(answer.errors ?? []), error];
  return true;
}

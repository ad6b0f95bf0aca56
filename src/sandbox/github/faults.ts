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

// Test helpers for discover: connections pointed at the sandbox fakes, and an SDK retry strategy
// whose backoff is scaled down so that throttling tests take seconds, not minutes.
import { StandardRetryStrategy } from "@smithy/core/retry";
import type { AwsFake } from "../../src/sandbox/aws/index.js";
import type { GithubFake } from "../../src/sandbox/github/index.js";
import { SANDBOX_AWS_CREDENTIALS, SANDBOX_GITHUB_TOKEN } from "../../src/sandbox/scenario/index.js";
import type { AwsConnection } from "../../src/discover/aws/clients.js";
import type { GithubConnection } from "../../src/discover/github/client.js";

/** The SDK's own standard strategy (same retry decisions and quota), with backoff ÷ 50. */
export function quickRetry(maxAttempts: number): () => StandardRetryStrategy {
  return () => {
    let base = 50;
    return new StandardRetryStrategy({
      maxAttempts,
      backoff: {
        setDelayBase: (delay: number) => {
          base = delay / 50;
        },
        computeNextBackoffDelay: (attempt: number) => Math.floor(Math.random() * Math.min(base * 2 ** attempt, 400)),
      },
    });
  };
}

export function awsConnection(fake: AwsFake, overrides: Partial<AwsConnection> = {}): AwsConnection {
  return {
    region: "us-east-1",
    endpoint: fake.url,
    credentials: { accessKeyId: SANDBOX_AWS_CREDENTIALS.accessKeyId, secretAccessKey: SANDBOX_AWS_CREDENTIALS.secretAccessKey },
    maxAttempts: 6,
    retryStrategy: quickRetry(6),
    ...overrides,
  };
}

export function githubConnection(fake: GithubFake, overrides: Partial<GithubConnection> = {}): GithubConnection {
  // The fakes' windows run 60 times faster in tests that turn limits on; the others have no
  // secondary limits, and the scaled minute keeps the pacer from holding them back.
  return { token: SANDBOX_GITHUB_TOKEN, apiUrl: fake.url, maxRetries: 4, retryAfterBaseMs: 5, timeScale: 60, ...overrides };
}

/** The fake's own request log, summed per operation in the discover counter's naming. */
export function fakeCounts(requests: Map<string, number>, rename: (key: string) => string = (k) => k): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, n] of requests) out.set(rename(key), (out.get(rename(key)) ?? 0) + n);
  return out;
}

export function sum(counts: Iterable<number>): number {
  let total = 0;
  for (const n of counts) total += n;
  return total;
}

export const noSleep = async (): Promise<void> => {};

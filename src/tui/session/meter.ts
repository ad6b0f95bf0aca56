// Counts GitHub requests at the fetch level and reads the rate limit GitHub reports on each answer,
// for the scan screen. (discover's own counter goes into the Inventory when the scan ends.)

export interface MeterReading {
  requests: number;
  rateLimit?: { remaining: number; limit: number; resetAt?: string };
}

export function meteredFetch(onReading: (reading: MeterReading) => void, send: typeof fetch = fetch): typeof fetch {
  let requests = 0;
  let rateLimit: MeterReading["rateLimit"];
  return async (input, init) => {
    requests++;
    onReading({ requests, ...(rateLimit ? { rateLimit } : {}) });
    const response = await send(input, init);
    const remaining = Number(response.headers.get("x-ratelimit-remaining"));
    const limit = Number(response.headers.get("x-ratelimit-limit"));
    const reset = Number(response.headers.get("x-ratelimit-reset"));
    if (response.headers.has("x-ratelimit-remaining") && Number.isFinite(remaining) && Number.isFinite(limit)) {
      // The search and GraphQL budgets are separate; the core one is what a scan spends.
      const resource = response.headers.get("x-ratelimit-resource") ?? "core";
      if (resource === "core" || !rateLimit) {
        rateLimit = { remaining, limit, ...(Number.isFinite(reset) && reset > 0 ? { resetAt: new Date(reset * 1000).toISOString() } : {}) };
        onReading({ requests, rateLimit });
      }
    }
    return response;
  };
}

/** Calls `flush` at most every `ms` with everything queued since: progress redraws a few times a second, however fast events come. */
export function batcher<T>(flush: (items: T[]) => void, ms: number): { push(item: T): void; flush(): void } {
  let queue: T[] = [];
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    timer = undefined;
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    flush(items);
  };
  return {
    push(item) {
      queue.push(item);
      timer ??= setTimeout(run, ms);
    },
    flush() {
      if (timer) clearTimeout(timer);
      run();
    },
  };
}

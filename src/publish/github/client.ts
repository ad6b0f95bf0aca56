// Clients for publishing. Against GitHub: the shared client (src/discover/github/client.ts), whose
// throttling plugin sends content-creating requests one at a time, a second apart (three for PRs),
// and waits out retry-after. Against the local sandbox (and in tests), which has no such limits,
// an unpaced one; every request is still counted.
import { authOptions, endpointOf, githubClient, KeylessOctokit, type GithubClient, type GithubConnection, type WaitListener } from "../../discover/github/client.js";
import type { RequestCounter } from "../../discover/request-counter.js";

export function pacedClient(connection: GithubConnection, counter: RequestCounter, onWait?: WaitListener): GithubClient {
  return githubClient(connection, counter, onWait);
}

export function unpacedClient(connection: GithubConnection, counter: RequestCounter): GithubClient {
  const send = connection.fetch ?? fetch;
  const countingFetch: typeof fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    counter.add("github", endpointOf(init?.method ?? "GET", url, connection.apiUrl));
    return send(input, init);
  };
  return new KeylessOctokit({
    ...(authOptions(connection) as { auth?: string }),
    baseUrl: connection.apiUrl.replace(/\/$/, ""),
    userAgent: "keyless",
    log: { debug() {}, info() {}, warn() {}, error() {} },
    request: { fetch: countingFetch },
    throttle: { enabled: false, onRateLimit: () => false, onSecondaryRateLimit: () => false },
    retry: { retries: connection.maxRetries, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
  });
}

// Short, user-facing reasons for GitHub API failures. Octokit's RequestError carries the
// request (with the Authorization header redacted) — we keep only status and message.

export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown })?.status;
  return typeof status === "number" ? status : undefined;
}

/**
 * A primary or secondary rate limit, not a permission: GitHub answers both with 403 (or 429), told
 * apart by the exhausted x-ratelimit-remaining, a retry-after, or the message.
 */
export function isRateLimited(error: unknown): boolean {
  const status = statusOf(error);
  if (status === 429) return true;
  const headers = (error as { response?: { headers?: Record<string, string | undefined> } })?.response?.headers ?? {};
  const message = String((error as { message?: string })?.message ?? "");
  if (status === 403) return headers["x-ratelimit-remaining"] === "0" || headers["retry-after"] !== undefined || /rate limit/i.test(message);
  return /rate limit/i.test(message) && status === undefined;
}

export function githubReason(error: unknown, permission: string): { code: string; reason: string } {
  const status = statusOf(error);
  const message = String((error as { message?: string })?.message ?? error).split("\n")[0] ?? "";
  if (status === 401) return { code: "BadCredentials", reason: "the token was rejected (401)" };
  if (isRateLimited(error)) return { code: "Throttled", reason: `rate limited: ${message}` };
  if (status === 403) return { code: "AccessDenied", reason: `the token lacks a permission (needs ${permission}): ${message}` };
  if (status === 404) return { code: "NotFound", reason: `not found or not visible to the token (needs ${permission})` };
  if (status === 429) return { code: "Throttled", reason: `rate limited: ${message}` };
  return { code: status ? `HTTP${status}` : "Error", reason: message };
}

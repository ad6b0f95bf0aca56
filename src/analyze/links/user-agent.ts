// Reads what a CloudTrail user agent says about GitHub Actions: whether configure-aws-credentials
// made the call, and the workflow run id (and attempt) when the action put them there.

/**
 * The string configure-aws-credentials passes as its STS client's `customUserAgent` (every version
 * since v1); the AWS SDK appends it to the User-Agent header that CloudTrail records.
 */
export const CAC_USER_AGENT_MARK = "configure-aws-credentials-for-github-actions";

export interface ActionsUserAgent {
  /** configure-aws-credentials made this call. */
  configureAwsCredentials: boolean;
  runId?: number;
  runAttempt?: number;
}

// Since aws-actions/configure-aws-credentials#1774 the action adds GITHUB_RUN_ID and
// GITHUB_RUN_ATTEMPT "in the format typically used by the SDK". Handed to the SDK as pairs they come
// out as `md/github-run-id#123`; handed inside one string, the SDK escapes the space and `#` to `-`
// (`…-md/github-run-id-123`). Other spellings seen in tools (`github-run-id/123`, `GITHUB_RUN_ID=123`,
// `run-id:123`) are accepted too: a run id only counts when it equals one of the repo's runs.
const RUN_ID = /(?:^|[\s/_-])(?:github[-_])?run[-_]id[#/:=_-](\d{4,20})(?![\d])/i;
const RUN_ATTEMPT = /(?:^|[\s/_-])(?:github[-_])?run[-_]attempt[#/:=_-](\d{1,4})(?![\d])/i;

export function parseActionsUserAgent(userAgent: string | undefined): ActionsUserAgent {
  if (!userAgent) return { configureAwsCredentials: false };
  const configureAwsCredentials = userAgent.toLowerCase().includes(CAC_USER_AGENT_MARK);
  const id = RUN_ID.exec(userAgent)?.[1];
  const attempt = RUN_ATTEMPT.exec(userAgent)?.[1];
  const runId = id !== undefined ? Number(id) : undefined;
  return {
    configureAwsCredentials,
    ...(runId !== undefined && Number.isSafeInteger(runId) ? { runId } : {}),
    ...(attempt !== undefined ? { runAttempt: Number(attempt) } : {}),
  };
}

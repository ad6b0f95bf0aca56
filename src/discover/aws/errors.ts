// Turns AWS SDK errors into short, user-facing reasons. SDK error messages never carry secret
// values, but we still keep only the error name and message.
import { KeylessError } from "../../core/errors.js";

export interface Reason {
  code: string;
  reason: string;
}

export function awsReason(error: unknown): Reason {
  const e = error as { name?: string; message?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  const code = e?.Code ?? e?.name ?? "Error";
  const message = (e?.message ?? String(error)).split("\n")[0] ?? "";
  return { code: normaliseCode(code), reason: message || code };
}

function normaliseCode(code: string): string {
  if (/throttl|TooManyRequests|RequestLimitExceeded/i.test(code)) return "Throttled";
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(code)) return "AccessDenied";
  return code;
}

/** Errors that make the whole AWS side impossible: no credentials, bad credentials. */
export function fatalAwsError(error: unknown): KeylessError | undefined {
  const e = error as { name?: string; message?: string };
  if (e?.name === "CredentialsProviderError" || /Could not load credentials|Region is missing/i.test(e?.message ?? "")) {
    return new KeylessError(
      "NoAwsCredentials",
      `No AWS credentials found (${(e.message ?? "").split("\n")[0]}).`,
      "Set AWS_PROFILE (or --profile), or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, for the management or a delegated-admin account; or use --sandbox, or --no-aws to scan GitHub only.",
      { cause: error },
    );
  }
  // Query services (IAM, STS) and JSON services (Organizations, CloudTrail) name these differently.
  const rejected = ["InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException"];
  if (rejected.includes(e?.name ?? "")) {
    return new KeylessError(
      "BadAwsCredentials",
      `AWS rejected the credentials (${e.name}).`,
      "Refresh the credentials (aws sso login, or new keys for the audit principal) and run again.",
      { cause: error },
    );
  }
  return undefined;
}

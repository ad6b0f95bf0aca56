// The sandbox's own credentials: obviously fake values the fakes accept, exported so the CLI can print
// them and tests can use them. None of these is a real secret, and none looks like one.

/** IAM user in the management account that the sandbox AWS fake accepts as its caller. */
export const SANDBOX_CALLER_USER = "keyless-sandbox";

/** AKIA + 16 characters of the base-32 alphabet, like every access key id; the secret is short on purpose. */
export const SANDBOX_AWS_CREDENTIALS = {
  accessKeyId: "AKIASANDBOXMGMTCALLR",
  secretAccessKey: "sandbox-secret-not-real",
} as const;

/**
 * Credentials of a delegated administrator (the first one the scenario registers), for scans that
 * start from a member account instead of the management account. The fake knows them as a caller
 * only: the user is not in the scenario's IAM data, so the organization's inventory is unchanged.
 */
export const SANDBOX_AWS_DELEGATED_CREDENTIALS = {
  accessKeyId: "AKIASANDBOXDELEGATED",
  secretAccessKey: "sandbox-delegated-secret-not-real",
  userName: "keyless-delegated-audit",
} as const;

/** Classic token with the scopes the audit needs (admin:org for organization secrets). */
export const SANDBOX_GITHUB_TOKEN = "ghp_sandbox_token_not_real";
export const SANDBOX_GITHUB_SCOPES = ["repo", "workflow", "admin:org", "security_events"] as const;
export const SANDBOX_GITHUB_LOGIN = "keyless-sandbox";

/** A token that can read public repositories only (no workflow, no read:org): for permission errors. */
export const SANDBOX_GITHUB_LIMITED_TOKEN = "ghp_sandbox_public_repo_only_not_real";
export const SANDBOX_GITHUB_LIMITED_SCOPES = ["public_repo"] as const;
export const SANDBOX_GITHUB_LIMITED_LOGIN = "outside-contributor";

/**
 * A GitHub App installation token on the organization (all repositories): it has the installation's
 * rate limit (5,000 an hour growing with the organization, at most 12,500) instead of a user's.
 * Its access is that of the classic admin token above; GitHub sends no x-oauth-scopes for it.
 */
export const SANDBOX_GITHUB_APP_TOKEN = "ghs_sandbox_installation_token_not_real";
export const SANDBOX_GITHUB_APP_LOGIN = "keyless-sandbox[bot]";

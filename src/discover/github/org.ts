// Organization-level reads: the org itself (does it exist, can the token see it), organization
// secrets with their visibility, variables, AWS secret-scanning alerts, and runner IP ranges.
import { KeylessError } from "../../core/errors.js";
import type { OrgSecret, SecretScanningAlert, Skip, Variable } from "../../inventory/schema.js";
import type { GithubClient } from "./client.js";
import { githubReason, isRateLimited, statusOf } from "./errors.js";

export async function checkOrg(octokit: GithubClient, org: string): Promise<void> {
  try {
    await octokit.rest.orgs.get({ org });
  } catch (error) {
    const status = statusOf(error);
    if (status === 401) {
      throw new KeylessError("BadGithubToken", "GitHub rejected the token (401 Bad credentials).", "Create a new token (GITHUB_TOKEN or GH_TOKEN) and run again.", { cause: error });
    }
    if (isRateLimited(error)) {
      // Not an access problem: the token's budget ran out and retries until the reset did not help.
      const reset = Number((error as { response?: { headers?: Record<string, string> } }).response?.headers?.["x-ratelimit-reset"]);
      const when = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : "";
      throw new KeylessError(
        "GithubRateLimited",
        `GitHub's rate limit for this token is used up${when}; keyless could not read organization '${org}'.`,
        "Wait for the reset and run again (a GitHub App installation token has a larger limit), or stop other jobs that share the token.",
        { cause: error },
      );
    }
    if (status === 403) {
      // SAML SSO not authorized for this token, an IP allow list, or a fine-grained token without the org.
      throw new KeylessError(
        "GithubOrgForbidden",
        `GitHub refused access to organization '${org}' (403): ${String((error as Error).message ?? "").split("\n")[0]}`,
        "Authorize the token for the organization's SAML single sign-on, or grant the fine-grained token access to the organization, and run again.",
        { cause: error },
      );
    }
    if (status === 404) {
      throw new KeylessError(
        "OrgNotFound",
        `GitHub organization '${org}' was not found, or the token cannot see it.`,
        "Check the spelling of --org, and that the token belongs to a member of the organization (fine-grained tokens: grant the organization access).",
        { cause: error },
      );
    }
    throw error;
  }
}

export async function readOrgSecrets(octokit: GithubClient, org: string, skipped: Skip[]): Promise<OrgSecret[]> {
  try {
    const secrets = await octokit.paginate(octokit.rest.actions.listOrgSecrets, { org, per_page: 100 });
    const result: OrgSecret[] = [];
    for (const s of secrets) {
      const secret: OrgSecret = { name: s.name, scope: "organization", createdAt: s.created_at, updatedAt: s.updated_at, visibility: s.visibility };
      if (s.visibility === "selected") {
        try {
          const repos = await octokit.paginate(octokit.rest.actions.listSelectedReposForOrgSecret, { org, secret_name: s.name, per_page: 100 });
          secret.selectedRepos = repos.map((r) => r.full_name);
        } catch (error) {
          // Left undefined: "which repos see it" is unknown, which is not the same as "none".
          skipped.push({ side: "github", target: `${org} organization secret ${s.name} repositories`, ...githubReason(error, "admin:org (classic) or Secrets: read at organization level (fine-grained)") });
        }
      }
      result.push(secret);
    }
    return result;
  } catch (error) {
    skipped.push({ side: "github", target: `${org} organization secrets`, ...githubReason(error, "admin:org (classic) or Secrets: read at organization level (fine-grained)") });
    return [];
  }
}

export async function readOrgVariables(octokit: GithubClient, org: string, skipped: Skip[]): Promise<Variable[]> {
  try {
    const vars = await octokit.paginate(octokit.rest.actions.listOrgVariables, { org, per_page: 30 });
    return vars.map((v) => ({ name: v.name, value: v.value, scope: "organization" as const }));
  } catch (error) {
    skipped.push({ side: "github", target: `${org} organization variables`, ...githubReason(error, "admin:org (classic) or Variables: read at organization level") });
    return [];
  }
}

/**
 * AWS key alerts (key ids and secret access keys) for the whole org in one paginated call, grouped
 * later by repo, each with the file and line GitHub first found it at (`first_location_detected`, so
 * no call per alert for its locations). The matched secret is never kept, only a key id.
 */
export async function readAwsAlerts(octokit: GithubClient, org: string, skipped: Skip[]): Promise<Map<string, SecretScanningAlert[]>> {
  const byRepo = new Map<string, SecretScanningAlert[]>();
  try {
    const alerts = await octokit.paginate(octokit.rest.secretScanning.listAlertsForOrg, { org, secret_type: "aws_access_key_id,aws_secret_access_key", per_page: 100 });
    for (const a of alerts) {
      const repo = a.repository?.full_name;
      if (!repo || a.number === undefined || !a.created_at) continue;
      const keyId = typeof a.secret === "string" && /^(AKIA|ASIA)[A-Z2-7]{16}$/.test(a.secret) ? a.secret : undefined;
      const list = byRepo.get(repo) ?? [];
      // The alert's secret is only kept when it is an access key id; anything else is dropped.
      const first = (a as { first_location_detected?: { path?: unknown; start_line?: unknown } | null }).first_location_detected;
      const path = typeof first?.path === "string" ? first.path : undefined;
      const line = typeof first?.start_line === "number" && Number.isInteger(first.start_line) ? first.start_line : undefined;
      list.push({ number: a.number, state: String(a.state ?? "open"), secretType: a.secret_type ?? "", createdAt: a.created_at, accessKeyId: keyId, ...(path ? { path } : {}), ...(path && line ? { line } : {}) });
      byRepo.set(repo, list);
    }
  } catch (error) {
    const found = githubReason(error, "security_events (classic) or Secret scanning alerts: read, as an org owner or security manager");
    // 404 is also GitHub's answer when secret scanning is not enabled (or not available) for the org.
    const reason = statusOf(error) === 404 ? `secret scanning is not enabled for the organization, or ${found.reason}` : found.reason;
    skipped.push({ side: "github", target: `${org} secret-scanning alerts`, code: found.code, reason });
  }
  return byRepo;
}

export async function readActionsRanges(octokit: GithubClient, skipped: Skip[]): Promise<string[]> {
  try {
    const meta = await octokit.rest.meta.get();
    return meta.data.actions ?? [];
  } catch (error) {
    skipped.push({ side: "github", target: "/meta", ...githubReason(error, "none (public endpoint)") });
    return [];
  }
}

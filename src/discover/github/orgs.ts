// Several GitHub organizations in one scan: each is read as a single-org scan would read it, one
// after the other, and the results are joined into one Inventory. With a token they share its
// rate limit; with a GitHub App each organization is read with its own installation's token (an
// installation token reaches only its own organization), so each spends its installation's limit.
// An organization the token cannot see (404), may not read (403, SSO) or lacks the App is recorded
// as skipped and the others go on; a bad token or a spent rate limit still stops the scan.
import { KeylessError } from "../../core/errors.js";
import type { Skip } from "../../inventory/schema.js";
import type { RequestCounter } from "../request-counter.js";
import { githubClient, type GithubConnection } from "./client.js";
import { discoverGithub, type GithubDiscoverOptions, type GithubInventory } from "./index.js";

/** Codes of checkOrg's errors that concern one organization, not the token. */
const ORG_ONLY = new Set(["OrgNotFound", "GithubOrgForbidden", "GithubAppNotInstalled"]);

/** The connection to read `org` with: a GitHub App's is that org's installation, unless one installation was named. */
export function connectionForOrg(connection: GithubConnection, org: string): GithubConnection {
  if (!connection.app || connection.app.installationId) return connection;
  return { ...connection, app: { ...connection.app, org } };
}

export type MultiOrgOptions = Omit<GithubDiscoverOptions, "org"> & { orgs: string[] };

export async function discoverGithubOrgs(options: MultiOrgOptions): Promise<{ github: GithubInventory; skipped: Skip[] }> {
  const orgs = [...new Map(options.orgs.map((o) => [o.toLowerCase(), o])).values()];
  if (orgs.length === 1) return discoverGithub({ ...options, org: orgs[0] as string });
  const emit = options.onEvent ?? (() => {});
  const parts: GithubInventory[] = [];
  const skipped: Skip[] = [];
  let firstError: unknown;
  // The organizations are read one after the other: each one's repositories add to the total.
  let announced = 0;
  for (const org of orgs) {
    const onEvent: typeof emit = (event) => {
      if (event.type !== "github-repos") return emit(event);
      announced += event.total;
      emit({ type: "github-repos", total: announced, org, orgTotal: event.total });
    };
    try {
      const part = await discoverGithub({ ...options, connection: connectionForOrg(options.connection, org), org, onEvent });
      parts.push(part.github);
      skipped.push(...part.skipped);
    } catch (error) {
      if (!(error instanceof KeylessError && ORG_ONLY.has(error.code))) throw error;
      firstError ??= error;
      // The App's own fix (install it there) is the user's next step, so the reason carries it.
      const fix = error.code === "GithubAppNotInstalled" ? ` ${error.remediation}` : "";
      const skip: Skip = { side: "github", target: org, code: error.code, reason: `${error.message}${fix} The other organizations were scanned.` };
      skipped.push(skip);
      emit({ type: "skip", ...skip });
    }
  }
  if (parts.length === 0) throw firstError;
  return { github: joinOrgs(parts), skipped };
}

/** One GitHub inventory from several: organization secrets and variables keep the org they belong to. */
export function joinOrgs(parts: GithubInventory[]): GithubInventory {
  const first = parts[0] as GithubInventory;
  return {
    org: parts.map((p) => p.org).join(","),
    orgs: parts.map((p) => p.org),
    apiUrl: first.apiUrl,
    repos: parts.flatMap((p) => p.repos),
    orgSecrets: parts.flatMap((p) => p.orgSecrets.map((s) => ({ ...s, org: p.org }))),
    orgVariables: parts.flatMap((p) => p.orgVariables.map((v) => ({ ...v, org: p.org }))),
    ...(parts.some((p) => p.orgStoreSecrets) ? { orgStoreSecrets: parts.flatMap((p) => (p.orgStoreSecrets ?? []).map((s) => ({ ...s, org: p.org }))) } : {}),
    actionsIpRanges: first.actionsIpRanges,
  };
}

const ENTERPRISE_ORGS = `query ($slug: String!, $after: String) {
  enterprise(slug: $slug) { organizations(first: 100, after: $after) { nodes { login } pageInfo { hasNextPage endCursor } } }
}`;

interface EnterprisePage {
  enterprise: { organizations: { nodes: Array<{ login: string } | null>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null;
}

/** The logins of an enterprise's organizations that the token can see (GitHub lists those the viewer belongs to). */
export async function enterpriseOrgs(connection: GithubConnection, counter: RequestCounter, slug: string): Promise<string[]> {
  const octokit = githubClient(connection, counter, undefined, { readOnly: true });
  const logins: string[] = [];
  let after: string | null = null;
  try {
    for (let page = 0; page < 100; page++) {
      const answer: EnterprisePage = await octokit.graphql<EnterprisePage>(ENTERPRISE_ORGS, { slug, after });
      const orgs = answer.enterprise?.organizations;
      if (!orgs) break;
      for (const n of orgs.nodes) if (n?.login) logins.push(n.login);
      if (!orgs.pageInfo.hasNextPage || !orgs.pageInfo.endCursor) break;
      after = orgs.pageInfo.endCursor;
    }
  } catch (error) {
    if (error instanceof KeylessError && error.code === "GithubAppInstallationAmbiguous") {
      // No one installation reads for the whole enterprise; named organizations each get their own.
      throw new KeylessError(
        "GithubAppEnterpriseAmbiguous",
        `${error.message} keyless lists an enterprise's organizations with one installation's token.`,
        "Name the organizations with --org a,b,c instead of --enterprise (each is read with its own installation), or pass --app-installation-id (GITHUB_APP_INSTALLATION_ID) of an installation that can read the enterprise.",
        { cause: error },
      );
    }
    // The App's own errors (a rejected JWT, no installation) say what to fix better than "not found".
    if (error instanceof KeylessError && error.code.startsWith("GithubApp")) throw error;
    const status = (error as { status?: number }).status;
    if (status === 401) throw new KeylessError("BadGithubToken", "GitHub rejected the token (401 Bad credentials).", "Create a new token (GITHUB_TOKEN or GH_TOKEN) and run again.", { cause: error });
    throw new KeylessError(
      "EnterpriseNotFound",
      `GitHub enterprise '${slug}' was not found, or the token cannot read it: ${(error as { errors?: Array<{ message?: string }> }).errors?.[0]?.message ?? String((error as Error).message ?? "").split("\n")[0]}`,
      "Check the slug (github.com/enterprises/<slug>) and that the token has read:enterprise (classic) or is an enterprise member's; or name the organizations with --org a,b,c.",
      { cause: error },
    );
  }
  if (logins.length === 0) {
    throw new KeylessError("EnterpriseHasNoOrgs", `The token sees no organization of enterprise '${slug}'.`, "Use a token of a member of the enterprise's organizations, or name them with --org a,b,c.");
  }
  return logins;
}

// Before anything is written: can this token write what the change sets need? A classic token
// tells its scopes (x-oauth-scopes); a GitHub App installation its permissions (when keyless
// minted the token). A fine-grained token does not, so its missing Workflows permission is caught
// on the first workflow write instead (see execute.ts).
import { KeylessError } from "../../core/errors.js";
import type { PublishApi } from "./api.js";
import type { ChangeSet } from "./change-set.js";
import { touchesWorkflows } from "./tree-diff.js";

export interface TokenCheck {
  login?: string;
  /** Classic scopes; undefined for fine-grained tokens and apps. */
  scopes?: string[];
}

const FINE_GRAINED = "or use a fine-grained token with Contents, Pull requests and Workflows: read and write on these repositories";

export async function preflightToken(api: PublishApi, changeSets: readonly ChangeSet[]): Promise<TokenCheck> {
  const installation = await api.appInstallation();
  if (installation) return preflightApp(installation, changeSets);
  let check: TokenCheck;
  try {
    check = await api.tokenScopes();
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 401) throw new KeylessError("BadCredentials", "GitHub rejected the token (401).", "Check GITHUB_TOKEN or GH_TOKEN.", { cause: error });
    // An installation token given as GITHUB_TOKEN is no user: its permissions show on the first write.
    if (status === 403 && /not accessible by integration/i.test(String((error as Error).message))) return {};
    throw error;
  }
  const scopes = check.scopes;
  if (!scopes) return check;
  const missing: string[] = [];
  if (!scopes.includes("repo") && !scopes.includes("public_repo")) missing.push("repo");
  const workflowRepos = changeSets.filter(touchesWorkflows).map((c) => c.repo);
  if (workflowRepos.length > 0 && !scopes.includes("workflow")) missing.push("workflow");
  if (missing.length === 0) return check;
  const why = missing.includes("workflow")
    ? `GitHub refuses any change to .github/workflows/ without the workflow scope, and ${workflowRepos.length} repositor${workflowRepos.length === 1 ? "y needs" : "ies need"} one`
    : "keyless creates branches and pull requests";
  throw new KeylessError(
    "MissingTokenScope",
    `The GitHub token${check.login ? ` of ${check.login}` : ""} lacks the ${missing.map((m) => `\`${m}\``).join(" and ")} scope${missing.length > 1 ? "s" : ""} (it has: ${scopes.join(", ") || "none"}): ${why}. Nothing was written.`,
    `Add ${missing.join(" and ")} to the token (classic: repo and workflow), ${FINE_GRAINED}.`,
  );
}

/**
 * A GitHub App installation: its permissions, not scopes. Contents and Pull requests: write for
 * branches, commits and pull requests; Workflows: write when a change set touches .github/workflows/.
 */
function preflightApp(installation: { login?: string; permissions: Record<string, string> }, changeSets: readonly ChangeSet[]): TokenCheck {
  const workflowRepos = changeSets.filter(touchesWorkflows).map((c) => c.repo);
  const needed: Array<[string, string]> = [
    ["contents", "keyless pushes a branch and a commit to each repository"],
    ["pull_requests", "keyless opens the pull requests"],
    ...(workflowRepos.length > 0 ? [["workflows", `GitHub refuses any change to .github/workflows/ without it, and ${workflowRepos.length} repositor${workflowRepos.length === 1 ? "y needs" : "ies need"} one`] as [string, string]] : []),
  ];
  requireAppPermissions(installation, needed);
  return installation.login ? { login: installation.login } : {};
}

/**
 * Throws MissingAppPermission naming each [permission, why] the installation lacks write on (an
 * entry's third element: other names GitHub also accepts for it). Used by pr and retire before any write.
 */
export function requireAppPermissions(installation: { login?: string; permissions: Record<string, string> }, needed: ReadonlyArray<readonly [string, string, ...string[]]>): void {
  const has = installation.permissions;
  const missing = needed.filter(([name, , ...also]) => ![name, ...also].some((n) => has[n] === "write"));
  if (missing.length === 0) return;
  const granted = Object.entries(has).map(([name, level]) => `${name}: ${level}`).join(", ") || "none";
  throw new KeylessError(
    "MissingAppPermission",
    `The GitHub App${installation.login ? ` ${installation.login}` : ""} lacks ${missing.map(([name]) => `\`${name}: write\``).join(" and ")} on this installation (it has: ${granted}): ${missing.map(([, why]) => why).join("; ")}. Nothing was written.`,
    `In the app's settings (Permissions), grant ${missing.map(([name]) => `${APP_PERMISSION_NAMES[name] ?? name}: Read and write`).join(", ")}, then accept the new permissions in the organization's installation settings.`,
  );
}

const APP_PERMISSION_NAMES: Record<string, string> = {
  contents: "Contents",
  pull_requests: "Pull requests",
  workflows: "Workflows",
  secrets: "Secrets (repository)",
  organization_secrets: "Secrets (organization)",
  dependabot_secrets: "Dependabot secrets",
  codespaces_secrets: "Codespaces secrets",
};

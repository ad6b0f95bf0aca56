// Before anything is written: can this token write what the change sets need? A classic token
// tells its scopes (x-oauth-scopes); a fine-grained token or an app does not, so their missing
// Workflows permission is caught on the first workflow write instead (see execute.ts).
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
  let check: TokenCheck;
  try {
    check = await api.tokenScopes();
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 401) throw new KeylessError("BadCredentials", "GitHub rejected the token (401).", "Check GITHUB_TOKEN or GH_TOKEN.", { cause: error });
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

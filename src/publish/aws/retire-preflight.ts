// Before retire --delete --apply writes anything (a key in AWS, a secret on GitHub): may this GitHub
// App installation delete every secret the plan deletes? Without it, the first refused delete would
// come after the keys were already deleted. A token's rights show only on the first write (GitHub
// names no fine-grained permissions up front), as before.
import { KeylessError } from "../../core/errors.js";
import type { GithubClient } from "../../discover/github/client.js";
import { PublishApi } from "../github/api.js";
import { requireAppPermissions } from "../github/preflight.js";
import { secretId, type SecretTarget } from "../../verify/index.js";

type Needed = readonly [string, string, ...string[]];

/**
 * The App permissions (write) deleting these secrets needs, as GitHub names them: `secrets` for
 * repository and environment secrets, `organization_secrets` for organization ones,
 * `dependabot_secrets` for Dependabot's (GitHub's newer name for the organization level,
 * organization_dependabot_secrets, is accepted too) and `codespaces_secrets` for a repository's
 * Codespaces secrets. Each permission once, with the first secret that needs it.
 */
export function appPermissionsFor(targets: readonly SecretTarget[]): Needed[] {
  const out = new Map<string, Needed>();
  const add = (name: string, t: SecretTarget, ...also: string[]) => {
    if (!out.has(name)) out.set(name, [name, `retire deletes ${secretId(t)}`, ...also]);
  };
  for (const t of targets) {
    if (t.scope === "environment" || !t.store) add(t.scope === "organization" ? "organization_secrets" : "secrets", t);
    else if (t.store === "dependabot") add("dependabot_secrets", t, ...(t.scope === "organization" ? ["organization_dependabot_secrets"] : []));
    else if (t.scope === "repo") add("codespaces_secrets", t);
  }
  return [...out.values()];
}

/** Throws before any write when the App cannot delete what the plan deletes; a token passes (see above). */
export async function preflightSecretDeletes(github: GithubClient, targets: readonly SecretTarget[]): Promise<void> {
  if (targets.length === 0) return;
  const installation = await new PublishApi(github).appInstallation();
  if (!installation) return;
  // GitHub serves organization Codespaces secrets to no GitHub App (the endpoints are not enabled for apps).
  const orgCodespaces = targets.filter((t) => t.scope === "organization" && t.store === "codespaces");
  if (orgCodespaces.length > 0) {
    throw new KeylessError(
      "GithubAppCannotDeleteSecret",
      `A GitHub App cannot delete organization Codespaces secrets, and retire would delete ${orgCodespaces.map(secretId).join(", ")}. Nothing was written.`,
      "Run retire --delete --apply with a token that has admin:org (GITHUB_TOKEN, without the App's flags) instead of the App.",
    );
  }
  requireAppPermissions(installation, appPermissionsFor(targets));
}

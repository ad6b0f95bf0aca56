// The GitHub App permission each REST route needs from an installation token, as GitHub's
// "Permissions required for GitHub Apps" pages list them: reads need read, anything else write.
// GitHub answers a token without it 403 "Resource not accessible by integration" and names what
// would do in x-accepted-github-permissions.

import type { TokenInfo } from "./auth.js";
import { HttpError } from "./context.js";
import type { Route } from "./router.js";

/** First matching rule wins: a path pattern (on the route's OpenAPI path) and the permission. */
const RULES: Array<[RegExp, string]> = [
  [/^\/repos\/\{owner\}\/\{repo\}\/actions\/(secrets|organization-secrets)/, "secrets"],
  [/^\/repos\/\{owner\}\/\{repo\}\/environments\/\{environment_name\}\/secrets/, "secrets"],
  [/^\/repositories\/\{repository_id\}\/environments\/\{environment_name\}\/secrets/, "secrets"],
  [/^\/repos\/\{owner\}\/\{repo\}\/(actions\/variables|environments\/\{environment_name\}\/variables)/, "actions_variables"],
  [/^\/repos\/\{owner\}\/\{repo\}\/environments/, "environments"],
  [/^\/repos\/\{owner\}\/\{repo\}\/actions\//, "actions"],
  [/^\/repos\/\{owner\}\/\{repo\}\/(contents|git)\//, "contents"],
  [/^\/repos\/\{owner\}\/\{repo\}\/(pulls|issues)/, "pull_requests"],
  [/^\/repos\/\{owner\}\/\{repo\}\/secret-scanning/, "secret_scanning_alerts"],
  [/^\/orgs\/\{org\}\/secret-scanning/, "secret_scanning_alerts"],
  [/^\/orgs\/\{org\}\/actions\/secrets/, "organization_secrets"],
  // Dependabot's secrets, the repository's and the organization's; a repository's Codespaces secrets
  // (the organization's are not served to apps at all: routes/store-secrets.ts).
  [/^\/(repos\/\{owner\}\/\{repo\}|orgs\/\{org\})\/dependabot\/secrets/, "dependabot_secrets"],
  [/^\/repos\/\{owner\}\/\{repo\}\/codespaces\/secrets/, "codespaces_secrets"],
  [/^\/orgs\/\{org\}\/actions\/variables/, "organization_actions_variables"],
  [/^\/(repos\/\{owner\}\/\{repo\}|orgs\/\{org\}\/repos)$/, "metadata"],
];

export function permissionFor(route: Route): { name: string; level: "read" | "write" } | undefined {
  const rule = RULES.find(([pattern]) => pattern.test(route.path));
  if (!rule) return undefined;
  return { name: rule[1], level: route.method === "GET" ? "read" : "write" };
}

/** Refuses an installation token whose permissions lack what the route needs. */
export function checkAppPermission(token: TokenInfo, route: Route, headers: Record<string, string>): void {
  if (token.kind !== "installation" || !token.permissions) return;
  const needed = permissionFor(route);
  if (!needed) return;
  headers["x-accepted-github-permissions"] = `${needed.name}=${needed.level}`;
  const granted = token.permissions[needed.name];
  if (granted === "write" || (granted === "read" && needed.level === "read")) return;
  throw new HttpError(403, "Resource not accessible by integration", { documentation_url: "https://docs.github.com/rest" });
}

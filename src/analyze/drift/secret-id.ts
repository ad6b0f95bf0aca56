// One name per stored secret, the same in the state store's events (what retire deleted) and in the
// facts an audit records: GitHub compares secret names without case.
export type SecretPlace =
  | { scope: "organization"; org: string; name: string }
  | { scope: "environment"; repo: string; environment: string; name: string }
  | { scope: "repo"; repo: string; name: string };

export function secretIdOf(t: SecretPlace): string {
  const name = t.name.toUpperCase();
  if (t.scope === "organization") return `organization ${t.org} secret ${name}`;
  if (t.scope === "environment") return `environment ${t.repo}/${t.environment} secret ${name}`;
  return `repo ${t.repo} secret ${name}`;
}

/**
 * Where a secret a link or an unlinked secret names is stored. `org` is the scanned organization when
 * only one was (a scan of several has none: an organization secret's is its own `org`, else its repo's owner).
 */
export function placeOf(s: { name: string; scope?: "repo" | "environment" | "organization"; repo?: string; environment?: string; org?: string }, org: string | undefined): SecretPlace | undefined {
  if (s.scope === "organization") {
    const owner = s.org ?? org ?? s.repo?.split("/")[0];
    return owner ? { scope: "organization", org: owner, name: s.name } : undefined;
  }
  if (!s.repo) return undefined;
  if (s.scope === "environment" && s.environment) return { scope: "environment", repo: s.repo, environment: s.environment, name: s.name };
  return { scope: "repo", repo: s.repo, name: s.name };
}

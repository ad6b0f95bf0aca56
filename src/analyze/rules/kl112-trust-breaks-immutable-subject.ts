// KL112: a role trusts a repository by name (`repo:ORG/REPO:…`) while GitHub issues that repository's
// tokens with the immutable subject `repo:ORG@OWNER_ID/REPO@REPO_ID:…`, which the name pattern never matches.
import type { Repo } from "../../inventory/schema.js";
import { makeFinding } from "./helpers.js";
import { githubTrustStatements, statementAdmitsRepo } from "./trust-policy.js";
import type { KeylessRule } from "./types.js";

/** GitHub issues immutable subjects by default for repositories created (or renamed, transferred) from this day. */
export const IMMUTABLE_SUBJECT_SINCE = "2026-07-15T00:00:00Z";
const MAX_LISTED = 10;

export function usesImmutableSubject(repo: Repo): boolean {
  return repo.oidcSubject?.useImmutableSubject ?? Date.parse(repo.createdAt) >= Date.parse(IMMUTABLE_SUBJECT_SINCE);
}

export function immutablePrefix(repo: Repo): string {
  return `repo:${repo.owner}@${repo.ownerId}/${repo.name}@${repo.id}`;
}

export const KL112: KeylessRule = {
  id: "KL112",
  name: "TrustBreaksForImmutableSubject",
  title: "OIDC trust that does not match the immutable subject",
  severity: "medium",
  description:
    "A role's trust names a repository by its mutable subject (`repo:ORG/REPO:…`, also through wildcards like `repo:ORG/*`) while " +
    "GitHub issues that repository's tokens with the immutable subject `repo:ORG@OWNER_ID/REPO@REPO_ID:…`: repositories created on " +
    "or after 2026-07-15, renamed or transferred since, or opted in (`use_immutable_subject`, when discover could read it). No " +
    "value of the trust matches the immutable form, so the repository's workflows cannot assume the role.",
  rationale:
    "GitHub moved to subjects that embed the owner and repository ids so that a deleted or renamed repository's name cannot be " +
    "re-registered to obtain its cloud access. A trust written for the old form fails closed: deploys of that repository break, and " +
    "an OIDC migration built on it would fail on its first run. Medium: an outage risk rather than an exposure.",
  remediation:
    "Add the immutable subject to the trust (`repo:ORG@OWNER_ID/REPO@REPO_ID:ref:refs/heads/main`; the ids are in the repository's " +
    "OIDC customization API, `sub_claim_prefix`), verify a run, then remove the name-based value. keyless's generated Terraform " +
    "writes the form each repository uses.",
  tags: ["aws", "oidc", "trust-policy", "availability"],
  about: "role",
  check(context) {
    const immutable = (context.inventory.github?.repos ?? []).filter(usesImmutableSubject);
    if (immutable.length === 0) return [];
    return (context.inventory.aws?.githubTrustingRoles ?? []).flatMap((role) => {
      const statements = githubTrustStatements(role.trustPolicy) ?? [];
      const values = statements.flatMap((t) => t.subs.flatMap((c) => c.values.map((v) => ({ v, like: c.like }))));
      const excluded = statements.flatMap((t) => t.notSubs.flatMap((c) => c.values));
      // Per statement: its conditions hold together, and a StringNotLike may take the immutable form away.
      const broken = immutable.filter(
        (repo) =>
          statements.some((t) => statementAdmitsRepo(t, repo.owner, repo.name)) &&
          !statements.some((t) => statementAdmitsRepo(t, `${repo.owner}@${repo.ownerId}`, `${repo.name}@${repo.id}`)),
      );
      if (broken.length === 0) return [];
      const names = broken.map((r) => r.fullName).sort();
      return [
        makeFinding(KL112, { type: "role", arn: role.arn, accountId: role.accountId }, "", {
          message:
            `Role ${role.roleName} in account ${role.accountId} trusts ${names.slice(0, 3).join(", ")}${names.length > 3 ? ` and ${names.length - 3} more` : ""} ` +
            `by name, but GitHub issues ${broken.length === 1 ? "its" : "their"} tokens with the immutable subject; the trust will not match.`,
          evidence: [
            `Trusted subjects: ${values.map((x) => x.v).join(", ")}${excluded.length > 0 ? `; not: ${excluded.join(", ")}` : ""}.`,
            ...broken
              .slice(0, MAX_LISTED)
              .map((r) => `${r.fullName} (created ${r.createdAt.slice(0, 10)}${r.oidcSubject?.useImmutableSubject ? ", opted in" : ""}): its tokens' subject starts with ${immutablePrefix(r)}.`),
            ...(broken.length > MAX_LISTED ? [`…and ${broken.length - MAX_LISTED} more repositories.`] : []),
          ],
        }),
      ];
    });
  },
};

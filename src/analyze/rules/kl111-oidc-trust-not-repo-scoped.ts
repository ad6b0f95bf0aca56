// KL111: an existing role that trusts GitHub's OIDC provider without limiting `sub` to named
// repositories: no sub condition, any organization, a whole organization, or wildcards over repo names.
import type { Severity } from "../model.js";
import { makeFinding } from "./helpers.js";
import { statementName } from "./policy-document.js";
import { githubTrustStatements, statementBreadth, wider, type Breadth } from "./trust-policy.js";
import type { KeylessRule } from "./types.js";

const SEVERITY: Record<Exclude<Breadth, "repo">, Severity> = { none: "critical", any: "critical", org: "high", partial: "medium" };
const ADMITS: Record<Exclude<Breadth, "repo">, string> = {
  none: "any repository on GitHub (no sub condition)",
  any: "repositories of any owner (wildcard over the owner)",
  org: "every repository of the organization",
  partial: "every repository whose name matches a wildcard",
};

export const KL111: KeylessRule = {
  id: "KL111",
  name: "OidcTrustNotRepoScoped",
  title: "GitHub OIDC trust without a repository-scoped subject",
  severity: "high",
  severityNote:
    "Critical when the trust has no `sub` condition or a wildcard over the owner (any GitHub user can assume the role); medium " +
    "when only part of the repository name is a wildcard.",
  description:
    "A role's trust policy allows sts:AssumeRoleWithWebIdentity from a GitHub OIDC provider, and its `token.actions.githubusercontent.com:sub` " +
    "conditions do not pin one repository: no sub condition, `*`, `repo:*`, `repo:ORG/*`, or StringLike wildcards in the repository " +
    "name (`repo:ORG/app-*`). Several condition blocks on sub are ANDed (the narrowest counts); several values in one block are ORed " +
    "(the widest counts). A wildcard after the repository (`repo:ORG/REPO:*`) is repository-scoped and not flagged here. A " +
    "`StringNotLike` on sub only takes subjects away, so it never makes a wider statement repository-scoped (keyless writes one " +
    "beside `repo:ORG/REPO:ref:refs/heads/release/*` to keep GitHub's one-segment `*` exact).",
  rationale:
    "GitHub issues OIDC tokens to every workflow run on github.com. The `sub` claim is what tells your role which repository a " +
    "token comes from; without it, any GitHub user can write a workflow that assumes the role. An organization-wide wildcard lets " +
    "every repository, including forks-to-be, test projects and anyone's new repo in the organization, act as your deploy role.",
  remediation:
    "Replace the condition with `StringEquals` (or `StringLike` with wildcards only after the repository) on " +
    "`token.actions.githubusercontent.com:sub`, one value per repository and branch or environment, e.g. " +
    "`repo:ORG/REPO:ref:refs/heads/main` or `repo:ORG/REPO:environment:production`, and keep `aud` = `sts.amazonaws.com`.",
  tags: ["aws", "oidc", "iam", "trust-policy"],
  about: "role",
  check(context) {
    return (context.inventory.aws?.githubTrustingRoles ?? []).flatMap((role) => {
      const statements = githubTrustStatements(role.trustPolicy) ?? [];
      let worst: Breadth = "repo";
      const evidence: string[] = [];
      for (const t of statements) {
        const breadth = statementBreadth(t);
        worst = wider(worst, breadth);
        if (breadth === "repo") continue;
        // Negated values only take subjects away, so they never make a statement repo-scoped; shown as read.
        const subs = [...t.subs, ...t.notSubs].map((c) => `${c.operator} ${c.values.join(", ")}`).join("; ");
        evidence.push(`${statementName(t.statement)} (${t.provider}) admits ${ADMITS[breadth]}${subs ? `: ${subs}` : ""}${t.hasAudience ? "" : "; no aud condition"}.`);
      }
      if (worst === "repo") return [];
      return [
        makeFinding(KL111, { type: "role", arn: role.arn, accountId: role.accountId }, "", {
          message: `Role ${role.roleName} in account ${role.accountId} can be assumed by GitHub Actions in ${ADMITS[worst]}.`,
          evidence,
          severity: SEVERITY[worst],
        }),
      ];
    });
  },
};

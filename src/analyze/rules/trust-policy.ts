// GitHub OIDC trust policies: the statements that let a GitHub Actions token assume a role, and what
// their `sub` conditions admit — any repository on GitHub, any in one organization, some, or one.
import { parsePolicy, wildcardMatch, type PolicyStatement } from "./policy-document.js";

/** How many repositories a `sub` condition admits, narrowest last. */
export type Breadth = "none" | "any" | "org" | "partial" | "repo";
const BREADTH_ORDER: Breadth[] = ["none", "any", "org", "partial", "repo"];

export function wider(a: Breadth, b: Breadth): Breadth {
  return BREADTH_ORDER.indexOf(a) <= BREADTH_ORDER.indexOf(b) ? a : b;
}

export function narrower(a: Breadth, b: Breadth): Breadth {
  return wider(a, b) === a ? b : a;
}

export interface SubCondition {
  operator: string;
  /** StringLike family: `*` and `?` are wildcards. */
  like: boolean;
  values: string[];
}

export interface GithubTrustStatement {
  statement: PolicyStatement;
  /** The OIDC provider's host, e.g. token.actions.githubusercontent.com. */
  provider: string;
  subs: SubCondition[];
  hasAudience: boolean;
}

const NEGATED = /Not/i;

/** Statements that allow sts:AssumeRoleWithWebIdentity for an OIDC provider; undefined when unreadable. */
export function githubTrustStatements(trustPolicy: string): GithubTrustStatement[] | undefined {
  const statements = parsePolicy(trustPolicy);
  if (!statements) return undefined;
  const out: GithubTrustStatement[] = [];
  for (const s of statements) {
    if (s.effect !== "Allow" || !s.actions.some((a) => wildcardMatch(a, "sts:AssumeRoleWithWebIdentity"))) continue;
    const provider = s.federated.map((f) => /oidc-provider\/(.+)$/.exec(f)?.[1]).find((p): p is string => !!p);
    if (!provider) continue;
    const subKey = `${provider.toLowerCase()}:sub`;
    const audKey = `${provider.toLowerCase()}:aud`;
    const subs: SubCondition[] = [];
    let hasAudience = false;
    for (const [operator, keys] of s.conditions) {
      if (NEGATED.test(operator)) continue;
      const values = keys.get(subKey);
      if (values && /String/i.test(operator)) subs.push({ operator, like: /Like/i.test(operator), values });
      if (keys.has(audKey)) hasAudience = true;
    }
    out.push({ statement: s, provider, subs, hasAudience });
  }
  return out;
}

export interface RepoPattern {
  owner: string;
  repo: string;
  rest?: string;
}

/** `repo:OWNER/REPO[:rest]` split into its parts; undefined for other subject shapes. */
export function repoPattern(value: string): RepoPattern | undefined {
  const m = /^repo:([^/:]*)\/([^:]*)(?::(.*))?$/s.exec(value);
  if (!m) return undefined;
  return { owner: m[1] ?? "", repo: m[2] ?? "", ...(m[3] !== undefined ? { rest: m[3] } : {}) };
}

const WILDCARD = /[*?]/;

/** What one `sub` value admits. */
export function subBreadth(value: string, like: boolean): Breadth {
  if (!like) return "repo";
  const pattern = repoPattern(value);
  if (!pattern) {
    if (value.startsWith("*") || /^repo:[^/]*[*?]/.test(value)) return "any";
    return WILDCARD.test(value) ? "partial" : "repo";
  }
  if (WILDCARD.test(pattern.owner)) return "any";
  if (/^[*?]*$/.test(pattern.repo) || pattern.repo.startsWith("*")) return "org";
  return WILDCARD.test(pattern.repo) ? "partial" : "repo";
}

/**
 * What a statement admits: condition blocks are ANDed (the narrowest wins), values of one block are
 * ORed (the widest wins). No sub condition at all admits any repository on GitHub.
 */
export function statementBreadth(t: GithubTrustStatement): Breadth {
  if (t.subs.length === 0) return "none";
  return t.subs.map((c) => c.values.map((v) => subBreadth(v, c.like)).reduce(wider, "repo" as Breadth)).reduce(narrower, "none" as Breadth);
}

/** Whether a `sub` value can match a subject that starts with `repo:OWNER/REPO:`. */
export function subMatchesRepo(value: string, like: boolean, owner: string, repo: string): boolean {
  const pattern = repoPattern(value);
  if (!pattern) return like && (value === "*" || wildcardMatch(value, `repo:${owner}/${repo}:x`));
  if (!like) return pattern.owner.toLowerCase() === owner.toLowerCase() && pattern.repo.toLowerCase() === repo.toLowerCase();
  return wildcardMatch(pattern.owner, owner) && wildcardMatch(pattern.repo, repo);
}

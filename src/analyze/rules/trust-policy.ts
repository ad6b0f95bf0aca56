// GitHub OIDC trust policies: the statements that let a GitHub Actions token assume a role, and what
// their `sub` conditions admit — any repository on GitHub, any in one organization, some, or one.
// Negated conditions on `sub` (StringNotLike, as keyless writes beside a StringLike to keep GitHub's
// filter `*` from crossing '/') are kept apart: they only take subjects away, so breadth ignores
// them (never reads a trust narrower than it is), and they matter where a repository's subjects may
// all be taken away (KL112).
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
  /** StringNot… conditions on `sub`: a subject matching any of their values is refused. */
  notSubs: SubCondition[];
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
    const notSubs: SubCondition[] = [];
    let hasAudience = false;
    for (const [operator, keys] of s.conditions) {
      const values = keys.get(subKey);
      // ForAnyValue/ForAllValues and IfExists forms of a negation are read as nothing taken away.
      if (NEGATED.test(operator)) {
        if (values && /^StringNot(Equals|Like)$/i.test(operator)) notSubs.push({ operator, like: /Like/i.test(operator), values });
        continue;
      }
      if (values && /String/i.test(operator)) subs.push({ operator, like: /Like/i.test(operator), values });
      if (keys.has(audKey)) hasAudience = true;
    }
    out.push({ statement: s, provider, subs, notSubs, hasAudience });
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

/**
 * Whether the statement admits some subject of the repository `repo:OWNER/REPO:…`: every positive
 * `sub` condition has a value that can match it, and no negated value takes all of them away.
 */
export function statementAdmitsRepo(t: GithubTrustStatement, owner: string, repo: string): boolean {
  if (t.subs.length === 0) return false;
  if (!t.subs.every((c) => c.values.some((v) => subMatchesRepo(v, c.like, owner, repo)))) return false;
  return !t.notSubs.some((c) => c.like && c.values.some((v) => coversAllAfter(v, `repo:${owner}/${repo}:`)));
}

/**
 * Whether the StringLike pattern matches every text that starts with `prefix` (then any text): some
 * way of reading `prefix` leaves the pattern with nothing but `*`. Positions are tracked as a set,
 * in linear time (trust policies come from the accounts keyless reads).
 */
export function coversAllAfter(pattern: string, prefix: string): boolean {
  // Case-sensitive, as IAM's StringNotLike is.
  const lower = pattern;
  const text = prefix;
  const close = (states: Set<number>) => {
    for (const i of states) if (lower[i] === "*") states.add(i + 1);
    return states;
  };
  let states = close(new Set([0]));
  for (const c of text) {
    const next = new Set<number>();
    for (const i of states) {
      const p = lower[i];
      if (p === "*") next.add(i);
      else if (p === "?" || p === c) next.add(i + 1);
    }
    states = close(next);
    if (states.size === 0) return false;
  }
  return [...states].some((i) => /^\*+$/.test(lower.slice(i)));
}

// The `sub` claim GitHub will put in a job's OIDC token, written as an IAM condition value: the
// repo part (owner/name, the immutable owner@id/name@id form, or a custom include_claim_keys
// template) and the context part (environment, branch or tag). Exact subjects use StringEquals;
// StringLike appears only where a pattern is needed, with IAM's own escapes for literal characters.
// IAM's `*` matches any text, `:` included, so a wildcard may only close a subject that the
// repository's own claims open: an unknown claim is never a wildcard (repo-plan.ts blocks it).
// GitHub's `*` in a branch or tag filter (text without `/`) is kept exact with a StringNotLike next
// to the StringLike (see render).
import type { Repo } from "../inventory/schema.js";
import type { TrustedSubject } from "./schema.js";
import type { RunnerKind } from "./workflow-text.js";

/** GitHub's immutable `repo:owner@ID/name@ID` subject is the default for repos created from this day on. */
export const IMMUTABLE_SUBJECT_SINCE = "2026-07-15T00:00:00Z";

/**
 * What the job's subject is scoped to. In `ref`, `*` is a wildcard (git forbids it in ref names):
 * any text, or with `segment` text without `/` (GitHub's filter `*`: `release/*` is not release/a/b).
 */
export type Context = { kind: "environment"; name: string } | { kind: "ref"; ref: string; segment?: boolean };

/** How a segment pattern is told apart from IAM's any-text `*` in the plan's texts. */
export const SEGMENT_NOTE = " (* stops at /)";

/** The context as the plan shows it (TrustedSubject.context, role descriptions). */
export function contextText(c: Context): string {
  return c.kind === "environment" ? `environment:${c.name}` : `ref:${c.ref}${c.segment && c.ref.includes("*") ? SEGMENT_NOTE : ""}`;
}

/** The context as the `sub` claim writes it. */
function contextClaim(c: Context): string {
  return c.kind === "environment" ? `environment:${c.name}` : `ref:${c.ref}`;
}

export interface SubjectFormat {
  format: "name" | "immutable" | "custom";
  /** Default and immutable forms: `repo:owner/name` or `repo:owner@id/name@id`. */
  repoPart: string;
  /** Custom template keys, in GitHub's order. */
  keys?: string[];
  why: string;
}

// How the Inventory records the immutable form until discover keeps `use_immutable_subject`: the
// repository's template lists exactly the two id claims (the sandbox's GitHub serves it that way).
const ID_PAIR = ["repository_owner_id", "repository_id"];

export function subjectFormatFor(repo: Repo, override: "name" | "immutable" | undefined, githubCom: boolean): SubjectFormat {
  const named = `repo:${repo.owner}/${repo.name}`;
  const immutable = `repo:${repo.owner}@${repo.ownerId}/${repo.name}@${repo.id}`;
  // Fields a newer discover may record; the schema of today drops them, so they are read loosely.
  const extra = (repo.oidcSubject ?? {}) as { useImmutableSubject?: boolean; subClaimPrefix?: string };
  const keys = repo.oidcSubject?.useDefault === false ? (repo.oidcSubject.includeClaimKeys ?? []) : [];
  const idPair = keys.length === ID_PAIR.length && ID_PAIR.every((k, i) => keys[i] === k);
  if (override) return { format: override, repoPart: override === "immutable" ? immutable : named, why: "keyless.config.yaml says so" };
  if (keys.length > 0 && !idPair) {
    const imm = githubCom && (extra.useImmutableSubject ?? Date.parse(repo.createdAt) >= Date.parse(IMMUTABLE_SUBJECT_SINCE));
    return { format: "custom", repoPart: imm ? immutable : named, keys, why: `the repository's OIDC subject template includes ${keys.join(", ")}` };
  }
  if (!githubCom) return { format: "name", repoPart: named, why: "GitHub Enterprise Server has no immutable subjects" };
  if (extra.subClaimPrefix) {
    return { format: extra.subClaimPrefix === named ? "name" : "immutable", repoPart: extra.subClaimPrefix, why: "the repository's OIDC settings report this prefix" };
  }
  if (extra.useImmutableSubject === true || idPair) return { format: "immutable", repoPart: immutable, why: "the repository's OIDC settings use the immutable subject" };
  if (extra.useImmutableSubject === undefined && Date.parse(repo.createdAt) >= Date.parse(IMMUTABLE_SUBJECT_SINCE)) {
    return { format: "immutable", repoPart: immutable, why: `the repository was created on or after ${IMMUTABLE_SUBJECT_SINCE.slice(0, 10)}` };
  }
  return { format: "name", repoPart: named, why: "GitHub's default subject" };
}

/** A piece of a subject: literal text, or a wildcard (`segment`: text without `/`). */
type Part = { literal: string } | { any: true; segment?: boolean };

export interface SubjectInput {
  context: Context;
  /** The workflow file whose job runs the steps (job_workflow_ref in custom templates). */
  workflowPath: string;
  runner?: RunnerKind;
  /** Values the config pins for claims keyless cannot know (plan.repos.<repo>.claims). */
  claims?: Record<string, string>;
}

export interface BuiltSubject {
  subject: Omit<TrustedSubject, "why">;
  /** Claims of a custom template that cannot be known before the run: no trust may be planned. */
  unknownClaims: string[];
  /** Claims before the repository's whose values may contain `:`, so another token could carry the same text. */
  ambiguousClaims: string[];
  /** Claims holding a wildcard with other claims after them: IAM's `*` would absorb those. */
  wildcardClaims: string[];
  /** Whether the subject pins the repository (never false for default and immutable forms). */
  repoScoped: boolean;
  /** Whether the subject pins the ref or environment. */
  contextScoped: boolean;
}

/** Claims that name the calling repository (job_workflow_ref does not: other repositories may call that workflow). */
const REPO_CLAIMS = new Set(["repo", "repository", "repository_id"]);
/**
 * Claims whose values GitHub never writes with a `:` (names, ids, refs, fixed words). A subject is
 * read from its start: while every claim up to the repository's is one of these, a token whose
 * subject has the same text must come from the same repository.
 */
const COLON_FREE = new Set([
  "repo", "repository", "repository_owner", "repository_owner_id", "repository_id", "repository_visibility",
  "ref", "ref_type", "runner_environment", "actor", "actor_id", "event_name", "sha", "base_ref", "head_ref",
]);

export function buildSubject(repo: Repo, format: SubjectFormat, input: SubjectInput): BuiltSubject {
  const context = contextParts(input.context);
  const none = { unknownClaims: [], ambiguousClaims: [], wildcardClaims: [] };
  if (format.format !== "custom" || !format.keys) {
    return { subject: render([{ literal: `${format.repoPart}:` }, ...context], contextText(input.context)), ...none, repoScoped: true, contextScoped: true };
  }
  const keys = format.keys;
  const parts: Part[] = [];
  const unknownClaims: string[] = [];
  const wildcardClaims: string[] = [];
  let contextScoped = false;
  keys.forEach((key, i) => {
    // `context` is written bare (environment:prod, ref:refs/heads/main); every other claim as key:value.
    parts.push({ literal: `${i === 0 ? "" : ":"}${key === "context" ? "" : `${key}:`}` });
    const pinned = input.claims?.[key];
    const value = claimValue(repo, format, key, input) ?? (pinned !== undefined ? [{ literal: pinned }] : undefined);
    if (value === undefined) {
      unknownClaims.push(key);
      return;
    }
    if (i < keys.length - 1 && value.some((p) => "any" in p)) wildcardClaims.push(key);
    if (["context", "ref", "environment", "job_workflow_ref"].includes(key)) contextScoped = true;
    parts.push(...value);
  });
  const anchor = keys.findIndex((k) => REPO_CLAIMS.has(k));
  const colonFree = (k: string) => COLON_FREE.has(k) || (k === "context" && input.context.kind === "ref");
  const ambiguousClaims = anchor < 0 ? [] : keys.slice(0, anchor).filter((k) => !colonFree(k));
  return { subject: render(parts, contextText(input.context)), unknownClaims, ambiguousClaims, wildcardClaims, repoScoped: anchor >= 0, contextScoped };
}

function claimValue(repo: Repo, format: SubjectFormat, key: string, input: SubjectInput): Part[] | undefined {
  const lit = (literal: string): Part[] => [{ literal }];
  const c = input.context;
  switch (key) {
    case "repo":
      return lit(format.repoPart.replace(/^repo:/, ""));
    case "context":
      return contextParts(c);
    case "repository":
      return lit(`${repo.owner}/${repo.name}`);
    case "repository_owner":
      return lit(repo.owner);
    case "repository_owner_id":
      return lit(String(repo.ownerId));
    case "repository_id":
      return lit(String(repo.id));
    case "repository_visibility":
      return lit(repo.visibility);
    case "environment":
      return c.kind === "environment" ? lit(c.name) : undefined;
    case "ref":
      return c.kind === "ref" ? refParts(c.ref, c.segment) : undefined;
    case "ref_type":
      return c.kind === "ref" ? lit(c.ref.startsWith("refs/tags/") ? "tag" : "branch") : undefined;
    case "job_workflow_ref":
      return c.kind === "ref" ? [{ literal: `${repo.owner}/${repo.name}/${input.workflowPath}@` }, ...refParts(c.ref, c.segment)] : undefined;
    case "runner_environment":
      return input.runner === "github-hosted" || input.runner === "self-hosted" ? lit(input.runner) : undefined;
    default:
      return undefined;
  }
}

function contextParts(c: Context): Part[] {
  return c.kind === "ref" ? refParts(contextClaim(c), c.segment) : [{ literal: contextClaim(c) }];
}

/** A ref (or `ref:…` context) whose `*` are wildcards; other text is literal. */
function refParts(text: string, segment: boolean | undefined): Part[] {
  const parts: Part[] = [];
  text.split("*").forEach((piece, i) => {
    if (i > 0) parts.push(segment ? { any: true, segment: true } : { any: true });
    if (piece) parts.push({ literal: piece });
  });
  return parts;
}

function render(parts: Part[], context: string): Omit<TrustedSubject, "why"> {
  const literal = parts.every((p) => "literal" in p);
  const text = parts.map((p) => ("literal" in p ? p.literal : "")).join("");
  // IAM substitutes `${…}` in condition values, so a literal `${` needs its escape, which only
  // StringLike is certain to honour; `*` and `?` are escaped there too.
  if (literal && !text.includes("${")) return { value: text, operator: "StringEquals", context };
  const like = (ps: Part[]) => ps.map((p) => ("literal" in p ? iamLikeEscape(p.literal) : "*")).join("");
  const notLike = parts.flatMap((p, i) => ("any" in p && p.segment ? [like([...parts.slice(0, i), { any: true }, { literal: "/" }, { any: true }, ...parts.slice(i + 1)])] : []));
  return { value: like(parts), operator: "StringLike", context, ...(notLike.length > 0 ? { notLike } : {}) };
}

// Why `StringLike W` and `StringNotLike N1…Nk` admit exactly GitHub's refs. W is the subject with
// each segment `*` (GitHub's: text without `/`) written as IAM's `*` (any text); Ni is W with its
// i-th `*` written `*/*`. A subject s matches W through one or more splits into the literal pieces
// and the text each `*` takes. Every split of s puts all of W's literal `/` in the literals, so the
// `/` the `*` take number count(s) − count(literals) in every split alike: either every split has
// a `*` holding a `/` or none does. GitHub's set is "some split where no `*` holds a `/`"; Ni is "some
// split where the i-th `*` holds a `/`". So s ∈ W minus (N1 ∪ … ∪ Nk) ⇔ s ∈ W and no split gives a
// `*` a `/` ⇔ s is in GitHub's set: the sets are equal, not just one inside the other. The empty
// text is GitHub's as well (`release/*` matches `release/`, which is no valid ref name anyway).
// Escapes (`${*}`) hold no `/`, and the argument needs the `/` in literals only to be fixed. It holds
// only when every `*` of W is a segment one (a `**` beside a `*` could trade `/` with it), which is
// why such filters stay refused (ref-glob.ts isSegmentFilter). The NotLike values of one subject
// exclude refs of another written in the same statement, so each such subject gets a statement of
// its own (trust.ts); IAM ORs statements.

export function iamLikeEscape(text: string): string {
  return text.replace(/\$\{|\*|\?/g, (m) => (m === "${" ? "${$}{" : m === "*" ? "${*}" : "${?}"));
}

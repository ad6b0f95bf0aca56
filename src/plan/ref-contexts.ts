// The refs a job without an environment is trusted on: what its triggers run it on, intersected with
// what its `if:` lets through, never wider than either. GitHub's `*` stops at `/`, IAM's does not: a
// filter of literals and single `*` is kept exact as a segment pattern (a StringLike less a
// StringNotLike, subjects.ts), one of literals and `**` as IAM's `*`. A set IAM cannot express
// exactly (`*` beside `**`; `?`, `+`, `[…]`; a later `!`) is refused with a blocker, unless the
// config names the refs (plan.repos.<repo>.refs, written as filters are: `*` stops at `/`, `**` does
// not): they then replace the job's pattern, each kept only where the triggers and the `if:` allow it.
import type { Triggers, TriggerEvent } from "../analyze/workflows/index.js";
import type { Repo } from "../inventory/schema.js";
import type { Consumer } from "./consumers.js";
import { filterContains, filterListMatches, filterToIam, isSegmentFilter } from "./ref-glob.js";
import type { Issue } from "./schema.js";
import type { Context } from "./subjects.js";
import type { RefRestriction, WorkflowTexts } from "./workflow-text.js";

export const PULL_REQUEST = new Set(["pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment"]);
/** Events whose runs use the default branch's ref. */
const DEFAULT_BRANCH = new Set([
  "workflow_dispatch", "schedule", "repository_dispatch", "workflow_run", "issue_comment", "issues", "discussion",
  "discussion_comment", "watch", "fork", "gollum", "label", "milestone", "project", "project_card", "project_column",
  "public", "page_build", "status", "check_run", "check_suite", "branch_protection_rule", "registry_package",
]);
/** Events whose runs use a ref nobody can predict (the created ref, the deployment's ref, a merge queue branch). */
const ANY_REF = new Set(["create", "delete", "deployment", "deployment_status", "merge_group"]);

type IssueFn = (s: Issue["severity"], code: string, m: string, r?: string) => void;

/** Where a trusted ref comes from: one ref, or pattern `index` of a filter list (full refs, GitHub's order). */
type Source = { exact: string } | { patterns: string[]; index: number; filter: string; kind: "branch" | "tag" };
interface Found {
  source: Source;
  why: string;
}
/** A ref or ref pattern IAM holds exactly: `*` is any text, or with `segment` text without `/`. */
interface RefPattern {
  ref: string;
  segment?: boolean;
}

export function refContexts(consumer: Consumer, repo: Repo, texts: WorkflowTexts, jobLabel: string, issue: IssueFn, refs?: string[]): Array<{ context: Context; why: string }> {
  const triggers: Triggers | undefined = consumer.triggers;
  const gates = consumer.gates.map((g) => texts.job(consumer.repo, g.path, g.job));
  const restrictions = gates.flatMap((g) => g.refRestrictions);
  const allowedEvents = gates.reduce<string[] | undefined>((acc, g) => (g.events ? (acc ? acc.filter((e) => g.events?.includes(e)) : g.events) : acc), undefined);
  const details = (triggers?.details ?? []).filter((d) => d.name !== "workflow_call" && (!allowedEvents || allowedEvents.includes(d.name)));
  const found: Found[] = [];
  const pr: string[] = [];
  for (const d of details) {
    if (PULL_REQUEST.has(d.name)) pr.push(d.name);
    else if (d.name === "push") found.push(...pushSources(d, repo, jobLabel, issue));
    else if (d.name === "release") {
      // A release runs on its tag, and any tag name (with `/` too) can be a release's.
      found.push({ source: { patterns: ["refs/tags/**"], index: 0, filter: "**", kind: "tag" }, why: `${jobLabel} runs on release events (the release's tag)` });
    } else if (ANY_REF.has(d.name)) {
      issue("warning", "UnpredictableRef", `${jobLabel} runs on ${d.name} events, whose ref cannot be known in advance; those runs are not trusted.`);
    } else {
      if (!DEFAULT_BRANCH.has(d.name)) issue("warning", "UnknownEvent", `${jobLabel} runs on ${d.name}; keyless assumes it runs on the default branch.`);
      found.push({ source: { exact: `refs/heads/${repo.defaultBranch}` }, why: `${jobLabel} runs on ${d.name} (default branch ${repo.defaultBranch})` });
    }
  }
  if (pr.length > 0) {
    issue(
      found.length === 0 ? "blocker" : "warning",
      "PullRequestSubject",
      `${jobLabel} runs on ${[...new Set(pr)].join(", ")}: a deploy role never trusts the pull_request subject${found.length > 0 ? ", so those runs will no longer get AWS credentials" : ", and the job has no other trigger"}.`,
      found.length === 0 ? "Deploy from a push to a branch or from an environment; keep pull request jobs to checks without AWS credentials." : undefined,
    );
  }
  const kept: Array<{ context: Context; why: string }> = [];
  const wides: Array<{ f: Found; wide: string }> = [];
  const named = (refs ?? []).map((r) => ({ text: r, pattern: configuredPattern(r) }));
  for (const { text, pattern } of named) {
    if (!pattern) issue("warning", "ConfiguredRefPattern", `${jobLabel}: keyless.config.yaml names ${text}, which mixes * and **; IAM cannot hold that exactly, so it is not trusted.`, "Write the refs with * (no '/') or with ** (any text), not both.");
  }
  const context = (p: RefPattern): Context => ({ kind: "ref", ref: p.ref, ...(p.segment && p.ref.includes("*") ? { segment: true } : {}) });
  for (const f of found) {
    const result = narrow(f.source, restrictions);
    // Configured refs replace a pattern (exact or not): a custom subject template may need exact refs.
    const configured = "refs" in result && result.refs.every((r) => !r.ref.includes("*")) ? [] : named.flatMap((n) => (n.pattern && configuredFits(n.pattern, f.source, restrictions) ? [{ ...n, pattern: n.pattern }] : []));
    if ("refs" in result && configured.length === 0) {
      kept.push(...result.refs.map((ref) => ({ context: context(ref), why: f.why })));
      continue;
    }
    if (configured.length > 0) {
      kept.push(...configured.map((n) => ({ context: context(n.pattern), why: `${f.why}; keyless.config.yaml names ${n.text}` })));
      continue;
    }
    wides.push({ f, wide: (result as { wide: string }).wide });
  }
  // A filter IAM cannot express is no matter when another trigger of the job already runs on all of
  // it (push tags v* beside release events, which run on any tag): the trust is that trigger's.
  const covering = kept.flatMap((k) => (k.context.kind === "ref" && k.context.ref.includes("*") ? [asFilter(k.context)] : []));
  const uncovered = wides.filter(({ wide }) => !covering.some((c) => filterContains(c, wide)));
  for (const { f, wide } of uncovered) {
    const s = f.source as Extract<Source, { patterns: string[] }>;
    issue(
      "blocker",
      "InexactRefPattern",
      `${jobLabel}: the ${s.kind} filter ${s.filter}${restrictions.length > 0 ? " with its if:" : ""} runs on refs IAM cannot match exactly: ${wide} would also admit refs GitHub never runs the job on (IAM's * matches '/' and ':'; a * beside a **, ?, +, [...] and a later ! have no exact IAM form).`,
      `Name the refs it deploys from under plan.repos.${repo.fullName}.refs in keyless.config.yaml (refs/heads/... or refs/tags/...; * there stops at '/' as in a filter, ** does not), or use ** in the filter when every ref below it may deploy.`,
    );
  }
  if (found.length > 0 && kept.length === 0 && uncovered.length === 0) {
    issue("blocker", "NoTrustableRef", `${jobLabel}: its triggers and its \`if:\` leave no ref to trust.`, "Check the job's triggers and condition.");
  }
  if (found.length === 0 && pr.length === 0 && !(triggers?.details ?? []).some((d) => ANY_REF.has(d.name))) {
    issue("blocker", "NoTrigger", `${jobLabel}: keyless found no trigger that starts it, so the subject to trust is unknown.`);
  }
  return kept;
}

function pushSources(d: TriggerEvent, repo: Repo, jobLabel: string, issue: IssueFn): Found[] {
  const out: Found[] = [];
  const branches = d.branches ?? [];
  const tags = d.tags ?? [];
  for (const [list, prefix, kind] of [[branches, "refs/heads/", "branch"], [tags, "refs/tags/", "tag"]] as const) {
    const patterns = list.map((p) => (p.startsWith("!") ? `!${prefix}${p.slice(1)}` : `${prefix}${p}`));
    list.forEach((filter, index) => {
      if (!filter.startsWith("!")) out.push({ source: { patterns, index, filter, kind }, why: `${jobLabel} runs on push to ${kind} ${filter}` });
    });
  }
  if (branches.length === 0 && tags.length === 0) {
    const ignored = (d.branchesIgnore ?? []).some((p) => filterListMatches([p], repo.defaultBranch));
    issue(
      "warning",
      "AnyBranchPush",
      `${jobLabel} runs on a push to any branch${d.branchesIgnore ? " (except the ignored ones)" : ""}; the trust allows only the default branch ${repo.defaultBranch}${ignored ? ", which its branches-ignore leaves out, so none" : ""}, so pushes elsewhere will no longer get AWS credentials.`,
      "Add the branches that really deploy to the workflow's push filter.",
    );
    if (!ignored) out.push({ source: { exact: `refs/heads/${repo.defaultBranch}` }, why: `${jobLabel} runs on push (default branch ${repo.defaultBranch})` });
  }
  return out;
}

function member(source: Source, ref: string): boolean {
  return "exact" in source ? source.exact === ref : filterListMatches(source.patterns, ref);
}

/** Whether every ref the pattern admits is one the source runs on (no later `!` may cut into it). */
function contains(source: Source, p: RefPattern): boolean {
  if ("exact" in source) return source.exact === p.ref;
  if (source.patterns.slice(source.index + 1).some((x) => x.startsWith("!"))) return false;
  return filterContains(source.patterns[source.index] as string, p.ref, p.segment);
}

/**
 * The source intersected with the `if:` restrictions (all must hold): exact refs when the condition
 * names refs, else one pattern that is checked to lie inside the filter; `wide` (IAM text) when no
 * pattern IAM can hold is inside it.
 */
function narrow(source: Source, restrictions: RefRestriction[]): { refs: RefPattern[] } | { wide: string } {
  const prefixes = restrictions.flatMap((r) => ("prefix" in r ? [r.prefix] : []));
  let named: string[] | undefined;
  for (const r of restrictions) {
    const refs = "exact" in r ? [r.exact] : "name" in r ? [`refs/heads/${r.name}`, `refs/tags/${r.name}`] : undefined;
    if (refs) named = named ? named.filter((n) => refs.includes(n)) : refs;
  }
  const fits = (ref: string) => !ref.includes("*") && member(source, ref) && prefixes.every((p) => ref.startsWith(p));
  if (named) return { refs: named.filter(fits).map((ref) => ({ ref })) };
  const filter = "exact" in source ? undefined : (source.patterns[source.index] as string);
  const start = filter === undefined ? (source as { exact: string }).exact : filterToIam(filter);
  if (start === undefined) return { refs: [] };
  // Only literals and GitHub's single `*`: exact in IAM as a segment pattern.
  const segment = filter !== undefined && isSegmentFilter(filter);
  let iam: string = start;
  if (!iam.includes("*")) return { refs: fits(iam) ? [{ ref: iam }] : [] };
  for (const p of prefixes) {
    const fixed = iam.slice(0, iam.indexOf("*"));
    if (p.includes("*")) return { refs: [] };
    if (fixed.startsWith(p)) continue;
    if (!p.startsWith(fixed)) return { refs: [] };
    // The prefix reaches into the pattern's first wildcard: `*-prod` from `eu` is `eu*-prod`.
    iam = `${p}${iam.slice(fixed.length)}`;
  }
  const pattern = { ref: iam, ...(segment ? { segment } : {}) };
  return contains(source, pattern) ? { refs: [pattern] } : { wide: iam };
}

/** A configured ref as a pattern: `*` stops at `/` (as in a filter), `**` does not; undefined when both. */
function configuredPattern(ref: string): RefPattern | undefined {
  const double = /\*\*+/.test(ref);
  const single = /(^|[^*])\*($|[^*])/.test(ref);
  if (double && single) return undefined;
  return double ? { ref: ref.replace(/\*\*+/g, "*") } : { ref, ...(single ? { segment: true } : {}) };
}

/**
 * A ref the config names for a job keyless cannot express exactly: an exact ref is kept when the job
 * runs on it; a pattern when everything it admits lies inside the filter and inside every
 * `startsWith` of the `if:`.
 */
function configuredFits(p: RefPattern, source: Source, restrictions: RefRestriction[]): boolean {
  if (!p.ref.includes("*")) {
    const own = narrow({ exact: p.ref }, restrictions);
    return "refs" in own && own.refs.length > 0 && member(source, p.ref);
  }
  if ("exact" in source || restrictions.some((r) => !("prefix" in r))) return false;
  const fixed = p.ref.slice(0, p.ref.indexOf("*"));
  if (!restrictions.every((r) => "prefix" in r && fixed.startsWith(r.prefix))) return false;
  return contains(source, p);
}

/** A kept pattern as a filter with the same meaning: a segment `*` stays `*`, IAM's becomes `**`. */
function asFilter(c: Extract<Context, { kind: "ref" }>): string {
  const escaped = c.ref.replace(/[\\?+[\]!]/g, "\\$&");
  return c.segment ? escaped : escaped.replace(/\*/g, "**");
}

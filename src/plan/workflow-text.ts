// Two facts about a job that the workflow analyzer does not carry, read from the file text in the
// Inventory: where it runs (`runs-on`, for self-hosted runners) and which refs its `if:` lets through
// (a job gated on `github.ref == 'refs/heads/main'` deploys only from main, whatever its triggers).
import { isCollection, parseDocument, type Document } from "yaml";

export type RunnerKind = "github-hosted" | "self-hosted" | "custom" | "unknown";

export interface RunnerInfo {
  kind: RunnerKind;
  labels: string[];
}

/** One conjunct of a job condition that restricts the ref: an exact ref, a ref prefix, or a ref name. */
export type RefRestriction = { exact: string } | { prefix: string } | { name: string };

export interface JobFacts {
  runner?: RunnerInfo;
  /** Every restriction must hold (they come from `&&` conjuncts). */
  refRestrictions: RefRestriction[];
  /** Events the condition allows (`github.event_name == 'push'`), when it names them. */
  events?: string[];
}

type Parsed = Document | undefined;

const HOSTED = /^(ubuntu|windows|macos)-[\w.-]+$/i;

export class WorkflowTexts {
  private readonly cache = new Map<string, Parsed>();

  constructor(private readonly files: (repo: string, path: string) => string | undefined) {}

  job(repo: string, path: string, job: string): JobFacts {
    const doc = this.doc(repo, path);
    if (!doc || !isCollection(doc.getIn(["jobs", job], true))) return { refRestrictions: [] };
    // Only the two values are turned into JS: converting whole documents is most of the cost.
    const value = (key: string): unknown => {
      const node = doc.getIn(["jobs", job, key], false);
      return isCollection(node) ? node.toJSON() : node;
    };
    const condition = value("if");
    const runsOn = value("runs-on");
    return { ...(typeof condition === "string" ? readCondition(condition) : { refRestrictions: [] }), ...(runsOn !== undefined ? { runner: readRunner(runsOn) } : {}) };
  }

  private doc(repo: string, path: string): Parsed {
    const key = `${repo}\n${path}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const text = this.files(repo, path);
    const doc = text === undefined ? undefined : parseDocument(text, { uniqueKeys: false });
    // A file with errors was reported by the analyzer; no facts is the safe answer.
    const parsed = doc && doc.errors.length === 0 ? doc : undefined;
    this.cache.set(key, parsed);
    return parsed;
  }
}

export function readRunner(value: unknown): RunnerInfo {
  const labels: string[] = [];
  let group = false;
  if (typeof value === "string") labels.push(value);
  else if (Array.isArray(value)) labels.push(...value.filter((v): v is string => typeof v === "string"));
  else if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    group = typeof v.group === "string";
    if (typeof v.labels === "string") labels.push(v.labels);
    else if (Array.isArray(v.labels)) labels.push(...v.labels.filter((l): l is string => typeof l === "string"));
  }
  if (labels.some((l) => l.includes("${{")) || (labels.length === 0 && !group)) return { kind: "unknown", labels };
  if (labels.some((l) => l.toLowerCase() === "self-hosted")) return { kind: "self-hosted", labels };
  if (!group && labels.every((l) => HOSTED.test(l))) return { kind: "github-hosted", labels };
  return { kind: "custom", labels: group ? [`group:${String((value as Record<string, unknown>).group)}`, ...labels] : labels };
}

/**
 * Reads ref and event restrictions from a job condition. Only a plain conjunction is read: with `||`
 * anywhere, narrowing would be unsound, so nothing is narrowed.
 */
export function readCondition(text: string): Pick<JobFacts, "refRestrictions" | "events"> {
  let expr = text.trim();
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(expr);
  if (wrapped?.[1] !== undefined) expr = wrapped[1].trim();
  if (expr.includes("${{") || /\|\|/.test(stripStrings(expr))) return { refRestrictions: [] };
  const refRestrictions: RefRestriction[] = [];
  let events: string[] | undefined;
  for (const part of conjuncts(expr)) {
    const eq = /^(?:github\.ref\s*==\s*'([^']*)'|'([^']*)'\s*==\s*github\.ref)$/.exec(part);
    const starts = /^startsWith\(\s*github\.ref\s*,\s*'([^']*)'\s*\)$/i.exec(part);
    const name = /^(?:github\.ref_name\s*==\s*'([^']*)'|'([^']*)'\s*==\s*github\.ref_name)$/.exec(part);
    const event = /^(?:github\.event_name\s*==\s*'([^']*)'|'([^']*)'\s*==\s*github\.event_name)$/.exec(part);
    if (eq) refRestrictions.push({ exact: eq[1] ?? eq[2] ?? "" });
    else if (starts) refRestrictions.push({ prefix: starts[1] ?? "" });
    else if (name) refRestrictions.push({ name: name[1] ?? name[2] ?? "" });
    else if (event) {
      const e = event[1] ?? event[2] ?? "";
      events = events ? events.filter((x) => x === e) : [e];
    }
  }
  return { refRestrictions, ...(events ? { events } : {}) };
}

function stripStrings(expr: string): string {
  return expr.replace(/'(?:[^']|'')*'/g, "''");
}

/** Splits on top-level `&&`, outside strings and parentheses. */
function splitAnd(expr: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === "'") inString = !inString;
    else if (inString) continue;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "&" && expr[i + 1] === "&" && depth === 0) {
      parts.push(expr.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  parts.push(expr.slice(start));
  return parts;
}

/** `a && (b && c)` → [a, b, c]: parentheses around a conjunction do not change it. */
function conjuncts(expr: string): string[] {
  return splitAnd(expr).flatMap((raw) => {
    let part = raw.trim();
    while (part.startsWith("(") && part.endsWith(")") && balanced(part.slice(1, -1))) part = part.slice(1, -1).trim();
    return part === raw.trim() ? [part] : conjuncts(part);
  });
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of stripStrings(s)) {
    if (c === "(") depth++;
    else if (c === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

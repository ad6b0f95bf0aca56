// Which event a simulated run is, for a workflow's `on:` — a push to the default branch (with its
// branch and path filters), else the default-branch triggers someone would use to try a change
// (schedule, workflow_dispatch), else a tag push matching the workflow's tag filter.

export interface Trigger {
  event: "push" | "schedule" | "workflow_dispatch";
  ref: string;
}

type On = Record<string, unknown>;

/** The workflow's `on:` as a map of event → filters (a string or a list of names means no filters). */
export function triggersOf(doc: unknown): On {
  const on = (doc as Record<string, unknown> | null)?.["on"] ?? (doc as Record<string, unknown> | null)?.["true"];
  if (typeof on === "string") return { [on]: {} };
  if (Array.isArray(on)) return Object.fromEntries(on.filter((e): e is string => typeof e === "string").map((e) => [e, {}]));
  return on && typeof on === "object" ? (on as On) : {};
}

/** Whether a push of `branch` changing `paths` (undefined: not known) runs the workflow. */
export function pushRuns(on: On, branch: string, paths?: string[]): boolean {
  if (!("push" in on)) return false;
  const push = (on["push"] ?? {}) as Record<string, unknown>;
  const branches = list(push["branches"]);
  const ignore = list(push["branches-ignore"]);
  const tagsOnly = (push["tags"] !== undefined || push["tags-ignore"] !== undefined) && branches === undefined && ignore === undefined;
  if (tagsOnly) return false;
  if (branches !== undefined && !filterMatches(branches, branch)) return false;
  if (ignore !== undefined && ignore.some((p) => glob(p).test(branch))) return false;
  if (paths === undefined) return true;
  const only = list(push["paths"]);
  const skip = list(push["paths-ignore"]);
  if (only !== undefined && !paths.some((p) => filterMatches(only, p))) return false;
  if (skip !== undefined && paths.every((p) => skip.some((s) => glob(s).test(p)))) return false;
  return true;
}

/** The event a run of this workflow on the default branch would be, or undefined when none can run it there. */
export function triggerFor(on: On, defaultBranch: string): Trigger | undefined {
  const ref = `refs/heads/${defaultBranch}`;
  if (pushRuns(on, defaultBranch)) return { event: "push", ref };
  if ("schedule" in on) return { event: "schedule", ref };
  if ("workflow_dispatch" in on) return { event: "workflow_dispatch", ref };
  const push = on["push"] as Record<string, unknown> | null | undefined;
  const tags = list(push?.["tags"]);
  if (push !== undefined && tags !== undefined) {
    const pattern = tags.find((t) => !t.startsWith("!"));
    if (pattern !== undefined) return { event: "push", ref: `refs/tags/${exampleOf(pattern)}` };
  }
  return undefined;
}

/** A name the pattern matches: v*.*.* → v1.0.0 (wildcards become 1, then 0). */
function exampleOf(pattern: string): string {
  let n = 0;
  return pattern.replace(/\*\*|\*|\?|\[[^\]]*\]|\+/g, (m) => (m === "+" ? "" : n++ === 0 ? "1" : "0"));
}

/** GitHub filter lists: patterns in order, a `!pattern` excludes what earlier ones included. */
function filterMatches(patterns: string[], value: string): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith("!")) {
      if (glob(p.slice(1)).test(value)) matched = false;
    } else if (glob(p).test(value)) matched = true;
  }
  return matched;
}

/** GitHub's filter globs: `**` anything, `*` anything but `/`, `?` one character, `+` one or more. */
export function glob(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "*" && pattern[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += ".";
    else if (c === "+") source += "+";
    else if (c === "[") {
      const end = pattern.indexOf("]", i);
      source += end > i ? pattern.slice(i, end + 1) : "\\[";
      if (end > i) i = end;
    } else source += c.replace(/[.^$(){}|\\/]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

function list(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return (Array.isArray(value) ? value : [value]).map(String);
}

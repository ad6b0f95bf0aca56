// GitHub's branch and tag filter patterns, matched in linear time: `*` is any text without `/`, `**`
// any text, `?` makes the character before it optional, `+` repeats it, `[a-z0-9]` is one character
// of a set, `\` escapes. Patterns come from repositories (hostile input), so no backtracking regex
// is built from them: a pattern is a list of atoms run as an NFA over a set of positions, O(n·m).
//
// The same matcher decides whether an IAM pattern (whose `*` is any text, `/` and `:` included) is
// inside a filter: the IAM pattern is matched as text in which each `*` is one opaque symbol that
// only the filter's `**` can take. If that succeeds, every ref the IAM pattern admits is one GitHub
// would run on (a sound test: when it fails, keyless refuses rather than guesses). A pattern whose
// `*` each stand for one path segment's text (GitHub's `*`, kept exact in IAM with a StringNotLike,
// see segmentExclusions) is tested the same way with a second symbol that either kind of `*` takes.

type Atom = { kind: "char"; char: string } | { kind: "set"; ranges: Array<[string, string]> } | { kind: "any"; slash: boolean };
interface Step {
  atom: Atom;
  repeat: "one" | "optional" | "many";
}

/** The IAM wildcard inside a pattern being tested for containment (git forbids `*` in ref names). */
const IAM_ANY = "*";
/** GitHub's `*` (text without `/`) inside a pattern being tested for containment: no ref holds it. */
const SEGMENT_ANY = "\u0000";

export function compileFilter(pattern: string): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    const last = steps[steps.length - 1];
    if (c === "\\" && i + 1 < pattern.length) {
      steps.push({ atom: { kind: "char", char: pattern[++i] as string }, repeat: "one" });
    } else if (c === "*") {
      const double = pattern[i + 1] === "*";
      if (double) while (pattern[i + 1] === "*") i++;
      steps.push({ atom: { kind: "any", slash: double }, repeat: "many" });
    } else if ((c === "?" || c === "+") && last && last.repeat === "one") {
      // `x?` is zero or one x, `x+` one or more: x then zero or more x.
      if (c === "?") last.repeat = "optional";
      else steps.push({ atom: last.atom, repeat: "many" });
    } else if ((c === "?" || c === "+") && last) {
      // A quantifier after `*`, `x?` or `x*` adds nothing those do not already allow.
    } else if (c === "[" && pattern.indexOf("]", i + 2) > i) {
      const end = pattern.indexOf("]", i + 2);
      const body = pattern.slice(i + 1, end);
      const ranges: Array<[string, string]> = [];
      for (let j = 0; j < body.length; j++) {
        const from = body[j] as string;
        if (body[j + 1] === "-" && j + 2 < body.length) {
          ranges.push([from, body[j + 2] as string]);
          j += 2;
        } else ranges.push([from, from]);
      }
      steps.push({ atom: { kind: "set", ranges }, repeat: "one" });
      i = end;
    } else {
      steps.push({ atom: { kind: "char", char: c }, repeat: "one" });
    }
  }
  return steps;
}

function takes(atom: Atom, c: string): boolean {
  if (c === IAM_ANY) return atom.kind === "any" && atom.slash;
  if (c === SEGMENT_ANY) return atom.kind === "any";
  if (atom.kind === "char") return atom.char === c;
  if (atom.kind === "set") return atom.ranges.some(([a, b]) => c >= a && c <= b);
  return atom.slash || c !== "/";
}

/** Positions reachable without reading: past optional and repeated steps. */
function close(steps: Step[], states: Set<number>): Set<number> {
  const out = new Set(states);
  for (const s of out) {
    const step = steps[s];
    if (step && step.repeat !== "one") out.add(s + 1);
  }
  return out;
}

function run(steps: Step[], text: string): boolean {
  let states = close(steps, new Set([0]));
  for (const c of text) {
    const next = new Set<number>();
    for (const s of states) {
      const step = steps[s];
      if (!step || !takes(step.atom, c)) continue;
      next.add(step.repeat === "many" ? s : s + 1);
    }
    if (next.size === 0) return false;
    states = close(steps, next);
  }
  return states.has(steps.length);
}

/** Whether GitHub's filter `pattern` matches the ref (or ref name) `value`. */
export function filterMatches(pattern: string, value: string): boolean {
  if (value.includes(IAM_ANY) || value.includes(SEGMENT_ANY)) return false;
  return run(compileFilter(pattern), value);
}

/**
 * Whether every ref the IAM pattern `iam` admits (its `*` being any text, or with `segment` text
 * without `/`) is matched by the filter.
 */
export function filterContains(pattern: string, iam: string, segment = false): boolean {
  return run(compileFilter(pattern), segment ? iam.split(IAM_ANY).join(SEGMENT_ANY) : iam);
}

/**
 * Whether the filter holds only literal characters and GitHub's single `*` (at least one): the
 * filters IAM can hold exactly as a StringLike with the `*` read as IAM's, less segmentExclusions.
 */
export function isSegmentFilter(pattern: string): boolean {
  const steps = compileFilter(pattern);
  const plain = (s: Step) => (s.atom.kind === "char" && s.atom.char !== IAM_ANY && s.repeat === "one") || (s.atom.kind === "any" && !s.atom.slash);
  // `?`, `+` and `[…]` stay refused even where they add nothing (`*?`): IAM has no form for them.
  if (/[?+[]/.test(pattern.replace(/\\./g, ""))) return false;
  return steps.every(plain) && steps.some((s) => s.atom.kind === "any");
}

/** A filter list in GitHub's order: a ref is in when the last pattern that matches it is not a `!` one. */
export function filterListMatches(patterns: string[], value: string): boolean {
  let inside = false;
  for (const p of patterns) {
    if (p.startsWith("!")) {
      if (inside && filterMatches(p.slice(1), value)) inside = false;
    } else if (!inside && filterMatches(p, value)) inside = true;
  }
  return inside;
}

/**
 * The filter as IAM text: every wildcard and character set becomes `*` (wider; checked with
 * filterContains). Undefined when the filter needs a literal `*`, which no ref name can hold.
 */
export function filterToIam(pattern: string): string | undefined {
  let out = "";
  for (const step of compileFilter(pattern)) {
    if (step.atom.kind === "char" && step.atom.char === IAM_ANY) return undefined;
    const wild = step.atom.kind !== "char" || step.repeat !== "one";
    if (wild) out += out.endsWith("*") ? "" : "*";
    else out += (step.atom as { char: string }).char;
  }
  return out;
}

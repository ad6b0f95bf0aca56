// IAM-style wildcard matching (`*` any run of characters, `?` one character) in linear space and
// O(pattern × value) time at worst. Patterns come from trust policies read from AWS accounts and from
// the command line: a regex built from them backtracks exponentially on `*a*a*a…b`.

export interface WildcardOptions {
  /** Compare letters case-insensitively (IAM action names; GitHub owner and repository names). */
  ignoreCase?: boolean;
  /** Whether `?` is a wildcard (IAM) or a literal character. */
  question?: boolean;
}

export function wildcardMatch(pattern: string, value: string, options: WildcardOptions = {}): boolean {
  const p = options.ignoreCase ? pattern.toLowerCase() : pattern;
  const v = options.ignoreCase ? value.toLowerCase() : value;
  const question = options.question ?? true;
  let i = 0;
  let j = 0;
  // The last `*` seen and the value position it was tried at: on a mismatch it takes one more character.
  let star = -1;
  let mark = 0;
  while (j < v.length) {
    if (i < p.length && p[i] === "*") {
      star = i++;
      mark = j;
    } else if (i < p.length && (p[i] === v[j] || (question && p[i] === "?"))) {
      i++;
      j++;
    } else if (star !== -1) {
      i = star + 1;
      j = ++mark;
    } else {
      return false;
    }
  }
  while (i < p.length && p[i] === "*") i++;
  return i === p.length;
}

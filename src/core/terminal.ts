// Text from repositories on its way to a terminal. ESC starts the ANSI/OSC sequences that recolour,
// retitle, hyperlink, hide or rewrite output; a lone carriage return overwrites the line; bidi
// controls reorder what is shown. Each is written as a visible escape (`\x1b`, `\u202e`) instead, so
// a hostile name prints as itself and nothing after it changes meaning. Line feeds, tabs and CRLF
// line ends stay. Escaping the introducer is enough: the rest of a sequence is plain printable text.
// Hand-written rather than strip-ansi: that removes known sequences only and leaves other controls
// and bidi overrides in place.

const UNSAFE = /\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

function visible(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, "0")}` : `\\u${cp.toString(16).padStart(4, "0")}`;
}

/** `value` with every control character that could act on a terminal written out as an escape. */
export function terminalSafe(value: string): string {
  return value.replace(UNSAFE, visible);
}

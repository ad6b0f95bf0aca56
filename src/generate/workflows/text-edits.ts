// Text edits against the original file, applied by one pure function, and the line arithmetic they
// are computed with. Nothing outside an edit's range changes: comments, quoting, CRLF, a missing
// final newline all survive.

/** Replace `text.slice(offset, end)` with `text`; `offset === end` inserts. Offsets are UTF-16 indices. */
export interface TextEdit {
  offset: number;
  end: number;
  text: string;
}

export class OverlappingEditsError extends Error {
  constructor(a: TextEdit, b: TextEdit) {
    super(`edits overlap: [${a.offset}, ${a.end}) and [${b.offset}, ${b.end})`);
    this.name = "OverlappingEditsError";
  }
}

/**
 * Applies edits to the original text. Edits are sorted by position (inserts at one offset keep
 * their given order, before a replacement starting there); overlapping ranges are a bug and throw.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.offset - b.edit.offset || a.edit.end - b.edit.end || a.index - b.index)
    .map((x) => x.edit);
  let out = "";
  let at = 0;
  let previous: TextEdit | undefined;
  for (const edit of sorted) {
    if (edit.offset < 0 || edit.end < edit.offset || edit.end > text.length) {
      throw new RangeError(`edit [${edit.offset}, ${edit.end}) is outside the text (length ${text.length})`);
    }
    if (previous && edit.offset < previous.end) throw new OverlappingEditsError(previous, edit);
    out += text.slice(at, edit.offset) + edit.text;
    at = edit.end;
    previous = edit;
  }
  return out + text.slice(at);
}

/** The file's line break: CRLF when most lines end so, else LF. */
export function eolOf(text: string): string {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length;
  return crlf > 0 && crlf * 2 >= lf ? "\r\n" : "\n";
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Offset just after the line break of the line holding `offset` (text length on the last line). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl + 1;
}

/** End of a line's content (before CR/LF). */
export function lineContentEnd(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  const end = nl < 0 ? text.length : nl;
  return end > 0 && text[end - 1] === "\r" ? end - 1 : end;
}

/** Column (0-based) of an offset on its line. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The line holding `offset` has only spaces before it. */
export function onlySpacesBefore(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

/**
 * Where the text after a value ends on its line: after trailing spaces and a `# comment`, when only
 * those follow; undefined when other content follows on the same line.
 */
export function restOfLineEnd(text: string, offset: number): number | undefined {
  const end = lineContentEnd(text, offset);
  const rest = text.slice(offset, end);
  return /^[ \t]*(#.*)?$/.test(rest) ? end : undefined;
}

/** Offset after a value and whatever trails it on its line, through the line break. */
export function endOfValueLine(text: string, valueEnd: number): number {
  // Block scalars end after their last line break already.
  if (valueEnd > 0 && text[valueEnd - 1] === "\n") return valueEnd;
  return nextLineStart(text, valueEnd);
}

// A file's text with what every detector needs: offset → line/column, and where its comments are.
import type { Span } from "./types.js";

export interface Comment {
  offset: number;
  end: number;
  text: string;
}

export interface SourceFile {
  path: string;
  text: string;
  /** Offset where each line starts; lineStarts[0] === 0. */
  lineStarts: number[];
  /** YAML comments (never `#` inside scalars), in offset order. */
  comments: Comment[];
}

export function makeSource(path: string, text: string, comments: Comment[] = []): SourceFile {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return { path, text, lineStarts, comments };
}

/** 1-based line and column of an offset. */
export function position(src: SourceFile, offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = src.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((src.lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (src.lineStarts[lo] ?? 0) + 1 };
}

export function span(src: SourceFile, offset: number, endOffset: number): Span {
  const start = position(src, offset);
  const end = position(src, endOffset);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column, offset, endOffset };
}

/** The text of a 1-based line, without its line break. */
export function lineText(src: SourceFile, line: number): string {
  const start = src.lineStarts[line - 1];
  if (start === undefined) return "";
  const next = src.lineStarts[line] ?? src.text.length;
  return src.text.slice(start, next).replace(/\r?\n$/, "");
}

/** Index of the first comment starting at or after an offset (comments are sorted, never overlap). */
function firstCommentFrom(src: SourceFile, offset: number): number {
  let lo = 0;
  let hi = src.comments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((src.comments[mid]?.offset ?? 0) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function inComment(src: SourceFile, offset: number): boolean {
  const before = src.comments[firstCommentFrom(src, offset + 1) - 1];
  return before !== undefined && offset >= before.offset && offset < before.end;
}

/** A comment on the same line after an offset (a trailing `# v4.1.0` after a value). */
export function trailingComment(src: SourceFile, afterOffset: number): Comment | undefined {
  const next = src.comments[firstCommentFrom(src, afterOffset)];
  return next && position(src, next.offset).line === position(src, afterOffset).line ? next : undefined;
}

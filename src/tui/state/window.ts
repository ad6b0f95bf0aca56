// Windowing: a list or a text view shows only the rows that fit; these pick which. Pure, O(1) in
// the length of the list, so a 10,000-row list costs what a 20-row one does.

export function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}

/** The first visible row, moved as little as possible so that `cursor` stays in view. */
export function scrollOffset(cursor: number, offset: number, height: number, count: number): number {
  if (height <= 0 || count <= 0) return 0;
  let top = clamp(offset, 0, Math.max(0, count - height));
  if (cursor < top) top = cursor;
  else if (cursor >= top + height) top = cursor - height + 1;
  return clamp(top, 0, Math.max(0, count - height));
}

export interface Window<T> {
  rows: T[];
  /** Index of rows[0] in the whole list. */
  offset: number;
  count: number;
}

export function windowOf<T>(all: readonly T[], offset: number, height: number): Window<T> {
  const start = clamp(offset, 0, Math.max(0, all.length - height));
  return { rows: all.slice(start, start + Math.max(0, height)), offset: start, count: all.length };
}

/** "12–31 of 10,000" for a header; empty when everything fits. */
export function windowLabel(offset: number, shown: number, count: number): string {
  if (count <= shown) return `${count}`;
  return `${(offset + 1).toLocaleString("en-US")}–${(offset + shown).toLocaleString("en-US")} of ${count.toLocaleString("en-US")}`;
}

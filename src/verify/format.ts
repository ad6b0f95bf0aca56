// Times in verdicts: compared as instants (sources write ISO strings with and without
// milliseconds), shown to the minute.

export function ms(iso: string): number {
  return Date.parse(iso);
}

/** True when `a` is at or after `b`. */
export function atOrAfter(a: string, b: string): boolean {
  return ms(a) >= ms(b);
}

export function latestTime(times: Array<string | undefined>): string | undefined {
  let best: string | undefined;
  for (const t of times) if (t && (!best || ms(t) > ms(best))) best = t;
  return best;
}

export function earliestTime(times: Array<string | undefined>): string | undefined {
  let best: string | undefined;
  for (const t of times) if (t && (!best || ms(t) < ms(best))) best = t;
  return best;
}

/** 2026-11-20T12:00:00.000Z → 2026-11-20 12:00Z */
export function shortTime(iso: string): string {
  const t = ms(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().slice(0, 16).replace("T", " ") + "Z";
}

// Mutations of real workflow files for property-based tests (fast-check): the damage a hand edit,
// a bad merge, an editor or a hostile author does to YAML. Each mutation is plain data (so a
// failing case prints readably and shrinks) and applies to any text: positions are numbers taken
// modulo the text's lines or length when applied, so earlier mutations never make a later one
// invalid.
import fc from "fast-check";

/** Where a line-based mutation lands: any line, or one that mentions AWS or secrets (where the analyzer and patcher work). */
export interface LinePick {
  near: boolean;
  n: number;
}

export type Mutation =
  | { kind: "delete"; at: LinePick; count: number }
  | { kind: "duplicate"; at: LinePick; count: number }
  | { kind: "reindent"; at: LinePick; count: number; by: number }
  | { kind: "tab"; at: LinePick; inline: boolean }
  | { kind: "truncate"; at: number }
  | { kind: "unicode"; at: number; char: string }
  | { kind: "unicodeInLine"; at: LinePick; char: string; end: boolean }
  | { kind: "bom" }
  | { kind: "anchor"; from: LinePick; to: LinePick; merge: boolean }
  | { kind: "crlf"; only?: LinePick }
  | { kind: "longLine"; at: LinePick; length: number; where: "comment" | "value" | "line" };

/** BOM, NUL, zero-width, bidi overrides, line/paragraph separators, NEL, astral, lone surrogates. */
export const ODD_CHARS = [
  "\uFEFF",
  "\u0000",
  "\u200B",
  "\u200D",
  "\u2060",
  "\u202E",
  "\u202D",
  "\u2066",
  "\u2069",
  "\u2028",
  "\u2029",
  "\u0085",
  "\u00A0",
  "\u{1F600}",
  "\u{1D49C}",
  "\uD800",
  "\uDFFF",
  "\r",
  "\u000B",
  "\u001B",
];

const linePick: fc.Arbitrary<LinePick> = fc.record({ near: fc.boolean(), n: fc.nat({ max: 10_000 }) });
const oddChar = fc.constantFrom(...ODD_CHARS);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("delete" as const), at: linePick, count: fc.integer({ min: 1, max: 4 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("duplicate" as const), at: linePick, count: fc.integer({ min: 1, max: 6 }) }), weight: 3 },
  {
    arbitrary: fc.record({ kind: fc.constant("reindent" as const), at: linePick, count: fc.integer({ min: 1, max: 4 }), by: fc.integer({ min: -4, max: 4 }) }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant("tab" as const), at: linePick, inline: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: fc.nat({ max: 100_000 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("unicode" as const), at: fc.nat({ max: 100_000 }), char: oddChar }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("unicodeInLine" as const), at: linePick, char: oddChar, end: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("bom" as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("anchor" as const), from: linePick, to: linePick, merge: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("crlf" as const) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("crlf" as const), only: linePick }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant("longLine" as const),
      at: linePick,
      length: fc.integer({ min: 1_000, max: 200_000 }),
      where: fc.constantFrom("comment" as const, "value" as const, "line" as const),
    }),
    weight: 1,
  },
);

/** One to `max` mutations, applied in order. */
export const mutations = (max = 3): fc.Arbitrary<Mutation[]> => fc.array(mutation, { minLength: 1, maxLength: max });

const NEAR = /aws|secrets\.|key|token|env:|with:|uses:|steps:|permissions|role/i;

/** Lines with their line breaks kept, so a CRLF file stays CRLF line by line. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function pickLine(lines: string[], at: LinePick): number {
  if (at.near) {
    const near = lines.flatMap((l, i) => (NEAR.test(l) ? [i] : []));
    if (near.length > 0) return near[at.n % near.length] ?? 0;
  }
  return at.n % Math.max(lines.length, 1);
}

/** A line's content and its break ("\n", "\r\n" or "" on an unterminated last line). */
function parts(line: string): [string, string] {
  const m = /(\r?\n)$/.exec(line);
  return m ? [line.slice(0, -m[0].length), m[0]] : [line, ""];
}

/** A `key: value` line, `- key: value` included: [prefix through ": ", value]. */
const KEY_VALUE = /^(\s*(?:-\s+)?[\w.-]+\s*:[ \t]+)(\S.*)$/;
/** A `key:` line opening a block. */
const KEY_BLOCK = /^(\s*(?:-\s+)?[\w.-]+\s*:)[ \t]*(#.*)?$/;

export function applyMutation(text: string, m: Mutation): string {
  if (m.kind === "truncate") return text.slice(0, text.length === 0 ? 0 : m.at % text.length);
  if (m.kind === "unicode") {
    const at = text.length === 0 ? 0 : m.at % (text.length + 1);
    return text.slice(0, at) + m.char + text.slice(at);
  }
  if (m.kind === "bom") return `\uFEFF${text}`;
  if (m.kind === "crlf" && !m.only) return text.replace(/\r?\n/g, "\r\n");
  const lines = splitLines(text);
  if (lines.length === 0) return text;
  switch (m.kind) {
    case "delete": {
      const i = pickLine(lines, m.at);
      lines.splice(i, m.count);
      break;
    }
    case "duplicate": {
      const i = pickLine(lines, m.at);
      const block = lines.slice(i, i + m.count);
      // A duplicated last line without a break would glue onto its copy.
      const last = block.length - 1;
      if (last >= 0 && !/\n$/.test(block[last] ?? "")) block[last] = `${block[last]}\n`;
      lines.splice(i, 0, ...block);
      break;
    }
    case "reindent": {
      const i = pickLine(lines, m.at);
      for (let j = i; j < Math.min(i + m.count, lines.length); j++) {
        const line = lines[j] ?? "";
        lines[j] = m.by >= 0 ? " ".repeat(m.by) + line : line.replace(new RegExp(`^ {0,${-m.by}}`), "");
      }
      break;
    }
    case "tab": {
      const i = pickLine(lines, m.at);
      const [content, eol] = parts(lines[i] ?? "");
      lines[i] = (m.inline ? content.replace(/: /, ":\t") : content.replace(/^ {1,2}/, "\t")) + eol;
      break;
    }
    case "unicodeInLine": {
      const i = pickLine(lines, m.at);
      const [content, eol] = parts(lines[i] ?? "");
      // At the end of the line, or right after the indentation (inside a key or a `- `).
      const at = m.end ? content.length : (/^\s*(?:-\s+)?/.exec(content)?.[0].length ?? 0);
      lines[i] = content.slice(0, at) + m.char + content.slice(at) + eol;
      break;
    }
    case "anchor": {
      const from = pickLine(lines, m.from);
      const to = pickLine(lines, m.to);
      const [a, aEol] = parts(lines[from] ?? "");
      const [b, bEol] = parts(lines[to] ?? "");
      const value = KEY_VALUE.exec(a);
      const block = KEY_BLOCK.exec(a);
      if (!value && !block) break;
      lines[from] = (value ? `${value[1]}&fz ${value[2]}` : `${block?.[1]} &fz${block?.[2] ? ` ${block[2]}` : ""}`) + aEol;
      if (to <= from) break; // an alias before its anchor is an error the parser must report; keep the anchor alone
      const target = KEY_VALUE.exec(b) ?? KEY_BLOCK.exec(b);
      if (m.merge) {
        const indent = /^\s*(?:-\s+)?/.exec(b)?.[0].replace(/-/, " ") ?? "";
        lines.splice(to + 1, 0, `${indent}<<: *fz${bEol || "\n"}`);
      } else if (target) lines[to] = `${target[1]}${/:$/.test(target[1] ?? "") ? " " : ""}*fz${bEol}`;
      break;
    }
    case "crlf": {
      const i = pickLine(lines, m.only ?? { near: false, n: 0 });
      lines[i] = (lines[i] ?? "").replace(/\r?\n$/, "\r\n");
      break;
    }
    case "longLine": {
      const i = pickLine(lines, m.at);
      const [content, eol] = parts(lines[i] ?? "");
      const filler = "a1-".repeat(Math.ceil(m.length / 3)).slice(0, m.length);
      if (m.where === "comment") lines[i] = `${content} # ${filler}${eol}`;
      else if (m.where === "value") lines[i] = `${content}${filler}${eol}`;
      else lines.splice(i, 0, `${/^\s*/.exec(content)?.[0] ?? ""}run: echo ${filler}${eol || "\n"}`);
      break;
    }
  }
  return lines.join("");
}

export function applyMutations(text: string, ms: readonly Mutation[]): string {
  return ms.reduce(applyMutation, text);
}

/** Runs per property: KEYLESS_FUZZ_RUNS overrides the default, for deeper runs by hand. */
export function fuzzRuns(defaultRuns: number): number {
  const n = Number(process.env.KEYLESS_FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : defaultRuns;
}

/** A fixed seed, so every run tries the same mutants (KEYLESS_FUZZ_SEED to explore others). */
export function fuzzSeed(): number {
  const n = Number(process.env.KEYLESS_FUZZ_SEED);
  return Number.isInteger(n) ? n : 20261207;
}

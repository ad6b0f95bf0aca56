// Colours for tones and line styles, or none at all: NO_COLOR (https://no-color.org) turns every
// colour off; emphasis (bold, inverse) stays, because it carries the cursor and the headings.
import type { Tone } from "../state/columns.js";
import type { LineStyle } from "../state/lines.js";

export interface TextStyle {
  color?: string;
  bold?: boolean;
  dimColor?: boolean;
}

export interface Theme {
  color: boolean;
  tone(tone: Tone | undefined): TextStyle;
  line(style: LineStyle | undefined): TextStyle;
}

export function colorWanted(env: Record<string, string | undefined>): boolean {
  return !env.NO_COLOR;
}

const TONES: Record<Tone, TextStyle> = {
  critical: { color: "magenta", bold: true },
  high: { color: "red" },
  medium: { color: "yellow" },
  low: { color: "cyan" },
  muted: { color: "gray" },
  good: { color: "green" },
  accent: { color: "blue", bold: true },
  plain: {},
};

const LINES: Record<LineStyle, TextStyle> = {
  title: { bold: true, color: "cyan" },
  heading: { bold: true },
  dim: { color: "gray" },
  added: { color: "green" },
  removed: { color: "red" },
  hunk: { color: "cyan" },
  file: { bold: true },
  ok: { color: "green" },
  warn: { color: "yellow" },
  bad: { color: "red" },
  code: {},
  plain: {},
};

/** Without colour, only bold survives: dim and grey would be colour by another name. */
const strip = (s: TextStyle): TextStyle => (s.bold ? { bold: true } : {});

export function makeTheme(color: boolean): Theme {
  return {
    color,
    tone: (t) => (t ? (color ? TONES[t] : strip(TONES[t])) : {}),
    line: (s) => (s ? (color ? LINES[s] : strip(LINES[s])) : {}),
  };
}

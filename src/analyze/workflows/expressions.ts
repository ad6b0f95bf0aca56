// Finds `${{ … }}` expressions in source text and the context references inside them
// (secrets.X, vars.X, steps.S.outputs.O, secrets[computed], …), each with its exact span.
import { KEY_ID } from "../../core/key-ids.js";
import { isSecretLiteral } from "../../core/literal-secrets.js";
import { span, type SourceFile } from "./source.js";
import type { RefSource, ValueRef } from "./types.js";

export { EXAMPLE_KEY_IDS, KEY_ID } from "../../core/key-ids.js";

export interface Expression {
  /** Text between `${{` and `}}`, trimmed. */
  inner: string;
  /** The full `${{ … }}` text. */
  text: string;
  offset: number;
  end: number;
}

export function findExpressions(text: string, base: number): Expression[] {
  const out: Expression[] = [];
  const re = /\$\{\{([\s\S]*?)\}\}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ inner: (m[1] ?? "").trim(), text: m[0], offset: base + m.index, end: base + m.index + m[0].length });
  }
  return out;
}

const NAME = "([A-Za-z_][A-Za-z0-9_-]*)";
const QUOTED = "\\[\\s*'([^']+)'\\s*\\]";
const PATTERNS: Array<{ source: RefSource; re: RegExp; kind: "named" | "output" }> = [
  { source: "secret", re: new RegExp(`(?<![\\w.-])secrets(?:\\.${NAME}|${QUOTED})`, "g"), kind: "named" },
  { source: "var", re: new RegExp(`(?<![\\w.-])vars(?:\\.${NAME}|${QUOTED})`, "g"), kind: "named" },
  { source: "input", re: new RegExp(`(?<![\\w.-])(?:github\\.event\\.)?inputs(?:\\.${NAME}|${QUOTED})`, "g"), kind: "named" },
  { source: "env", re: new RegExp(`(?<![\\w.-])env(?:\\.${NAME}|${QUOTED})`, "g"), kind: "named" },
  { source: "matrix", re: new RegExp(`(?<![\\w.-])matrix(?:\\.${NAME}|${QUOTED})`, "g"), kind: "named" },
  { source: "step-output", re: new RegExp(`(?<![\\w.-])steps\\.${NAME}\\.outputs(?:\\.${NAME}|${QUOTED})`, "g"), kind: "output" },
  { source: "job-output", re: new RegExp(`(?<![\\w.-])needs\\.${NAME}\\.outputs(?:\\.${NAME}|${QUOTED})`, "g"), kind: "output" },
];

/** References of one expression; `secrets[<non-literal>]` becomes one computed ref. */
export function refsOf(src: SourceFile, expr: Expression): ValueRef[] {
  const where = span(src, expr.offset, expr.end);
  const refs: ValueRef[] = [];
  const computed = /(?<![\w.-])secrets\s*\[(?!\s*')/g;
  let hasComputed = false;
  for (let m = computed.exec(expr.inner); m; m = computed.exec(expr.inner)) {
    hasComputed = true;
    refs.push({ source: "computed", expression: expr.text, span: where });
  }
  for (const { source, re, kind } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(expr.inner); m; m = re.exec(expr.inner)) {
      // Inside secrets[...] the step output is the name's source, not a credential of its own.
      if (hasComputed && source !== "secret") continue;
      if (kind === "named") refs.push({ source, name: m[1] ?? m[2] ?? "", expression: expr.text, span: where });
      else refs.push({ source, stepId: m[1] ?? "", name: m[2] ?? m[3] ?? "", expression: expr.text, span: where });
    }
  }
  return refs;
}

/** Refs of a scalar's source text: its expressions, or a literal (only a key id is kept). */
export function refsOfValue(src: SourceFile, text: string, offset: number, literalValue: string | undefined): ValueRef[] {
  const exprs = findExpressions(text, offset);
  if (exprs.length > 0) return exprs.flatMap((e) => refsOf(src, e));
  const value = literalValue?.trim() ?? "";
  if (value === "") return [];
  KEY_ID.lastIndex = 0;
  const m = KEY_ID.exec(text);
  if (m && m[0] === value) {
    const start = offset + m.index;
    return [{ source: "literal", keyId: m[0], span: span(src, start, start + m[0].length) }];
  }
  const secret = isSecretLiteral(value) ? { literalSecret: true as const } : {};
  return [{ source: "literal", ...secret, span: span(src, offset, offset + text.length) }];
}

/** Names of a kind of ref, following env refs to what the variables hold. */
export function namesOf(refs: ValueRef[], source: RefSource): string[] {
  const out: string[] = [];
  for (const ref of refs) {
    if (ref.source === source && ref.name) out.push(ref.name);
    if (ref.resolved) out.push(...namesOf(ref.resolved, source));
  }
  return out;
}

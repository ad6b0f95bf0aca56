// Parses one workflow or action file into a positioned YAML document, or says why it is skipped.
// Bad input never throws: size, binary content, syntax errors and alias bombs become skip codes.
import { Composer, Parser, isMap, type Document, type YAMLMap } from "yaml";
import { makeSource, position, type Comment, type SourceFile } from "./source.js";
import { MAX_ALIAS_COUNT, MAX_WORKFLOW_BYTES, type SkipCode } from "./types.js";

export type ParseResult =
  | { ok: true; src: SourceFile; doc: Document.Parsed; root: YAMLMap }
  /** `src` is set when the text is worth scanning for literal key ids anyway. */
  | { ok: false; code: SkipCode; reason: string; src?: SourceFile };

export function parseWorkflow(path: string, text: string): ParseResult {
  const bytes = utf8Length(text, MAX_WORKFLOW_BYTES);
  if (bytes > MAX_WORKFLOW_BYTES) {
    return { ok: false, code: "TooLarge", reason: `file is larger than ${MAX_WORKFLOW_BYTES} bytes` };
  }
  if (text.includes("\u0000")) return { ok: false, code: "Binary", reason: "file contains NUL bytes" };

  let tokens;
  let docs: Document.Parsed[];
  try {
    tokens = [...new Parser().parse(text)];
    docs = [...new Composer({ keepSourceTokens: true }).compose(tokens, true)];
  } catch (error) {
    // The parser recurses on nesting; pathological input can exhaust the stack.
    return { ok: false, code: "InvalidYaml", reason: `YAML could not be parsed (${errorName(error)})` };
  }
  const src = makeSource(path, text, collectComments(tokens));
  const doc = docs[0];
  if (!doc) return { ok: false, code: "NotAWorkflow", reason: "file is empty", src };
  const error = doc.errors[0];
  if (error) {
    const at = position(src, error.pos[0]);
    const message = error.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? error.code;
    return { ok: false, code: "InvalidYaml", reason: `line ${at.line}, column ${at.column}: ${message}`, src };
  }
  try {
    // Only to bound alias expansion: the analysis itself walks the AST.
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      return { ok: false, code: "AliasBomb", reason: `aliases expand beyond ${MAX_ALIAS_COUNT} nodes (billion laughs)`, src };
    }
    return { ok: false, code: "InvalidYaml", reason: `YAML could not be resolved (${errorName(err)})`, src };
  }
  const root = doc.contents;
  if (!isMap(root)) {
    return { ok: false, code: "NotAWorkflow", reason: "the document is not a mapping", src };
  }
  return { ok: true, src, doc, root };
}

/** UTF-8 length of a string, counting no further than `limit + 1`. */
function utf8Length(text: string, limit: number): number {
  if (text.length > limit) return text.length; // every UTF-16 unit is at least one byte
  let n = 0;
  for (let i = 0; i < text.length && n <= limit; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function collectComments(tokens: unknown[]): Comment[] {
  const out: Comment[] = [];
  const stack: unknown[] = [...tokens];
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item || typeof item !== "object") continue;
    if (Array.isArray(item)) {
      for (const x of item) stack.push(x);
      continue;
    }
    const token = item as { type?: unknown; offset?: unknown; source?: unknown };
    if (token.type === "comment" && typeof token.offset === "number" && typeof token.source === "string") {
      out.push({ offset: token.offset, end: token.offset + token.source.length, text: token.source });
      continue;
    }
    for (const value of Object.values(item)) if (value && typeof value === "object") stack.push(value);
  }
  return out.sort((a, b) => a.offset - b.offset);
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "unknown error";
}

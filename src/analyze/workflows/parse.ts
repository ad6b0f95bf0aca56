// Parses one workflow or action file into a positioned YAML document, or says why it is skipped.
// Bad input never throws: size, binary content, syntax errors and alias bombs become skip codes.
import { Composer, LineCounter, Parser, isMap, type Document, type YAMLMap } from "yaml";
import { makeSource, position, type Comment, type SourceFile } from "./source.js";
import { MAX_ALIAS_COUNT, MAX_WORKFLOW_BYTES, type SkipCode } from "./types.js";

export type ParseResult =
  /** `lines` and `documents` let GitHub's parser read this same parse (generate/workflows/validate.ts). */
  | { ok: true; src: SourceFile; doc: Document.Parsed; root: YAMLMap; lines: LineCounter; documents: number }
  /** `src` is set when the text is worth scanning for literal key ids anyway. */
  | { ok: false; code: SkipCode; reason: string; src?: SourceFile };

/**
 * Parsed files, most recently used last. The generator reads each file it patches several times
 * (its model, a fresh analysis, the checks, the whole repository again, every planning round):
 * parsing is most of the cost, and a result is never modified, so the same (path, text) shares one.
 * Bounded to a few files (one repository's patch), so that a scan of 30,000 files keeps none of them
 * alive for long: parses held longer would only be promoted for the garbage collector to sweep.
 */
const recent = new Map<string, Array<{ path: string; result: ParseResult }>>();
const RECENT_TEXTS = 16;

export function parseWorkflow(path: string, text: string): ParseResult {
  const same = recent.get(text);
  const hit = same?.find((r) => r.path === path);
  if (same && hit) {
    recent.delete(text);
    recent.set(text, same);
    return hit.result;
  }
  const result = parseUncached(path, text);
  if (same) same.push({ path, result });
  else {
    recent.set(text, [{ path, result }]);
    if (recent.size > RECENT_TEXTS) recent.delete(recent.keys().next().value as string);
  }
  return result;
}

function parseUncached(path: string, text: string): ParseResult {
  const bytes = utf8Length(text, MAX_WORKFLOW_BYTES);
  if (bytes > MAX_WORKFLOW_BYTES) {
    return { ok: false, code: "TooLarge", reason: `file is larger than ${MAX_WORKFLOW_BYTES} bytes` };
  }
  if (text.includes("\u0000")) return { ok: false, code: "Binary", reason: "file contains NUL bytes" };

  let tokens;
  let docs: Document.Parsed[];
  const lines = new LineCounter();
  try {
    tokens = [...new Parser(lines.addNewLine).parse(text)];
    docs = [...new Composer({ keepSourceTokens: true }).compose(tokens, true)];
  } catch (error) {
    // The parser recurses on nesting; pathological input can exhaust the stack.
    return { ok: false, code: "InvalidYaml", reason: `YAML could not be parsed (${errorName(error)})` };
  }
  const facts = tokenFacts(tokens);
  const src = makeSource(path, text, facts.comments);
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
    if (needsResolveCheck(doc, facts)) doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
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
  return { ok: true, src, doc, root, lines, documents: docs.length };
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

interface TokenFacts {
  comments: Comment[];
  /** An alias (`*name`) anywhere in the document. */
  aliases: boolean;
  /** How deep the syntax tree goes, in objects and arrays. */
  depth: number;
}

/** Comments, aliases and depth, in one walk over the syntax tree (token kinds are not listed: any object is walked). */
function tokenFacts(tokens: unknown[]): TokenFacts {
  const comments: Comment[] = [];
  let aliases = false;
  let depth = 0;
  const stack: unknown[] = [tokens];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const item = stack.pop() as object;
    const level = (depths.pop() ?? 0) + 1;
    if (level > depth) depth = level;
    if (Array.isArray(item)) {
      for (const x of item) {
        if (x !== null && typeof x === "object") {
          stack.push(x);
          depths.push(level);
        }
      }
      continue;
    }
    const token = item as Record<string, unknown>;
    if (token.type === "comment" && typeof token.offset === "number" && typeof token.source === "string") {
      comments.push({ offset: token.offset, end: token.offset + token.source.length, text: token.source });
      continue;
    }
    if (token.type === "alias") aliases = true;
    for (const key in token) {
      const value = token[key];
      if (value !== null && typeof value === "object") {
        stack.push(value);
        depths.push(level);
      }
    }
  }
  return { comments: comments.sort((a, b) => a.offset - b.offset), aliases, depth };
}

/**
 * Converting the document to JS is how alias expansion is bounded. It can fail only through an
 * alias, a YAML 1.1 merge key or tag, or nesting deep enough to exhaust the stack: a document with
 * none of these is accepted as it is, which saves the conversion on almost every workflow.
 */
function needsResolveCheck(doc: Document.Parsed, facts: TokenFacts): boolean {
  return facts.aliases || facts.depth > MAX_UNCHECKED_DEPTH || doc.schema.name !== "core" || doc.schema.tags.some((t) => t.tag === MERGE_TAG);
}

const MERGE_TAG = "tag:yaml.org,2002:merge";
/** Syntax-tree depth (a few objects per YAML level) far below what overflows the stack. */
const MAX_UNCHECKED_DEPTH = 1000;

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "unknown error";
}

// Literal access key ids (AKIA… long-lived, ASIA… temporary) anywhere in a file's text, comments
// included. Key ids are not secret; a secret access key is never looked for or kept.
import { EXAMPLE_KEY_IDS, KEY_ID } from "./expressions.js";
import { inComment, span, type SourceFile } from "./source.js";
import { suppressedFor, suppressionLines } from "./suppressions.js";
import type { Span, Usage } from "./types.js";

export interface LiteralKeyId {
  keyId: string;
  inComment: boolean;
  example: boolean;
  span: Span;
}

export function literalKeyIds(src: SourceFile): LiteralKeyId[] {
  const out: LiteralKeyId[] = [];
  const re = new RegExp(KEY_ID.source, "g");
  for (let m = re.exec(src.text); m; m = re.exec(src.text)) {
    out.push({
      keyId: m[0],
      inComment: inComment(src, m.index),
      example: EXAMPLE_KEY_IDS.has(m[0]),
      span: span(src, m.index, m.index + m[0].length),
    });
  }
  return out;
}

/** Literal key ids of a file that could not be analysed (its YAML is broken, or not a workflow). */
export function literalUsagesOfSkipped(repo: string, src: SourceFile, fileKind: "workflow" | "action", why: string): Usage[] {
  const suppressions = suppressionLines(src);
  return literalKeyIds(src).map(({ keyId, inComment: commented, example, span: where }) => {
    const suppressed = suppressedFor(suppressions, [where.line]);
    return {
      id: `${src.path}:${where.line}:${where.column}:literal-key-id`,
      repo,
      path: src.path,
      fileKind,
      kind: "literal-key-id",
      line: where.line,
      column: where.column,
      endLine: where.endLine,
      endColumn: where.endColumn,
      offset: where.offset,
      endOffset: where.endOffset,
      secretNames: [],
      variableNames: [],
      regionHints: [],
      accountHints: [],
      literal: { keyId, inComment: commented, example },
      ...(suppressed ? { suppressed } : {}),
      notes: [`the file itself was not analysed (${why})`, ...(commented ? ["the key id is in a comment"] : [])],
    };
  });
}

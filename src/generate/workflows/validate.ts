// Checks a patched file before it is offered: GitHub's own parser (@actions/workflow-parser) must
// report no error the original did not have, and a fresh analysis must find no usage beyond those
// the patch deliberately left (reported as not patched).
import { convertWorkflowTemplate, NoOperationTraceWriter, type TraceWriter } from "@actions/workflow-parser";
import { ACTION_ROOT } from "@actions/workflow-parser/actions/action-constants";
import { getActionSchema } from "@actions/workflow-parser/actions/action-schema";
import { ErrorPolicy } from "@actions/workflow-parser/model/convert";
import type { TemplateSchema } from "@actions/workflow-parser/templates/schema/template-schema";
import { TemplateContext, TemplateValidationErrors } from "@actions/workflow-parser/templates/template-context";
import type { TemplateValidationError } from "@actions/workflow-parser/templates/template-validation-error";
import { readTemplate } from "@actions/workflow-parser/templates/template-reader";
import type { TemplateToken } from "@actions/workflow-parser/templates/tokens/template-token";
import { WORKFLOW_ROOT } from "@actions/workflow-parser/workflows/workflow-constants";
import { getWorkflowSchema } from "@actions/workflow-parser/workflows/workflow-schema";
import { YamlObjectReader } from "@actions/workflow-parser/workflows/yaml-object-reader";
import { parseDocument, visit, type Document, type LineCounter } from "yaml";
import { analyzeRepoWorkflows, type Usage, type WorkflowFileInput } from "../../analyze/workflows/index.js";
import { parseWorkflow as parseYaml } from "../../analyze/workflows/parse.js";

/** Messages of the parser's errors, without their line and column (a patch moves lines). */
export function parserErrors(path: string, text: string): string[] {
  return parserErrorList(path, text).map((e) => (e.prefix && e.message.startsWith(e.prefix) ? e.message.slice(e.prefix.length).replace(/^:\s*/, "") : e.message));
}

/** The parser's errors as it reports them (with their prefix and range). */
export function parserErrorList(path: string, text: string): TemplateValidationError[] {
  const file = { name: path, content: text };
  const trace = new NoOperationTraceWriter();
  const action = /(^|\/)action\.ya?ml$/i.test(path);
  const result = action ? readFile(file, trace, getActionSchema(), ACTION_ROOT) : readFile(file, trace, getWorkflowSchema(), WORKFLOW_ROOT);
  if (!action && result.value) {
    // With no file provider and no reusable workflows to fetch, conversion never awaits: its
    // errors are in the context when the call returns. The promise itself carries nothing more.
    void convertWorkflowTemplate(result.context, result.value, undefined, { errorPolicy: ErrorPolicy.TryConversion }).catch(() => undefined);
  }
  return result.context.errors.getErrors();
}

/**
 * What the package's parseWorkflow and parseAction do, except that the YAML is read once: the
 * analyzer parses the same text (and the check analyses it next), so GitHub's reader walks that
 * document instead of parsing its own.
 */
function readFile(file: { name: string; content: string }, trace: TraceWriter, schema: TemplateSchema, root: string): { context: TemplateContext; value: TemplateToken | undefined } {
  const context = new TemplateContext(new TemplateValidationErrors(), schema, trace);
  const fileId = context.getFileId(file.name);
  const reader = sharedReader(fileId, file.name, file.content) ?? new YamlObjectReader(fileId, file.content);
  if (reader.errors.length > 0) {
    for (const err of reader.errors) context.error(fileId, err.message, err.range);
    return { context, value: undefined };
  }
  return { context, value: readTemplate(context, root, reader, fileId) };
}

/**
 * GitHub's reader over the analyzer's document, when that is the document GitHub's reader would
 * build itself: parseDocument(text, { keepSourceTokens: true, uniqueKeys: false }) gives the same
 * nodes when the text is one document the analyzer read without an error (duplicate keys would be
 * one). Anything else — an error, several documents — is left to GitHub's own reading.
 */
function sharedReader(fileId: number, path: string, text: string): YamlObjectReader | undefined {
  const parsed = parseYaml(path, text);
  if (!parsed.ok || parsed.documents !== 1 || parsed.doc.errors.length > 0) return undefined;
  const reader = Object.create(YamlObjectReader.prototype) as YamlObjectReader;
  const fields = reader as unknown as { lineCounter: LineCounter; errors: unknown[]; doc: Document; fileId: number; _generator: unknown; getNodes(node: unknown, stack: Set<unknown>): unknown };
  Object.assign(fields, { lineCounter: parsed.lines, errors: [], doc: parsed.doc, fileId });
  fields._generator = fields.getNodes(parsed.doc, new Set());
  return reader;
}

/** Errors of `after` that `before` did not have (as a multiset). */
export function newParserErrors(path: string, before: string, after: string): string[] {
  const errors = checkedErrors(path, after);
  // A patched file the parser accepts has no new error, whatever the original had: most patches
  // pass, so the original is parsed only when there is something to compare.
  if (errors.length === 0) return [];
  const old = checkedErrors(path, before);
  const out: string[] = [];
  for (const message of errors) {
    const i = old.indexOf(message);
    if (i >= 0) old.splice(i, 1);
    else out.push(message);
  }
  return out;
}

/**
 * Anchors that aliases of `before` use and `after` no longer defines: the patch removed a line
 * holding `&name`. (The parser only says it cannot read the alias, far from the cause.)
 */
export function lostAnchors(before: string, after: string): string[] {
  const used = new Set<string>();
  visit(parseDocument(before), { Alias: (_, node) => void used.add(node.source) });
  const defined = new Set<string>();
  visit(parseDocument(after), { Node: (_, node) => void (node.anchor && defined.add(node.anchor)) });
  return [...used].filter((name) => !defined.has(name));
}

/**
 * parserErrors of the texts checked last. Every planning round of a repository checks its files
 * again, mostly the same texts: GitHub's parser is the costliest check, and its answer depends on
 * the path and text only. Bounded, and a copy is returned so that no caller can change it.
 */
const checked = new Map<string, string[]>();
const CHECKED_TEXTS = 64;

function checkedErrors(path: string, text: string): string[] {
  const key = `${path}\u0000${text}`;
  let errors = checked.get(key);
  if (errors) checked.delete(key);
  else errors = parserErrors(path, text);
  checked.set(key, errors);
  if (checked.size > CHECKED_TEXTS) checked.delete(checked.keys().next().value as string);
  return [...errors];
}

/** What a usage is, without where: the same usage keeps its signature when lines move. */
export function signature(u: Usage): string {
  const slots = [u.accessKeyId, u.secretAccessKey, u.sessionToken].map((s) => s?.slot ?? "").join(",");
  return [u.path, u.kind, u.job ?? "", u.envLevel ?? "", u.runForm ?? "", slots, u.secretNames.join(","), u.variableNames.join(","), u.literal?.keyId ?? ""].join("|");
}

/**
 * Usages found after the patch that are neither in the original nor left on purpose: every
 * patched usage must be gone, and nothing new may appear.
 */
export function leftoverUsages(before: Usage[], after: Usage[], patched: Usage[]): Usage[] {
  const allowed = new Map<string, number>();
  for (const u of before) allowed.set(signature(u), (allowed.get(signature(u)) ?? 0) + 1);
  for (const u of patched) {
    const n = allowed.get(signature(u));
    if (n !== undefined) allowed.set(signature(u), n - 1);
  }
  const out: Usage[] = [];
  for (const u of after) {
    const n = allowed.get(signature(u)) ?? 0;
    if (n > 0) allowed.set(signature(u), n - 1);
    else out.push(u);
  }
  return out;
}

export function analyzeFiles(repo: string, files: WorkflowFileInput[]): Usage[] {
  return analyzeRepoWorkflows({ repo, files }).usages;
}

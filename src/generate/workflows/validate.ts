// Checks a patched file before it is offered: GitHub's own parser (@actions/workflow-parser) must
// report no error the original did not have, and a fresh analysis must find no usage beyond those
// the patch deliberately left (reported as not patched).
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { parseAction } from "@actions/workflow-parser/actions/action-parser";
import { ErrorPolicy } from "@actions/workflow-parser/model/convert";
import { parseDocument, visit } from "yaml";
import { analyzeRepoWorkflows, type Usage, type WorkflowFileInput } from "../../analyze/workflows/index.js";

/** Messages of the parser's errors, without their line and column (a patch moves lines). */
export function parserErrors(path: string, text: string): string[] {
  const file = { name: path, content: text };
  const trace = new NoOperationTraceWriter();
  const action = /(^|\/)action\.ya?ml$/i.test(path);
  const result = action ? parseAction(file, trace) : parseWorkflow(file, trace);
  if (!action && result.value) {
    // With no file provider and no reusable workflows to fetch, conversion never awaits: its
    // errors are in the context when the call returns. The promise itself carries nothing more.
    void convertWorkflowTemplate(result.context, result.value, undefined, { errorPolicy: ErrorPolicy.TryConversion }).catch(() => undefined);
  }
  return result.context.errors.getErrors().map((e) => (e.prefix && e.message.startsWith(e.prefix) ? e.message.slice(e.prefix.length).replace(/^:\s*/, "") : e.message));
}

/** Errors of `after` that `before` did not have (as a multiset). */
export function newParserErrors(path: string, before: string, after: string): string[] {
  const old = parserErrors(path, before);
  const out: string[] = [];
  for (const message of parserErrors(path, after)) {
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

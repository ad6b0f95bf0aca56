// A reusable workflow's `workflow_call` secrets and inputs (or a composite action's inputs) that
// only carried keys. They are made optional (`required: false`) rather than deleted: callers in
// other repositories may still pass them, and passing a secret a workflow does not declare fails.
import { isMap, isScalar, type Node, type YAMLMap } from "yaml";
import type { Usage, ValueRef } from "../../analyze/workflows/index.js";
import type { FileModel } from "./model.js";
import { pairAt } from "./model.js";
import type { TextEdit } from "./text-edits.js";

export interface Param {
  kind: "secret" | "input";
  name: string;
}

/** Secrets and inputs a usage's credentials come from. */
export function paramsOf(usage: Usage): Param[] {
  const out: Param[] = [];
  const walk = (refs: ValueRef[]) => {
    for (const r of refs) {
      if ((r.source === "secret" || r.source === "input") && r.name) out.push({ kind: r.source, name: r.name });
      if (r.resolved) walk(r.resolved);
    }
  };
  for (const slot of [usage.accessKeyId, usage.secretAccessKey, usage.sessionToken]) if (slot) walk(slot.refs);
  return out;
}

/**
 * Edits setting `required: false` on declarations no longer referenced in the patched text.
 * Declarations without `required: true` need nothing.
 */
export function releaseParams(model: FileModel, after: string, params: Param[]): { edits: TextEdit[]; changes: string[] } {
  const out = { edits: [] as TextEdit[], changes: [] as string[] };
  const seen = new Set<string>();
  for (const p of params) {
    const id = `${p.kind}:${p.name.toLowerCase()}`;
    if (seen.has(id) || stillReferenced(after, p)) continue;
    seen.add(id);
    const base = model.kind === "action" ? ["inputs"] : ["on", "workflow_call", p.kind === "secret" ? "secrets" : "inputs"];
    if (model.kind === "action" && p.kind === "secret") continue;
    const declarations = pairAt(model, base)?.value;
    if (!isMap(declarations)) continue;
    const declared = (declarations as YAMLMap<unknown, unknown>).items.find((i) => isScalar(i.key) && String(i.key.value).toLowerCase() === p.name.toLowerCase());
    if (!declared || !isScalar(declared.key)) continue;
    const required = pairAt(model, [...base, String(declared.key.value), "required"])?.value as Node | null | undefined;
    if (!isScalar(required) || (required.value !== true && required.value !== "true") || !required.range) continue;
    out.edits.push({ offset: required.range[0], end: required.range[1], text: "false" });
    const where = model.kind === "action" ? "input" : `workflow_call ${p.kind}`;
    out.changes.push(`${where} ${String(declared.key.value)} is now optional (required: false): callers may stop passing it; delete it once none does`);
  }
  return out;
}

function stillReferenced(text: string, p: Param): boolean {
  const name = p.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const context = p.kind === "secret" ? "secrets" : "inputs";
  return new RegExp(`(?<![\\w.-])(?:github\\.event\\.)?${context}(?:\\.${name}(?![\\w-])|\\[\\s*['"]${name}['"]\\s*\\])`, "i").test(text);
}

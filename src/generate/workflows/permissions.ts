// `id-token: write` for every migrated job, never widening an existing block beyond it:
// a job block gains the one scope; a workflow block does too when every job inheriting it is
// migrated, otherwise the job gets its own copy of it; a job with no block anywhere gets a new one
// with `contents: read` and the scopes known actions in it document (declaring a block drops the
// defaults) — unless it may use the token in ways keyless cannot verify: then it keeps its
// permissions and the reviewer is asked to add the block.
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from "yaml";
import type { JobCtx } from "../../analyze/workflows/scope.js";
import type { IdTokenNeed } from "./contribution.js";
import { pairAt, type FileModel, type PairAt } from "./model.js";
import { visibleNeeds } from "./permission-needs.js";
import { columnOf, endOfValueLine, onlySpacesBefore, type TextEdit } from "./text-edits.js";
import { appendPair, atLineStart, insertionBefore, keyStart, nestingOf, pairEnd, renderFields, type Field } from "./yaml-text.js";

/** What `read-all` grants, spelled out (scopes that take `read`; id-token has no read level). */
export const READ_ALL_SCOPES = ["actions", "checks", "contents", "deployments", "discussions", "issues", "packages", "pages", "pull-requests", "repository-projects", "security-events", "statuses"];

export interface PermissionsResult {
  edits: TextEdit[];
  changes: string[];
  checks: string[];
  /** Jobs whose permissions could not be written, and why. */
  errors: Map<string, string>;
}

export function permissionEdits(model: FileModel, needs: IdTokenNeed[]): PermissionsResult {
  const out: PermissionsResult = { edits: [], changes: [], checks: [], errors: new Map() };
  const byJob = new Map<string, IdTokenNeed>();
  for (const need of needs) {
    const seen = byJob.get(need.job.id);
    byJob.set(need.job.id, seen ? { job: need.job, calleeScopes: { ...seen.calleeScopes, ...need.calleeScopes } } : need);
  }
  const workflow = pairAt(model, ["permissions"]);
  const inheritors = model.jobs.filter((j) => !pairAt(model, [...j.path, "permissions"]));
  const widenWorkflow = workflow !== undefined && inheritors.length > 0 && inheritors.every((j) => byJob.has(j.id));
  if (widenWorkflow) {
    const result = addIdToken(model, workflow);
    if ("error" in result) for (const j of inheritors) out.errors.set(j.id, `workflow permissions: ${result.error}`);
    else if (result.edits.length > 0) {
      out.edits.push(...result.edits);
      out.changes.push(`workflow permissions: ${result.change}`);
      if (result.check) out.checks.push(result.check);
    }
  }
  for (const { job, calleeScopes } of byJob.values()) {
    const own = pairAt(model, [...job.path, "permissions"]);
    if (own) {
      const result = addIdToken(model, own);
      if ("error" in result) out.errors.set(job.id, result.error);
      else if (result.edits.length > 0) {
        out.edits.push(...result.edits);
        out.changes.push(`job \`${job.id}\` permissions: ${result.change}`);
        if (result.check) out.checks.push(result.check);
      }
      continue;
    }
    if (widenWorkflow) continue;
    let fields: Field[];
    if (workflow) {
      const copied = copyScopes(model, workflow);
      if (copied === undefined) continue; // write-all already grants id-token
      fields = copied;
      if (isScalar(workflow.value) && workflow.value.value === "read-all") out.checks.push(READ_ALL_CHECK);
      out.changes.push(`job \`${job.id}\`: added its own permissions (the workflow's, plus id-token: write) so other jobs keep theirs`);
    } else {
      const visible = visibleNeeds(model, job);
      const scopes: Record<string, string> = { ...visible.scopes };
      // A callee's own block is a documented need: it gets no more than its caller grants.
      for (const [k, v] of Object.entries(calleeScopes ?? {})) if (scopes[k] !== "write") scopes[k] = v;
      scopes["id-token"] = "write";
      if (visible.doubts.length > 0) {
        // A block would drop the default scopes the job may be using, and granting what shell
        // text suggests would widen them on its word: the job's permissions stay, the reviewer decides.
        for (const [k, v] of Object.entries(visible.hinted)) if (scopes[k] !== "write") scopes[k] = v;
        const suggested = Object.keys(scopes).sort().map((k) => `${k}: ${scopes[k]}`).join(", ");
        out.changes.push(`job \`${job.id}\`: permissions left as they were (the token's defaults); see the checklist`);
        out.checks.push(
          `job \`${job.id}\` has the token's default permissions and needs \`id-token: write\` to get AWS credentials, which only a \`permissions:\` block grants — and a block drops every scope it does not list. ` +
            `keyless did not add one: the job may use the token for more than it can verify (${visible.doubts.join("; ")}). ` +
            `Before merging, add a block with \`id-token: write\` and exactly the scopes the job uses (perhaps ${suggested}); until then the job gets no AWS credentials`,
        );
        continue;
      }
      fields = Object.keys(scopes)
        .sort()
        .map((k): Field => [k, scopes[k] ?? "read"]);
      const listed = fields.map(([k, v]) => `${k}: ${v}`).join(", ");
      out.changes.push(`job \`${job.id}\`: declared permissions (${listed})`);
      const more = [
        ...(visible.evidence.length > 0 ? [`added for ${visible.evidence.join("; ")}`] : []),
        ...(calleeScopes && Object.keys(calleeScopes).length > 0 ? ["the called workflow's jobs declare scopes of their own"] : []),
      ];
      out.checks.push(
        `job \`${job.id}\` had the token's default permissions; declaring a block drops every scope not listed (${listed}): confirm it needs nothing more${more.length > 0 ? ` — ${more.join("; ")}` : ""}`,
      );
    }
    const edit = newJobBlock(model, job, fields);
    if (typeof edit === "string") out.errors.set(job.id, edit);
    else out.edits.push(edit);
  }
  return out;
}

type Added = { edits: TextEdit[]; change: string; check?: string } | { error: string };

const READ_ALL_CHECK =
  "`read-all` could not take `id-token: write`, so it is spelled out as the classic scopes at read; scopes added since (attestations, models…) are now none: add any the job uses";

/** Adds `id-token: write` to an existing permissions entry. */
function addIdToken(model: FileModel, at: PairAt): Added {
  const text = model.text;
  const value = at.value;
  if (isScalar(value) && value.value === "write-all") return { edits: [], change: "write-all already grants id-token: write" };
  if (isScalar(value) && value.value === "read-all" && value.range) {
    const indent = columnOf(text, keyStart(at.pair));
    const fields = [...READ_ALL_SCOPES.map((s): Field => [s, "read"]), ["id-token", "write"] as Field];
    const block = renderFields(fields, indent + nesting(model), nesting(model), model.eol).replace(/\r?\n$/, "");
    const keyEnd = at.keyNode.range?.[1] ?? value.range[0];
    return { edits: [{ offset: keyEnd, end: value.range[1], text: `:${model.eol}${block}` }], change: "read-all spelled out as its read scopes, plus id-token: write", check: READ_ALL_CHECK };
  }
  if (!isMap(value)) return { error: "the permissions value is neither a mapping nor read-all/write-all" };
  const map = value as YAMLMap<unknown, unknown>;
  const existing = map.items.find((p) => isScalar(p.key) && p.key.value === "id-token");
  if (existing) {
    const node = existing.value as Node | null;
    if (isScalar(node) && node.value === "write") return { edits: [], change: "" };
    if (!node?.range) return { error: "id-token has no value to replace" };
    return { edits: [{ offset: node.range[0], end: node.range[1], text: "write" }], change: "id-token: write (was " + String(isScalar(node) ? node.value : "?") + ")" };
  }
  if (map.flow && map.items.length === 0 && map.range) {
    return { edits: [{ offset: map.range[0], end: map.range[1], text: "{ id-token: write }" }], change: "id-token: write (the only scope; the block granted none)" };
  }
  const edit = appendPair(text, map, "id-token: write", model.eol);
  return edit ? { edits: [edit], change: "added id-token: write" } : { error: "could not add a line to the permissions block" };
}

/** The workflow block's scopes as fields for a job's own block; undefined for write-all. */
function copyScopes(model: FileModel, at: PairAt): Field[] | undefined {
  const value = at.value;
  if (isScalar(value) && value.value === "write-all") return undefined;
  if (isScalar(value) && value.value === "read-all") return [...READ_ALL_SCOPES.map((s): Field => [s, "read"]), ["id-token", "write"]];
  const fields: Field[] = [];
  if (isMap(value)) {
    for (const p of (value as YAMLMap<unknown, unknown>).items as Array<Pair<unknown, unknown>>) {
      if (!isScalar(p.key) || p.key.value === "id-token") continue;
      const v = p.value as Node | null;
      fields.push([String(p.key.value), isScalar(v) ? String(v.value) : "none"]);
    }
  }
  fields.push(["id-token", "write"]);
  return fields;
}

/** A new `permissions:` block in a job, above `steps:` (or after the last entry of a calling job). */
function newJobBlock(model: FileModel, job: JobCtx, fields: Field[]): TextEdit | string {
  const text = model.text;
  const map = job.node;
  if (!isMap(map) || (map as YAMLMap).flow) return "the job is not a block mapping";
  const items = (map as YAMLMap<unknown, unknown>).items as Array<Pair<unknown, unknown>>;
  const steps = items.find((p) => isScalar(p.key) && p.key.value === "steps");
  const anchor = steps ?? items[0];
  if (!anchor || !onlySpacesBefore(text, keyStart(anchor))) return "the job's keys do not start their lines";
  const indent = columnOf(text, keyStart(anchor));
  const nested = nestingOf(model, [job.node]) ?? nesting(model);
  const block = renderFields([["permissions", fields]], indent, nested, model.eol);
  if (steps) return { offset: insertionBefore(text, keyStart(steps)), end: insertionBefore(text, keyStart(steps)), text: block };
  const last = items[items.length - 1];
  if (!last) return "the job is empty";
  return atLineStart(text, endOfValueLine(text, pairEnd(last)), block, model.eol);
}

/** The file's indentation step: how far job keys sit under their job id. */
function nesting(model: FileModel): number {
  const job = model.jobs[0];
  const first = isMap(job?.node) ? ((job.node as YAMLMap).items[0]?.key as Node | undefined) : undefined;
  if (job && first?.range) {
    const n = columnOf(model.text, first.range[0]) - columnOf(model.text, job.offset);
    if (n > 0) return n;
  }
  return 2;
}

// Analyses one parsed workflow or action file: runs every detector over the workflow env, each job
// (env, containers, reusable call, steps) or the composite steps, then builds usages and OIDC uses.
import { isMap } from "yaml";
import { actionInputUsages } from "./action-inputs.js";
import { localActionUsages, reusableCallUsages, type CalleeInfo, type CalleeParam } from "./calls.js";
import { cacStep, type OidcDraft } from "./configure-aws-credentials.js";
import type { UsageDraft } from "./draft.js";
import { envUsages } from "./env.js";
import { regionHints } from "./hints.js";
import { DEFAULT_PERMISSIONS, isCac, readActionInputs, readJobs, readPermissions, readSteps } from "./jobs.js";
import { literalKeyIds } from "./literals.js";
import type { ParseResult } from "./parse.js";
import { runScriptUsages } from "./run-scripts.js";
import { position } from "./source.js";
import type { FileCtx, JobCtx, Scope } from "./scope.js";
import { suppressionLines } from "./suppressions.js";
import { readTriggers } from "./triggers.js";
import type { AnalyzedFile, FileSkip, OidcUse, Usage, ValueRef, WorkflowCall } from "./types.js";
import { buildUsage } from "./usage.js";
import { entries, entry, str } from "./yaml-nodes.js";

export interface FileAnalysis {
  summary: AnalyzedFile;
  usages: Usage[];
  oidc: OidcUse[];
  calls: WorkflowCall[];
  /** What a caller of this file must pass for keys to arrive (see calls.ts). */
  params: CalleeParam[];
}

/** Finds a local callee: its repo path, and its analysis when the file was given. */
export type CalleeLookup = (uses: string, kind: WorkflowCall["kind"]) => { path: string; info?: CalleeInfo } | undefined;

type Parsed = Extract<ParseResult, { ok: true }>;

export function analyzeFile(repo: string, parsed: Parsed, fileKind: "workflow" | "action", lookup: CalleeLookup): FileAnalysis | FileSkip {
  const { src, doc, root } = parsed;
  const get = (key: string) => entry(doc, root, key);
  if (fileKind === "workflow" ? !get("jobs") && !get("on") : !isMap(get("runs")?.value)) {
    const what = fileKind === "workflow" ? "no `on:` or `jobs:`" : "no `runs:` mapping";
    return { path: src.path, code: "NotAWorkflow", reason: `${what} at the top level` };
  }
  const permissions = readPermissions(doc, src, get("permissions"), "workflow") ?? DEFAULT_PERMISSIONS;
  const triggers = fileKind === "workflow" ? readTriggers(doc, src, get("on")) : undefined;
  const runs = get("runs");
  const env = fileKind === "workflow" ? get("env") : undefined;
  const file: FileCtx = {
    repo,
    src,
    doc,
    root,
    fileKind,
    ...(triggers ? { triggers } : {}),
    permissions,
    ...(env ? { env } : {}),
    jobs: fileKind === "workflow" ? readJobs(doc, src, get("jobs")?.value ?? null, permissions) : [],
    actionSteps: fileKind === "action" ? readSteps(doc, src, entry(doc, runs?.value, "steps")?.value ?? null, ["runs", "steps"]) : [],
    inputs: fileKind === "action" ? readActionInputs(doc, get("inputs")?.value ?? null) : new Map(),
    reusable: triggers?.reusable ?? false,
  };

  const drafts: UsageDraft[] = [];
  const oidcDrafts: OidcDraft[] = [];
  const calls: Array<{ call: WorkflowCall; drafts: UsageDraft[] }> = [];
  const stepsOf = (scope: Scope, steps: FileCtx["actionSteps"]) => {
    for (const step of steps) {
      const s: Scope = { ...scope, step };
      if (isCac(step.action)) {
        const { draft, oidc } = cacStep(s);
        if (draft) drafts.push(draft);
        if (oidc) oidcDrafts.push(oidc);
      } else if (step.action?.local && step.uses) {
        const callee = lookup(step.action.uses, "local-action");
        const found = localActionUsages(s, callee?.info, callee?.path ?? step.action.uses);
        drafts.push(...found);
        calls.push({ call: callOf(s, step.action.uses, "local-action", callee, "none"), drafts: found });
      } else if (step.action && !step.action.docker) {
        drafts.push(...actionInputUsages(s));
      }
      drafts.push(...envUsages(s, step.env, "step", [...step.path, "env"]));
      drafts.push(...runScriptUsages(s));
    }
  };

  if (fileKind === "workflow") {
    drafts.push(...envUsages({ file }, file.env, "workflow", ["env"]));
    for (const job of file.jobs) {
      const scope: Scope = { file, job };
      drafts.push(...envUsages(scope, job.env, "job", [...job.path, "env"]));
      const container = entry(doc, job.node, "container");
      drafts.push(...envUsages(scope, entry(doc, container?.value, "env"), "container", [...job.path, "container", "env"]));
      for (const service of entries(doc, entry(doc, job.node, "services")?.value)) {
        const path = [...job.path, "services", service.key, "env"];
        drafts.push(...envUsages(scope, entry(doc, service.value, "env"), "service", path));
      }
      const uses = str(job.uses?.value)?.trim();
      if (uses) {
        const callee = lookup(uses, "reusable-workflow");
        const { drafts: found, mode } = reusableCallUsages(scope, callee?.info, callee?.path ?? uses);
        drafts.push(...found);
        calls.push({ call: callOf(scope, uses, "reusable-workflow", callee, mode), drafts: found });
      }
      stepsOf(scope, job.steps);
    }
  } else {
    stepsOf({ file }, file.actionSteps);
    drafts.push(...envUsages({ file }, entry(doc, runs?.value, "env"), "action", ["runs", "env"]));
  }
  for (const literal of literalKeyIds(src)) {
    const job = file.jobs.find((j) => literal.span.offset >= j.offset && literal.span.offset < j.endOffset);
    const steps = job ? job.steps : file.actionSteps;
    const step = steps.find((s) => literal.span.offset >= s.ref.span.offset && literal.span.offset < s.ref.span.endOffset);
    const scope: Scope = { file, ...(job ? { job } : {}), ...(step ? { step } : {}) };
    const { keyId, inComment, example } = literal;
    const notes = inComment ? ["the key id is in a comment"] : [];
    drafts.push({ kind: "literal-key-id", scope, slots: [], anchor: literal.span, literal: { keyId, inComment, example }, notes });
  }

  const suppressions = suppressionLines(src);
  const usageOf = new Map<UsageDraft, Usage>();
  const seen = new Map<string, number>();
  for (const draft of drafts) {
    if (draft.passThrough) continue;
    const usage = buildUsage(draft, suppressions);
    const n = (seen.get(usage.id) ?? 0) + 1;
    seen.set(usage.id, n);
    if (n > 1) usage.id = `${usage.id}#${n}`;
    usageOf.set(draft, usage);
  }
  const usages = [...usageOf.values()].sort((a, b) => a.offset - b.offset);
  for (const { call, drafts: own } of calls) call.usageIds = own.flatMap((d) => usageOf.get(d)?.id ?? []);
  return {
    summary: { path: src.path, fileKind, ...(triggers ? { triggers } : {}), jobs: file.jobs.map((j) => j.id) },
    usages,
    oidc: oidcDrafts.map((d) => oidcUse(d, usages)),
    calls: calls.map((c) => c.call),
    params: paramsOf(drafts, usageOf, src.path),
  };
}

function callOf(scope: Scope, uses: string, kind: WorkflowCall["kind"], callee: { path: string; info?: CalleeInfo } | undefined, secrets: WorkflowCall["secrets"]): WorkflowCall {
  const offset = scope.step?.ref.span.offset ?? scope.job?.uses?.keyNode.range?.[0] ?? 0;
  const { line, column } = position(scope.file.src, offset);
  return {
    path: scope.file.src.path,
    line,
    column,
    ...(scope.job ? { job: scope.job.id } : {}),
    ...(scope.step ? { step: scope.step.ref } : {}),
    uses,
    kind,
    ...(callee ? { callee: callee.path } : {}),
    resolved: callee?.info !== undefined,
    secrets,
    usageIds: [],
  };
}

function oidcUse(draft: OidcDraft, usages: Usage[]): OidcUse {
  const { scope, roleToAssume } = draft;
  const { file, job } = scope;
  const step = scope.step;
  const permissions = job?.permissions ?? (file.fileKind === "workflow" ? file.permissions : undefined);
  const reaches = (u: Usage) => u.kind !== "literal-key-id" && (u.job === job?.id || (u.reachedJobs ?? []).some((r) => r.job === job?.id));
  return {
    repo: file.repo,
    path: file.src.path,
    fileKind: file.fileKind,
    ...(job ? { job: job.id, ...(job.name !== undefined ? { jobName: job.name } : {}) } : {}),
    step: step?.ref ?? { index: 0, span: roleToAssume.span },
    line: roleToAssume.span.line,
    column: roleToAssume.span.column,
    offset: roleToAssume.span.offset,
    endOffset: roleToAssume.span.endOffset,
    action: step?.action ?? { uses: "", action: "", local: false, docker: false },
    roleToAssume,
    regionHints: regionHints({ kind: "configure-aws-credentials", scope, slots: [], anchor: roleToAssume.span, notes: [] }),
    ...(job?.environment ? { environment: job.environment } : {}),
    ...(permissions ? { permissions } : {}),
    idTokenWrite: permissions?.idTokenWrite ?? false,
    ...(file.triggers ? { triggers: file.triggers } : {}),
    alsoStaticKeys: job !== undefined && usages.some(reaches),
    ...(draft.optionalKeyInputs ? { optionalKeyInputs: true } : {}),
  };
}

function paramsOf(drafts: UsageDraft[], usageOf: Map<UsageDraft, Usage>, path: string): CalleeParam[] {
  const out: CalleeParam[] = [];
  drafts.forEach((draft, i) => {
    const usageId = usageOf.get(draft)?.id ?? `${path}#forwarded-${i}`;
    for (const slot of draft.slots) {
      const walk = (refs: ValueRef[]) => {
        for (const ref of refs) {
          if ((ref.source === "secret" || ref.source === "input") && ref.name) out.push({ kind: ref.source, name: ref.name, role: slot.role, usageId });
          if (ref.resolved) walk(ref.resolved);
        }
      };
      walk(slot.refs);
    }
  });
  return out;
}

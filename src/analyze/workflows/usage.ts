// Turns a detector's draft into a Usage: adds the file, job, environment, permissions, triggers,
// region and account hints, secret and variable names, and inline suppressions.
import type { UsageDraft } from "./draft.js";
import { allRefs } from "./draft.js";
import { namesOf } from "./expressions.js";
import { accountHints, regionHints } from "./hints.js";
import type { JobCtx, Scope } from "./scope.js";
import { suppressedFor } from "./suppressions.js";
import type { CredentialRole, CredentialSlot, JobScope, Usage, ValueRef } from "./types.js";
import { entries } from "./yaml-nodes.js";

export function buildUsage(draft: UsageDraft, suppressions: Map<number, string[]>): Usage {
  const { scope } = draft;
  const { file, job, step } = scope;
  const slot = (role: CredentialRole): CredentialSlot | undefined => draft.slots.find((s) => s.role === role);
  const accessKeyId = slot("accessKeyId");
  const secretAccessKey = slot("secretAccessKey");
  const sessionToken = slot("sessionToken");
  const primary = draft.literal ? draft.anchor : (accessKeyId ?? secretAccessKey ?? sessionToken)?.span ?? draft.anchor;
  // Names in a fixed order: key id, secret key, session token.
  const ordered = [accessKeyId, secretAccessKey, sessionToken, ...draft.slots].filter((s): s is CredentialSlot => s !== undefined);
  const refs = allRefs([...new Set(ordered)]);
  for (const ref of refs) if (ref.source === "computed") resolvePattern(scope, ref);
  const notes = [...draft.notes];
  if (customEndpoint(scope)) notes.push("a custom endpoint is set: this may be an S3-compatible service rather than AWS");
  const suppressed = suppressedFor(suppressions, [primary.line, draft.anchor.line, ...(step ? [step.ref.span.line] : [])]);
  const permissions = job?.permissions ?? (file.fileKind === "workflow" ? file.permissions : undefined);
  const usage: Usage = {
    id: `${file.src.path}:${primary.line}:${primary.column}:${draft.kind}`,
    repo: file.repo,
    path: file.src.path,
    fileKind: file.fileKind,
    kind: draft.kind,
    ...(draft.envLevel ? { envLevel: draft.envLevel } : {}),
    ...(draft.secretsMode ? { secretsMode: draft.secretsMode } : {}),
    ...(draft.runForm ? { runForm: draft.runForm } : {}),
    line: primary.line,
    column: primary.column,
    endLine: primary.endLine,
    endColumn: primary.endColumn,
    offset: primary.offset,
    endOffset: primary.endOffset,
    ...(job ? { job: job.id, ...(job.name !== undefined ? { jobName: job.name } : {}) } : {}),
    ...(draft.reachedJobs ? { reachedJobs: draft.reachedJobs.map(jobScope) } : {}),
    ...(step ? { step: step.ref } : {}),
    ...(accessKeyId ? { accessKeyId } : {}),
    ...(secretAccessKey ? { secretAccessKey } : {}),
    ...(sessionToken ? { sessionToken } : {}),
    secretNames: unique(namesOf(refs, "secret")),
    variableNames: unique(namesOf(refs, "var")),
    ...(draft.action ? { action: draft.action } : {}),
    ...(draft.roleToAssume ? { roleToAssume: draft.roleToAssume } : {}),
    ...(draft.callee ? { callee: draft.callee } : {}),
    ...(job?.environment ? { environment: job.environment } : {}),
    ...(file.triggers ? { triggers: file.triggers } : {}),
    regionHints: draft.literal ? [] : regionHints(draft),
    accountHints: draft.literal ? [] : accountHints(draft),
    ...(permissions ? { permissions } : {}),
    ...(draft.literal ? { literal: draft.literal } : {}),
    ...(suppressed ? { suppressed } : {}),
    notes,
  };
  return usage;
}

function jobScope(job: JobCtx): JobScope {
  return {
    job: job.id,
    ...(job.name !== undefined ? { jobName: job.name } : {}),
    ...(job.environment ? { environment: job.environment } : {}),
    permissions: job.permissions,
  };
}

/**
 * `secrets[steps.s.outputs.NAME]`: when step s writes NAME in its script, the written value with
 * run-time parts as `*` is the pattern of the secret names (AWS_KEY_${{ … }} → AWS_KEY_*); likewise
 * `secrets[format('{0}_KEY', matrix.stage)]` → *_KEY.
 */
function resolvePattern(scope: Scope, ref: ValueRef): void {
  const format = /secrets\s*\[\s*format\(\s*'([^']*)'/.exec(ref.expression ?? "");
  if (format?.[1]) {
    ref.namePattern = format[1].replace(/\{\d+\}/g, "*");
    return;
  }
  const m = /steps\.([\w-]+)\.outputs\.([\w-]+)/.exec(ref.expression ?? "");
  if (!m) return;
  const steps = scope.job?.steps ?? scope.file.actionSteps;
  const run = steps.find((s) => s.ref.id === m[1])?.run?.value;
  if (!run?.range) return;
  const text = scope.file.src.text.slice(run.range[0], run.range[1]).replace(/\$\{\{[\s\S]*?\}\}/g, "*");
  const name = (m[2] ?? "").replace(/[-]/g, "\\-");
  const written = new RegExp(`(?:::set-output name=${name}::|(?<![\\w-])${name}=)([^"'\\s>]+)`).exec(text);
  const pattern = written?.[1]?.replace(/\$\{?\w+\}?/g, "*");
  if (pattern) ref.namePattern = pattern;
}

function customEndpoint(scope: Scope): boolean {
  const { file, job, step } = scope;
  const envs = [step?.env, job?.env, file.env];
  if (envs.some((env) => entries(file.doc, env?.value).some((e) => /ENDPOINT/i.test(e.key)))) return true;
  const run = step?.run?.value?.range;
  return run ? /--endpoint-url\b/.test(file.src.text.slice(run[0], run[1])) : false;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

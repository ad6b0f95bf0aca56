// What one usage's handler asks of the patch: direct edits, entries to remove, credentials to
// configure before some step, jobs that need `id-token: write`. The file planner merges them.
import type { JobCtx, StepCtx } from "../../analyze/workflows/scope.js";
import type { RegionHint, Usage, YamlPath } from "../../analyze/workflows/types.js";
import type { FileModel } from "./model.js";
import { entry, str } from "../../analyze/workflows/yaml-nodes.js";
import type { ResolvedOptions } from "./options.js";
import type { TextEdit } from "./text-edits.js";
import type { RoleChoice } from "./types.js";
import { yamlScalar } from "./yaml-text.js";
import type { RepoWorkflowAnalysis } from "../../analyze/workflows/index.js";

export interface CredentialNeed {
  /** Absent for a composite action's steps. */
  job?: JobCtx;
  /** Insert before this step; at the start of the steps when absent. */
  before?: StepCtx;
  choice: RoleChoice;
  /** `aws-region` as YAML text; undefined when neither the workflow nor the assignment names one. */
  region: string | undefined;
  usageId: string;
}

export interface IdTokenNeed {
  job: JobCtx;
  /** Scopes a called workflow's jobs declare, when the job calls one (a callee gets no more than its caller). */
  calleeScopes?: Record<string, string>;
}

/** A step that now gets credentials through OIDC (a patched configure-aws-credentials step). */
export interface ConfiguredStep {
  job?: JobCtx;
  step: StepCtx;
  choice: RoleChoice;
}

export interface Contribution {
  usage: Usage;
  edits: TextEdit[];
  /** Pairs to remove; a map left empty loses its own entry. */
  removals: YamlPath[];
  credentials: CredentialNeed[];
  idToken: IdTokenNeed[];
  configured: ConfiguredStep[];
  /** workflow_call secrets/inputs or action inputs no longer needed (made optional if unreferenced). */
  releasedParams: Array<{ kind: "secret" | "input"; name: string }>;
  changes: string[];
  checks: string[];
}

export type HandlerResult = Contribution | { reason: string };

export interface HandlerCtx {
  model: FileModel;
  analysis: RepoWorkflowAnalysis;
  options: ResolvedOptions;
  /** The roles for this usage in a job (or in the composite action); a string says why there are none. */
  choiceFor: (usage: Usage, job: JobCtx | undefined) => RoleChoice | string;
}

export function contribution(usage: Usage): Contribution {
  return { usage, edits: [], removals: [], credentials: [], idToken: [], configured: [], releasedParams: [], changes: [], checks: [] };
}

/**
 * `aws-region` for an inserted step: what the workflow itself names (a configure step's input, then
 * literal env or `--region` values, then the same anywhere in the job), else the assignment's
 * region, else a region expression.
 */
export function regionText(choice: RoleChoice, hints: RegionHint[], jobWide?: string): string | undefined {
  // A value with a control or invisible character (`${{ secre<U+200B>ts.AWS_REGION }}`) is not copied:
  // GitHub cannot read it, and a copy would add its error again in the inserted step.
  const usable = hints.filter((h) => /^[\x20-\x7e]+$/.test(h.value));
  const own = usable.find((h) => h.source === "aws-region") ?? usable.find((h) => h.literal);
  if (own) return yamlScalar(own.value);
  if (jobWide) return yamlScalar(jobWide);
  if (choice.region) return yamlScalar(choice.region);
  const expression = usable.find((h) => /^\$\{\{[^}]*\}\}$/.test(h.value));
  return expression ? yamlScalar(expression.value) : undefined;
}

/** "job `deploy`, step "Deploy" (line 40)" — where a change happens, for sentences. */
export function where(usage: Usage, step?: StepCtx): string {
  const parts: string[] = [];
  if (usage.job) parts.push(`job \`${usage.job}\``);
  if (step) parts.push(`step ${step.ref.name ? `"${step.ref.name}"` : step.ref.index + 1} (line ${step.ref.span.line})`);
  return parts.join(", ") || usage.path;
}

const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/** A literal region the job names anywhere: `--region`, `aws configure set region`, AWS_REGION in env, a configure step. */
export function jobRegion(model: FileModel, job: JobCtx | undefined): string | undefined {
  const steps = job ? job.steps : model.actionSteps;
  const texts: string[] = [];
  for (const env of [job?.env, model.kind === "workflow" ? entry(model.doc, model.root, "env") : undefined]) {
    for (const name of ["AWS_REGION", "AWS_DEFAULT_REGION"]) texts.push(str(entry(model.doc, env?.value, name)?.value) ?? "");
  }
  for (const step of steps) {
    texts.push(str(entry(model.doc, step.with?.value, "aws-region")?.value) ?? "");
    const run = str(step.run?.value) ?? "";
    for (const m of run.matchAll(/(?:--region[=\s]+|configure\s+set\s+(?:[\w-]+\.)?region\s+)["']?([a-z0-9-]+)/g)) texts.push(m[1] ?? "");
  }
  return texts.map((t) => t.trim()).find((t) => REGION.test(t));
}

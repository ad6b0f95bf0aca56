// Where a detector is looking (file, job, step), and how a value's references resolve there:
// env refs follow the env blocks in scope, and each ref is judged a real key source or not.
import type { Document, Node, YAMLMap } from "yaml";
import { refsOfValue } from "./expressions.js";
import type { SourceFile } from "./source.js";
import type { ActionRef, EnvironmentRef, Permissions, StepRef, Triggers, ValueRef, YamlPath } from "./types.js";
import { entry, sourceOf, str, type Entry } from "./yaml-nodes.js";

export interface StepCtx {
  ref: StepRef;
  node: Node;
  path: YamlPath;
  action?: ActionRef;
  uses?: Entry;
  with?: Entry;
  env?: Entry;
  run?: Entry;
}

export interface JobCtx {
  id: string;
  name?: string;
  node: Node;
  path: YamlPath;
  offset: number;
  endOffset: number;
  environment?: EnvironmentRef;
  permissions: Permissions;
  env?: Entry;
  steps: StepCtx[];
  /** Set for a job that calls a reusable workflow. */
  uses?: Entry;
}

export interface FileCtx {
  repo: string;
  src: SourceFile;
  doc: Document;
  root: YAMLMap;
  fileKind: "workflow" | "action";
  triggers?: Triggers;
  permissions: Permissions;
  env?: Entry;
  jobs: JobCtx[];
  /** Steps of a composite action (`runs.steps`). */
  actionSteps: StepCtx[];
  /** Composite action inputs: required, and whether the default is non-empty. */
  inputs: Map<string, { required: boolean; hasDefault: boolean }>;
  /** The file is a reusable workflow (on: workflow_call). */
  reusable: boolean;
}

export interface Scope {
  file: FileCtx;
  job?: JobCtx;
  step?: StepCtx;
}

/** Which env blocks a value can see: a step's `with`/`run` see the step env, its env sees the job's. */
export type EnvLevelOf = "with" | "step-env" | "job-env" | "workflow-env";

export function envChain(scope: Scope, at: EnvLevelOf): Array<Entry | undefined> {
  const { file, job, step } = scope;
  // Composite steps only see their own env in YAML; the caller's env is unknown here.
  if (file.fileKind === "action") return at === "with" ? [step?.env] : [];
  switch (at) {
    case "with":
      return [step?.env, job?.env, file.env];
    case "step-env":
      return [job?.env, file.env];
    case "job-env":
      return [file.env];
    case "workflow-env":
      return [];
  }
}

const NEXT_LEVEL: Record<EnvLevelOf, EnvLevelOf> = {
  with: "step-env",
  "step-env": "job-env",
  "job-env": "workflow-env",
  "workflow-env": "workflow-env",
};

/** Refs of an entry's value, with `env.X` refs resolved through the env blocks in scope. */
export function refsOfEntry(scope: Scope, e: Entry, at: EnvLevelOf): ValueRef[] {
  return refsOfNode(scope, e.value, at, 0);
}

export function refsOfNode(scope: Scope, node: Node | null, at: EnvLevelOf, depth = 0): ValueRef[] {
  const source = sourceOf(scope.file.src, node);
  if (!source) return [];
  const refs = refsOfValue(scope.file.src, source.text, source.offset, str(node));
  for (const ref of refs) {
    if (ref.source !== "env" || !ref.name || depth > 4) continue;
    const chain = envChain(scope, at);
    for (let i = 0; i < chain.length; i++) {
      const found = entry(scope.file.doc, chain[i]?.value, ref.name);
      if (!found) continue;
      // A variable set at one level sees the levels above it.
      const level = levelOfChainIndex(at, i);
      ref.resolved = refsOfNode(scope, found.value, level, depth + 1);
      break;
    }
  }
  return refs;
}

function levelOfChainIndex(at: EnvLevelOf, index: number): EnvLevelOf {
  let level: EnvLevelOf = at === "with" ? "step-env" : NEXT_LEVEL[at];
  for (let i = 0; i < index; i++) level = NEXT_LEVEL[level];
  return level;
}

/**
 * Whether a ref can carry a long-lived key. Literals count only as AKIA/ASIA ids or values shaped
 * like a real secret key or session token (dummy values such as "test" for LocalStack do not); outputs of a configure-aws-credentials step are temporary
 * credentials; env variables set only at run time are not visible here.
 */
export function isKeySource(scope: Scope, ref: ValueRef): boolean {
  switch (ref.source) {
    case "literal":
      return ref.keyId !== undefined || ref.literalSecret === true;
    case "step-output":
      return !isCacStep(scope, ref.stepId);
    case "env":
      return (ref.resolved ?? []).some((r) => isKeySource(scope, r));
    default:
      return true;
  }
}

function isCacStep(scope: Scope, stepId: string | undefined): boolean {
  const steps = scope.job?.steps ?? scope.file.actionSteps;
  const step = steps.find((s) => s.ref.id === stepId);
  return step?.action?.action.toLowerCase() === "aws-actions/configure-aws-credentials";
}

// The parsed file a patch is computed against: the analyzer's own reading of jobs and steps (so
// usages map onto the same nodes), plus lookups by YAML path that refuse to edit through aliases.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from "yaml";
import { DEFAULT_PERMISSIONS, readJobs, readPermissions, readSteps } from "../../analyze/workflows/jobs.js";
import { parseWorkflow } from "../../analyze/workflows/parse.js";
import type { JobCtx, StepCtx } from "../../analyze/workflows/scope.js";
import type { SourceFile } from "../../analyze/workflows/source.js";
import type { Usage, YamlPath } from "../../analyze/workflows/types.js";
import { entry } from "../../analyze/workflows/yaml-nodes.js";
import { eolOf } from "./text-edits.js";

export interface FileModel {
  path: string;
  text: string;
  kind: "workflow" | "action";
  src: SourceFile;
  doc: Document;
  root: YAMLMap;
  eol: string;
  jobs: JobCtx[];
  /** Steps of a composite action. */
  actionSteps: StepCtx[];
}

export function loadModel(path: string, text: string): FileModel | { error: string } {
  const parsed = parseWorkflow(path, text);
  if (!parsed.ok) return { error: parsed.reason };
  const { src, doc, root } = parsed;
  const kind = /(^|\/)action\.ya?ml$/i.test(path) ? "action" : "workflow";
  const permissions = readPermissions(doc, src, entry(doc, root, "permissions"), "workflow") ?? DEFAULT_PERMISSIONS;
  const jobs = kind === "workflow" ? readJobs(doc, src, entry(doc, root, "jobs")?.value ?? null, permissions) : [];
  const runs = entry(doc, root, "runs")?.value ?? null;
  const actionSteps = kind === "action" ? readSteps(doc, src, entry(doc, runs, "steps")?.value ?? null, ["runs", "steps"]) : [];
  return { path, text, kind, src, doc, root, eol: eolOf(text), jobs, actionSteps };
}

export function jobOf(model: FileModel, id: string | undefined): JobCtx | undefined {
  return id === undefined ? undefined : model.jobs.find((j) => j.id === id);
}

/** The steps a usage's step index refers to: its job's, or the composite action's. */
export function stepsOf(model: FileModel, usage: Pick<Usage, "job">): StepCtx[] {
  return usage.job !== undefined ? (jobOf(model, usage.job)?.steps ?? []) : model.actionSteps;
}

export function stepOf(model: FileModel, usage: Pick<Usage, "job" | "step">): StepCtx | undefined {
  const index = usage.step?.index;
  return index === undefined ? undefined : stepsOf(model, usage).find((s) => s.ref.index === index);
}

export interface PairAt {
  pair: Pair<unknown, unknown>;
  key: string;
  keyNode: Node;
  value: Node | null;
  /** The mapping holding the pair. */
  map: YAMLMap<unknown, unknown>;
}

/**
 * The `key: value` pair a YAML path ends at. Undefined when the path does not lead there or goes
 * through an alias: editing an anchor would change every place that refers to it.
 */
export function pairAt(model: FileModel, path: YamlPath): PairAt | undefined {
  let node: unknown = model.root;
  let found: PairAt | undefined;
  for (const segment of path) {
    if (isAlias(node)) return undefined;
    if (typeof segment === "number") {
      if (!isSeq(node)) return undefined;
      node = (node as YAMLSeq<unknown>).items[segment];
      found = undefined;
      continue;
    }
    if (!isMap(node)) return undefined;
    const map = node as YAMLMap<unknown, unknown>;
    const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
    if (!pair || !isScalar(pair.key)) return undefined;
    const value = pair.value;
    if (isAlias(value)) return undefined;
    found = { pair, key: segment, keyNode: pair.key, value: (value as Node | null) ?? null, map };
    node = value;
  }
  return found;
}

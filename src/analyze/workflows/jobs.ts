// Reads the structure the detectors walk: jobs (environment, permissions, env, steps) and steps
// (uses, with, env, run), for workflows and for composite actions.
import { isMap, isScalar, isSeq, type Document, type Node } from "yaml";
import { trailingComment, type SourceFile } from "./source.js";
import type { JobCtx, StepCtx } from "./scope.js";
import type { ActionRef, EnvironmentRef, Permissions, YamlPath } from "./types.js";
import { deref, entries, entry, entrySpan, nodeSpan, str, type Entry } from "./yaml-nodes.js";

export const DEFAULT_PERMISSIONS: Permissions = { source: "default", value: {}, idTokenWrite: false };

export function readPermissions(doc: Document, src: SourceFile, e: Entry | undefined, source: "job" | "workflow"): Permissions | undefined {
  if (!e) return undefined;
  // From `permissions:` to the end of its value: where a patch adds `id-token: write`.
  const where = entrySpan(src, e);
  const scalar = str(e.value);
  if (scalar === "read-all" || scalar === "write-all") {
    return { source, value: scalar, idTokenWrite: scalar === "write-all", span: where };
  }
  const value: Record<string, string> = {};
  for (const p of entries(doc, e.value)) value[p.key] = str(p.value) ?? "";
  return { source, value, idTokenWrite: value["id-token"] === "write", span: where };
}

export function readEnvironment(doc: Document, src: SourceFile, e: Entry | undefined): EnvironmentRef | undefined {
  if (!e) return undefined;
  const node = isMap(e.value) ? (entry(doc, e.value, "name")?.value ?? null) : e.value;
  const name = str(node);
  const where = nodeSpan(src, node);
  if (!name || !where) return undefined;
  return { name, expression: name.includes("${{"), span: where };
}

export function readJobs(doc: Document, src: SourceFile, jobsNode: Node | null, filePermissions: Permissions): JobCtx[] {
  const jobs: JobCtx[] = [];
  for (const j of entries(doc, jobsNode)) {
    const node = j.value;
    if (!isMap(node)) continue;
    const path: YamlPath = ["jobs", j.key];
    const env = entry(doc, node, "env");
    const uses = entry(doc, node, "uses");
    const name = str(entry(doc, node, "name")?.value);
    const environment = readEnvironment(doc, src, entry(doc, node, "environment"));
    jobs.push({
      id: j.key,
      ...(name !== undefined ? { name } : {}),
      node,
      path,
      offset: j.keyNode.range?.[0] ?? 0,
      endOffset: node.range?.[1] ?? 0,
      ...(environment ? { environment } : {}),
      permissions: readPermissions(doc, src, entry(doc, node, "permissions"), "job") ?? filePermissions,
      ...(env ? { env } : {}),
      steps: readSteps(doc, src, entry(doc, node, "steps")?.value ?? null, [...path, "steps"]),
      ...(uses ? { uses } : {}),
    });
  }
  return jobs;
}

export function readSteps(doc: Document, src: SourceFile, stepsNode: Node | null, basePath: YamlPath): StepCtx[] {
  const seq = deref(doc, stepsNode);
  if (!isSeq(seq)) return [];
  const steps: StepCtx[] = [];
  seq.items.forEach((item: unknown, index: number) => {
    const node = deref(doc, item);
    const where = nodeSpan(src, node);
    if (!node || !isMap(node) || !where) return;
    const get = (key: string) => entry(doc, node, key);
    const uses = get("uses");
    const action = uses ? parseUses(src, uses) : undefined;
    const name = str(get("name")?.value);
    const id = str(get("id")?.value);
    const usesText = str(uses?.value);
    const step: StepCtx = {
      ref: {
        index,
        ...(name !== undefined ? { name } : {}),
        ...(id !== undefined ? { id } : {}),
        ...(usesText !== undefined ? { uses: usesText } : {}),
        span: where,
      },
      node,
      path: [...basePath, index],
    };
    if (action) step.action = action;
    for (const key of ["uses", "with", "env", "run"] as const) {
      const found = get(key);
      if (found) step[key] = found;
    }
    steps.push(step);
  });
  return steps;
}

/** Splits `uses:` into action and ref; a trailing `# v4.1.0` names the version of a pinned SHA. */
export function parseUses(src: SourceFile, e: Entry): ActionRef | undefined {
  const uses = str(e.value)?.trim();
  if (!uses) return undefined;
  const comment = isScalar(e.value) && e.value.range ? trailingComment(src, e.value.range[1]) : undefined;
  const version = comment?.text.match(/v?\d+(?:\.\d+)*(?:[-+][\w.]+)?/)?.[0];
  const extra = version ? { versionComment: version } : {};
  if (uses.startsWith("docker://")) {
    const image = uses.slice("docker://".length);
    const digest = image.indexOf("@");
    const colon = image.lastIndexOf(":");
    const tagAt = digest >= 0 ? digest : colon > image.lastIndexOf("/") ? colon : -1;
    const action = `docker://${tagAt >= 0 ? image.slice(0, tagAt) : image}`;
    return { uses, action, ...(tagAt >= 0 ? { ref: image.slice(tagAt + 1) } : {}), local: false, docker: true, ...extra };
  }
  if (uses.startsWith("./") || uses.startsWith("../")) return { uses, action: uses, local: true, docker: false };
  const at = uses.lastIndexOf("@");
  const action = at >= 0 ? uses.slice(0, at) : uses;
  const ref = at >= 0 ? uses.slice(at + 1) : undefined;
  const sha = ref && /^[0-9a-f]{40}$/i.test(ref) ? { sha: ref } : {};
  return { uses, action, ...(ref ? { ref } : {}), ...sha, local: false, docker: false, ...extra };
}

export function isCac(action: ActionRef | undefined): boolean {
  return action?.action.toLowerCase() === "aws-actions/configure-aws-credentials";
}

/** Composite action inputs and whether each one must be given or has a non-empty default. */
export function readActionInputs(doc: Document, inputsNode: Node | null): Map<string, { required: boolean; hasDefault: boolean }> {
  const out = new Map<string, { required: boolean; hasDefault: boolean }>();
  for (const input of entries(doc, inputsNode)) {
    const required = str(entry(doc, input.value, "required")?.value) === "true";
    const def = str(entry(doc, input.value, "default")?.value) ?? "";
    out.set(input.key.toLowerCase(), { required, hasDefault: def.trim() !== "" });
  }
  return out;
}

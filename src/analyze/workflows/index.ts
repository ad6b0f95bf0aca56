// The workflow analyzer: where a repository's workflows and local actions hand static AWS keys to
// jobs. Pure: the files' text in, plain data out. Local reusable workflows and composite actions
// are followed, so a key passed through `secrets: inherit` is found at the caller too.
import { analyzeFile, type CalleeLookup, type FileAnalysis } from "./analyze-file.js";
import { literalUsagesOfSkipped } from "./literals.js";
import { parseWorkflow } from "./parse.js";
import type { FileSkip, RepoWorkflowAnalysis, Usage, WorkflowCall, WorkflowFileInput } from "./types.js";

export * from "./types.js";
export { isMasked, literalSecretSpans, maskSecrets, maskSecretsDeep, redactSecrets } from "../../core/literal-secrets.js";
export { locateNode, type NodeLocation } from "./locate.js";

export function analyzeRepoWorkflows(input: { repo: string; files: WorkflowFileInput[] }): RepoWorkflowAnalysis {
  const files = input.files.map((f) => ({ path: normalizePath(f.path), text: f.text }));
  const byPath = new Map(files.map((f) => [f.path, f]));
  const results = new Map<string, FileAnalysis | FileSkip>();
  const literalsOfSkipped = new Map<string, Usage[]>();
  const inProgress = new Set<string>();

  const analyze = (path: string): FileAnalysis | FileSkip | undefined => {
    const done = results.get(path);
    if (done) return done;
    const file = byPath.get(path);
    // A call cycle (a workflow that ends up calling itself) is followed once.
    if (!file || inProgress.has(path)) return undefined;
    inProgress.add(path);
    const kind = fileKindOf(path);
    const parsed = parseWorkflow(path, file.text);
    let result: FileAnalysis | FileSkip;
    if (parsed.ok) {
      result = analyzeFile(input.repo, parsed, kind, (uses, callKind) => lookup(uses, callKind));
    } else {
      result = { path, code: parsed.code, reason: parsed.reason };
    }
    if ("code" in result) {
      const src = parsed.src;
      if (src) literalsOfSkipped.set(path, literalUsagesOfSkipped(input.repo, src, kind, result.code));
    }
    inProgress.delete(path);
    results.set(path, result);
    return result;
  };

  const lookup: CalleeLookup = (uses, callKind) => {
    const candidates = calleeCandidates(input.repo, uses, callKind);
    if (!candidates) return undefined;
    const path = candidates.find((c) => byPath.has(c));
    if (!path) return { path: candidates[0] ?? uses };
    const result = analyze(path);
    return result && !("code" in result) ? { path, info: { path, params: result.params } } : { path };
  };

  const out: RepoWorkflowAnalysis = { repo: input.repo, usages: [], oidcJobs: [], calls: [], skipped: [], files: [] };
  for (const file of files) {
    const result = analyze(file.path);
    if (!result) continue;
    if ("code" in result) {
      out.skipped.push(result);
      out.usages.push(...(literalsOfSkipped.get(file.path) ?? []));
      continue;
    }
    out.usages.push(...result.usages);
    out.oidcJobs.push(...result.oidc);
    out.calls.push(...result.calls);
    out.files.push(result.summary);
  }
  return out;
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, "/").replace(/^\.?\//, "");
}

function fileKindOf(path: string): "workflow" | "action" {
  return /(^|\/)action\.ya?ml$/i.test(path) ? "action" : "workflow";
}

/** Repo paths a `uses:` may name, or undefined when it points outside this repository. */
export function calleeCandidates(repo: string, uses: string, kind: WorkflowCall["kind"]): string[] | undefined {
  let path: string | undefined;
  if (uses.startsWith("./")) path = uses.slice(2);
  else {
    // owner/repo/path@ref naming this same repository is local too (at another ref, maybe).
    const m = /^([^/@]+)\/([^/@]+)(?:\/([^@]*))?@.+$/.exec(uses);
    if (m && `${m[1]}/${m[2]}`.toLowerCase() === repo.toLowerCase()) path = m[3] ?? "";
  }
  if (path === undefined) return undefined;
  path = path.replace(/\/+$/, "");
  if (kind === "reusable-workflow") return [path];
  const dir = path === "" || path === "." ? "" : `${path}/`;
  return [`${dir}action.yml`, `${dir}action.yaml`];
}

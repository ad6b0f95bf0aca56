// Reads a triggered workflow the way a runner would meet it: each job (matrix legs expanded, local
// reusable workflows followed with the secrets their callers pass or inherit), its environment and
// the secrets it sees, whether it may request an OIDC token, and its steps (step-walk.ts).

import { condition, interpolate, ON_MISSING, substitute, type Scope } from "./expressions.js";
import type { SecretsSource } from "./secrets-context.js";
import { obj, walkSteps, type StepPlan } from "./step-walk.js";
import { parseYaml, type Node } from "./yaml-doc.js";

export { parseYaml } from "./yaml-doc.js";
export type { CredentialStep, KeyHandOff, StepPlan } from "./step-walk.js";

export interface JobPlan {
  /** Display name: `deploy`, `deploy (prod)`, `release / deploy` for a reusable workflow's job. */
  name: string;
  /** The job's id in the triggered workflow (a caller job for reusable workflows). */
  topJob: string;
  /** The file whose job this is (job_workflow_ref). */
  workflowPath: string;
  environment?: string;
  idTokenWrite: boolean;
  needs: string[];
  /** The job's `if:` is false for this event. */
  skipped: boolean;
  steps: StepPlan[];
  problems: string[];
}

const MAX_DEPTH = 4;

/** Configuration variables a job sees: the org's and repo's, then its environment's over them. */
export type VarsFor = (environment: string | undefined) => Record<string, string>;

export interface JobContexts {
  varsFor: VarsFor;
  secrets: SecretsSource;
}

/** The jobs a run of `path` executes, in the order they are declared. */
export function planJobs(files: Record<string, string>, path: string, scope: Scope, contexts: JobContexts): JobPlan[] {
  const doc = parseYaml(files[path]);
  const jobs = obj(doc?.["jobs"]);
  const out: JobPlan[] = [];
  const wfEnv = obj(doc?.["env"]);
  for (const [jobId, raw] of Object.entries(jobs)) {
    const job = obj(raw);
    for (const matrix of expandMatrix(job["strategy"])) {
      const legScope: Scope = { ...scope, matrix };
      const leg = Object.keys(matrix).length > 0 ? ` (${Object.values(matrix).map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ")})` : "";
      const perms = job["permissions"] ?? doc?.["permissions"];
      const base = { topJob: jobId, needs: list(job["needs"]), skipped: condition(job["if"], legScope) === false };
      if (typeof job["uses"] === "string") {
        out.push(...calleeJobs(files, job, `${jobId}${leg}`, base, perms, legScope, contexts, contexts.secrets.secretsFor(undefined), 1));
        continue;
      }
      const environment = environmentOf(job, legScope);
      const walk = {
        files, file: path, depth: 0, scope: { ...legScope, vars: contexts.varsFor(environment.environment) }, envLayers: [wfEnv, obj(job["env"])],
        secrets: contexts.secrets.secretsFor(environment.environment), runtimeEnv: {}, missing: [],
      };
      out.push({ name: `${jobId}${leg}`, workflowPath: path, ...environment, idTokenWrite: writesIdToken(perms), ...base, ...walkSteps(walk, job["steps"]) });
    }
  }
  return out;
}

function calleeJobs(
  files: Record<string, string>, caller: Node, name: string, base: Pick<JobPlan, "topJob" | "needs" | "skipped">, callerPerms: unknown, scope: Scope,
  contexts: JobContexts, callerSecrets: Record<string, string>, depth: number,
): JobPlan[] {
  const uses = String(caller["uses"]);
  const path = uses.startsWith("./") ? uses.slice(2) : undefined;
  const callee = path ? parseYaml(files[path]) : undefined;
  if (!path || !callee || depth > MAX_DEPTH) {
    const problem = path ? `reusable workflow ${uses} not found` : `reusable workflow ${uses} is outside the repository (not simulated)`;
    return [{ name, workflowPath: path ?? uses, idTokenWrite: false, ...base, steps: [], problems: [problem] }];
  }
  const declared = obj(obj(triggerBlock(callee)["workflow_call"])["inputs"]);
  const inputs: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(declared)) inputs[key] = obj(spec)["default"] ?? "";
  for (const [key, value] of Object.entries(obj(caller["with"]))) inputs[key] = interpolate(value, scope) ?? value;
  // `secrets: inherit` passes the caller's secrets; a mapping passes what its expressions give; nothing passes none.
  const missing = new Set<string>();
  const hooked = { ...callerSecrets, [ON_MISSING]: (n: string) => missing.add(n.toUpperCase()) };
  const passed =
    caller["secrets"] === "inherit"
      ? callerSecrets
      : Object.fromEntries(Object.entries(obj(caller["secrets"])).map(([k, v]) => [k, substitute(v, { ...scope, secrets: hooked })]));
  const calleeScope: Scope = { ...scope, inputs, matrix: {} };
  const out: JobPlan[] = [];
  for (const [jobId, raw] of Object.entries(obj(callee["jobs"]))) {
    const job = obj(raw);
    const perms = job["permissions"] ?? callee["permissions"] ?? callerPerms;
    const skipped = base.skipped || condition(job["if"], calleeScope) === false;
    if (typeof job["uses"] === "string") {
      out.push(...calleeJobs(files, job, `${name} / ${jobId}`, { ...base, skipped }, perms, calleeScope, contexts, passed, depth + 1));
      continue;
    }
    // A called workflow can only narrow the caller's permissions.
    const idTokenWrite = writesIdToken(perms) && writesIdToken(callerPerms);
    const environment = environmentOf(job, calleeScope);
    const walk = {
      files, file: path, depth: 0, scope: { ...calleeScope, vars: contexts.varsFor(environment.environment) }, envLayers: [obj(callee["env"]), obj(job["env"])],
      // The job's environment's secrets win over what the caller passed.
      secrets: contexts.secrets.secretsFor(environment.environment, passed), runtimeEnv: {}, missing: [...missing],
    };
    out.push({ name: `${name} / ${jobId}`, workflowPath: path, ...environment, idTokenWrite, ...base, skipped, ...walkSteps(walk, job["steps"]) });
  }
  return out;
}

function environmentOf(job: Node, scope: Scope): { environment?: string } {
  const env = job["environment"];
  const raw = env && typeof env === "object" ? obj(env)["name"] : env;
  const name = raw === undefined ? undefined : interpolate(raw, scope);
  return name ? { environment: name } : {};
}

function writesIdToken(perms: unknown): boolean {
  if (perms === "write-all") return true;
  return obj(perms)["id-token"] === "write";
}

function triggerBlock(doc: Node): Node {
  const on = doc["on"] ?? doc["true"];
  if (typeof on === "string") return { [on]: {} };
  if (Array.isArray(on)) return Object.fromEntries(on.map((e) => [String(e), {}]));
  return obj(on);
}

/** Matrix legs: the product of the list-valued keys, then `include` and `exclude` (at most 64 legs). */
export function expandMatrix(strategy: unknown): Array<Record<string, unknown>> {
  const matrix = obj(obj(strategy)["matrix"]);
  let legs: Array<Record<string, unknown>> = [{}];
  for (const [key, values] of Object.entries(matrix)) {
    if (key === "include" || key === "exclude" || !Array.isArray(values)) continue;
    legs = legs.flatMap((leg) => values.map((v) => ({ ...leg, [key]: v })));
  }
  const base = Object.keys(legs[0] ?? {}).length > 0;
  const matches = (leg: Record<string, unknown>, pattern: Record<string, unknown>) => Object.entries(pattern).every(([k, v]) => !(k in leg) || JSON.stringify(leg[k]) === JSON.stringify(v));
  for (const pattern of (Array.isArray(matrix["exclude"]) ? matrix["exclude"] : []).map(obj)) legs = legs.filter((leg) => !Object.entries(pattern).every(([k, v]) => JSON.stringify(leg[k]) === JSON.stringify(v)));
  for (const extra of (Array.isArray(matrix["include"]) ? matrix["include"] : []).map(obj)) {
    const targets = base ? legs.filter((leg) => matches(leg, extra)) : [];
    if (targets.length > 0) for (const leg of targets) Object.assign(leg, { ...extra, ...leg });
    else legs.push({ ...extra });
  }
  if (!base && legs.length > 1 && Object.keys(legs[0] ?? {}).length === 0) legs.shift();
  return legs.slice(0, 64);
}

function list(value: unknown): string[] {
  return value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map(String);
}

// Reads a triggered workflow the way a runner would meet it: each job (matrix legs expanded, local
// reusable workflows and composite actions followed), its environment, whether it may request an
// OIDC token, and its configure-aws-credentials steps in order, with their inputs resolved.

import { parse } from "yaml";
import { condition, interpolate, type Scope } from "./expressions.js";

export interface CredentialStep {
  where: string;
  /** role-to-assume as written, and resolved (undefined when an expression cannot be known). */
  roleText?: string;
  roleArn?: string;
  chaining: boolean;
  externalId?: string;
  durationSeconds?: number;
  sessionName: string;
  region?: string;
  audience: string;
  skipTagging: boolean;
  /** The step is given static keys (aws-access-key-id). */
  hasKeys: boolean;
  uses: string;
}

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
  steps: CredentialStep[];
  problems: string[];
}

type Node = Record<string, unknown>;
const CAC = /^aws-actions\/configure-aws-credentials@/i;
const MAX_DEPTH = 4;

export function parseYaml(text: string | undefined): Node | undefined {
  if (text === undefined) return undefined;
  try {
    const doc = parse(text, { maxAliasCount: 1000 }) as unknown;
    return doc && typeof doc === "object" && !Array.isArray(doc) ? (doc as Node) : undefined;
  } catch {
    return undefined;
  }
}

/** Configuration variables a job sees: the org's and repo's, then its environment's over them. */
export type VarsFor = (environment: string | undefined) => Record<string, string>;

/** The jobs a run of `path` executes, in the order they are declared. */
export function planJobs(files: Record<string, string>, path: string, scope: Scope, varsFor: VarsFor): JobPlan[] {
  const doc = parseYaml(files[path]);
  const jobs = obj(doc?.["jobs"]);
  const out: JobPlan[] = [];
  const wfEnv = { ...obj(doc?.["env"]) };
  for (const [jobId, raw] of Object.entries(jobs)) {
    const job = obj(raw);
    for (const matrix of expandMatrix(job["strategy"])) {
      const legScope: Scope = { ...scope, matrix, env: { ...wfEnv, ...obj(job["env"]) } };
      const leg = Object.keys(matrix).length > 0 ? ` (${Object.values(matrix).map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ")})` : "";
      const perms = job["permissions"] ?? doc?.["permissions"];
      const base = { topJob: jobId, needs: list(job["needs"]), skipped: condition(job["if"], legScope) === false };
      if (typeof job["uses"] === "string") {
        out.push(...calleeJobs(files, job, `${jobId}${leg}`, base, perms, legScope, varsFor, 1));
        continue;
      }
      const environment = environmentOf(job, legScope);
      const stepScope = { ...legScope, vars: varsFor(environment.environment) };
      out.push({ name: `${jobId}${leg}`, workflowPath: path, ...environment, idTokenWrite: writesIdToken(perms), ...base, ...walkSteps(files, job["steps"], stepScope, path, 0) });
    }
  }
  return out;
}

function calleeJobs(files: Record<string, string>, caller: Node, name: string, base: Pick<JobPlan, "topJob" | "needs" | "skipped">, callerPerms: unknown, scope: Scope, varsFor: VarsFor, depth: number): JobPlan[] {
  const uses = String(caller["uses"]);
  const path = uses.startsWith("./") ? uses.slice(2) : undefined;
  const callee = path ? parseYaml(files[path]) : undefined;
  if (!path || !callee || depth > MAX_DEPTH) {
    const problem = path ? `reusable workflow ${uses} not found` : `reusable workflow ${uses} is outside the repository (not simulated)`;
    return [{ name, workflowPath: path ?? uses, idTokenWrite: false, ...base, steps: [], problems: [problem] }];
  }
  const declared = obj(obj(triggerBlock(callee)["workflow_call"])["inputs"]);
  const given = obj(caller["with"]);
  const inputs: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(declared)) inputs[key] = obj(spec)["default"] ?? "";
  for (const [key, value] of Object.entries(given)) inputs[key] = interpolate(value, scope) ?? value;
  const calleeScope: Scope = { ...scope, inputs, matrix: {}, env: { ...obj(callee["env"]) } };
  const out: JobPlan[] = [];
  for (const [jobId, raw] of Object.entries(obj(callee["jobs"]))) {
    const job = obj(raw);
    const jobScope = { ...calleeScope, env: { ...obj(calleeScope["env"]), ...obj(job["env"]) } };
    const perms = job["permissions"] ?? callee["permissions"] ?? callerPerms;
    const skipped = base.skipped || condition(job["if"], jobScope) === false;
    if (typeof job["uses"] === "string") {
      out.push(...calleeJobs(files, job, `${name} / ${jobId}`, { ...base, skipped }, perms, jobScope, varsFor, depth + 1));
      continue;
    }
    // A called workflow can only narrow the caller's permissions.
    const idTokenWrite = writesIdToken(perms) && writesIdToken(callerPerms);
    const environment = environmentOf(job, jobScope);
    out.push({ name: `${name} / ${jobId}`, workflowPath: path, ...environment, idTokenWrite, ...base, skipped, ...walkSteps(files, job["steps"], { ...jobScope, vars: varsFor(environment.environment) }, path, 0) });
  }
  return out;
}

function walkSteps(files: Record<string, string>, steps: unknown, scope: Scope, file: string, depth: number): { steps: CredentialStep[]; problems: string[] } {
  const out: CredentialStep[] = [];
  const problems: string[] = [];
  (Array.isArray(steps) ? steps : []).forEach((raw, index) => {
    const step = obj(raw);
    const stepScope = { ...scope, env: { ...obj(scope["env"]), ...obj(step["env"]) } };
    if (condition(step["if"], stepScope) === false) return;
    const uses = typeof step["uses"] === "string" ? step["uses"] : "";
    const where = `${file} step ${typeof step["name"] === "string" ? `"${step["name"]}"` : index + 1}`;
    if (CAC.test(uses)) out.push(credentialStep(obj(step["with"]), stepScope, where, uses));
    else if (uses.startsWith("./")) {
      const dir = uses.slice(2).replace(/\/+$/, "");
      const actionPath = [`${dir}/action.yml`, `${dir}/action.yaml`].find((p) => p in files);
      const action = parseYaml(actionPath ? files[actionPath] : undefined);
      const runs = obj(action?.["runs"]);
      if (!action || !actionPath || depth >= MAX_DEPTH) {
        problems.push(`local action ${uses} not found`);
        return;
      }
      if (runs["using"] !== "composite") return;
      const inputs: Record<string, unknown> = {};
      for (const [key, spec] of Object.entries(obj(action["inputs"]))) inputs[key] = obj(spec)["default"] ?? "";
      for (const [key, value] of Object.entries(obj(step["with"]))) inputs[key] = interpolate(value, stepScope) ?? value;
      const inner = walkSteps(files, runs["steps"], { ...stepScope, inputs }, actionPath, depth + 1);
      out.push(...inner.steps);
      problems.push(...inner.problems);
    }
  });
  return { steps: out, problems };
}

function credentialStep(inputs: Node, scope: Scope, where: string, uses: string): CredentialStep {
  const get = (name: string) => (inputs[name] === undefined ? undefined : interpolate(inputs[name], scope));
  const bool = (name: string) => /^true$/i.test(get(name) ?? "");
  const roleText = inputs["role-to-assume"] === undefined ? undefined : String(inputs["role-to-assume"]);
  const roleArn = get("role-to-assume");
  const duration = get("role-duration-seconds");
  const externalId = get("role-external-id");
  const region = get("aws-region");
  return {
    where,
    ...(roleText !== undefined ? { roleText } : {}),
    ...(roleArn ? { roleArn } : {}),
    chaining: bool("role-chaining"),
    ...(externalId ? { externalId } : {}),
    ...(duration && Number.isFinite(Number(duration)) ? { durationSeconds: Number(duration) } : {}),
    sessionName: get("role-session-name") || "GitHubActions",
    ...(region ? { region } : {}),
    audience: get("audience") || "sts.amazonaws.com",
    skipTagging: bool("role-skip-session-tagging"),
    hasKeys: inputs["aws-access-key-id"] !== undefined,
    uses,
  };
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

function obj(value: unknown): Node {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Node) : {};
}

function list(value: unknown): string[] {
  return value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map(String);
}

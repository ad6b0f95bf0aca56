// A job's steps as a runner meets them, in order: each step's `env` (workflow, job, what earlier
// steps wrote to $GITHUB_ENV, the step's own) and `with` evaluated against the job's contexts and
// secrets; `if:` judged; local composite actions entered with their inputs; $GITHUB_ENV and
// $GITHUB_OUTPUT writes of `run:` steps kept for the steps after them.
//
// What a step is handed that can talk to AWS (KeyHandOff), decided by where a value lands, never by
// where it came from (the analyzer's business):
// - env: the pairs the AWS CLI and SDKs read, AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY and the
//   legacy AWS_ACCESS_KEY + AWS_SECRET_KEY, on any step that runs something (a script, an action,
//   a container);
// - inputs of an action: aws-access-key-id + aws-secret-access-key (configure-aws-credentials and
//   look-alikes), access-key-id + secret-access-key, aws-access-key + aws-secret-key, with `_` or `-`;
// - a `run:` script, after its `${{ }}` are replaced: the key id and its secret both written in it
//   (`sls config credentials --key … --secret …`, `aws configure set …`), except lines that only
//   pass them on through $GITHUB_ENV / $GITHUB_OUTPUT (the steps that read them are judged instead).

import { condition, interpolate, ON_MISSING, substitute, type Scope } from "./expressions.js";
import { parseYaml } from "./yaml-doc.js";

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

/** Credentials a step receives. Values stay in the runner: they are never reported. */
export interface KeyHandOff {
  where: string;
  /** `env AWS_ACCESS_KEY_ID`, `input aws-access-key-id`, `run script`. */
  via: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** For `run script`: the script with its expressions replaced (ids and secrets are looked for in it). */
  script?: string;
  region?: string;
  /** The action, when an action receives the keys as inputs (its STS user agent). */
  uses?: string;
}

export interface StepPlan {
  where: string;
  /** A configure-aws-credentials step. */
  credential?: CredentialStep;
  handOffs: KeyHandOff[];
  /** Secrets the step read that are not set (upper case). */
  missing: string[];
}

export interface StepWalk {
  files: Record<string, string>;
  /** The file whose steps these are. */
  file: string;
  depth: number;
  /** Contexts other than env, secrets and steps. */
  scope: Scope;
  /** Raw `env:` blocks around the steps, outermost first. */
  envLayers: Array<Record<string, unknown>>;
  /** The `secrets` context; undefined inside a composite action, which cannot read it. */
  secrets?: Record<string, string>;
  /** $GITHUB_ENV as earlier steps of the job left it (shared by the job's steps, composite ones included). */
  runtimeEnv: Record<string, string>;
  /** Secrets found unset before these steps (a caller's `with:` or `secrets:`). */
  missing: string[];
}

type Node = Record<string, unknown>;
const CAC = /^aws-actions\/configure-aws-credentials@/i;
const MAX_DEPTH = 4;
const ENV_PAIRS = [
  ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
  ["AWS_ACCESS_KEY", "AWS_SECRET_KEY"],
] as const;
const INPUT_PAIRS = [
  ["aws-access-key-id", "aws-secret-access-key"],
  ["access-key-id", "secret-access-key"],
  ["aws-access-key", "aws-secret-key"],
] as const;

export function walkSteps(walk: StepWalk, steps: unknown): { steps: StepPlan[]; problems: string[] } {
  const out: StepPlan[] = [];
  const problems: string[] = [];
  const stepsContext: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {};
  (Array.isArray(steps) ? steps : []).forEach((raw, index) => {
    const step = obj(raw);
    const missing = new Set(walk.missing);
    const secrets = walk.secrets ? { ...walk.secrets, [ON_MISSING]: (name: string) => missing.add(name.toUpperCase()) } : undefined;
    const base: Scope = { ...walk.scope, steps: stepsContext, ...(secrets ? { secrets } : {}) };
    const env = evaluateEnv([...walk.envLayers, walk.runtimeEnv, obj(step["env"])], base);
    const scope: Scope = { ...base, env };
    if (condition(step["if"], scope) === false) return;
    const uses = typeof step["uses"] === "string" ? step["uses"].trim() : "";
    const where = `${walk.file} step ${typeof step["name"] === "string" ? `"${step["name"]}"` : index + 1}`;
    const plan: StepPlan = { where, handOffs: [], missing: [] };
    const inputs = Object.fromEntries(Object.entries(obj(step["with"])).map(([k, v]) => [k, substitute(v, scope)]));

    if (uses.startsWith("./")) {
      const inner = composite(walk, uses, inputs, env, [...missing]);
      if (inner === "not-found") problems.push(`local action ${uses} not found`);
      else if (inner !== "not-composite") {
        out.push(...inner.steps);
        problems.push(...inner.problems);
        return;
      }
    }
    if (CAC.test(uses)) plan.credential = credentialStep(obj(step["with"]), scope, where, uses);
    plan.handOffs.push(...envHandOffs(env, where));
    if (uses) plan.handOffs.push(...inputHandOffs(inputs, where, uses));
    else if (typeof step["run"] === "string") {
      const script = substitute(step["run"], scope);
      // Lines that only pass values on to later steps ($GITHUB_ENV, $GITHUB_OUTPUT) call nothing.
      const calls = script.split(/\r?\n/).filter((line) => !WRITE.test(line)).join("\n");
      plan.handOffs.push({ where, via: "run script", accessKeyId: "", secretAccessKey: "", script: calls, ...region(env) });
      const writes = scriptWrites(script, env);
      Object.assign(walk.runtimeEnv, writes.env);
      if (typeof step["id"] === "string") stepsContext[step["id"]] = { outputs: writes.outputs, outcome: "success", conclusion: "success" };
    }
    if (uses && typeof step["id"] === "string") stepsContext[step["id"]] ??= { outputs: {}, outcome: "success", conclusion: "success" };
    plan.missing = [...missing];
    out.push(plan);
  });
  return { steps: out, problems };
}

/** A local composite action's steps; a JavaScript or Docker action runs as one step with its inputs and env. */
function composite(walk: StepWalk, uses: string, given: Record<string, string>, env: Record<string, string>, missing: string[]): { steps: StepPlan[]; problems: string[] } | "not-found" | "not-composite" {
  const dir = uses.slice(2).replace(/\/+$/, "");
  const path = [`${dir}/action.yml`, `${dir}/action.yaml`].find((p) => p in walk.files);
  const action = path ? parseYaml(walk.files[path]) : undefined;
  if (!action || !path || walk.depth >= MAX_DEPTH) return "not-found";
  const runs = obj(action["runs"]);
  if (runs["using"] !== "composite") return "not-composite";
  const inputs: Record<string, string> = {};
  for (const [key, spec] of Object.entries(obj(action["inputs"]))) inputs[key] = substitute(obj(spec)["default"] ?? "", { ...walk.scope, env });
  for (const [key, value] of Object.entries(given)) inputs[key] = value;
  // The action's steps see the calling step's env and no `secrets` context, only what its inputs carry.
  return walkSteps({ ...walk, file: path, depth: walk.depth + 1, scope: { ...walk.scope, inputs }, envLayers: [env], secrets: undefined, missing }, runs["steps"]);
}

/** env blocks outermost first; each one's expressions see the env of the blocks around it. */
export function evaluateEnv(layers: Array<Record<string, unknown>>, scope: Scope): Record<string, string> {
  let env: Record<string, string> = {};
  for (const layer of layers) {
    const next = { ...env };
    for (const [name, value] of Object.entries(layer)) next[name] = substitute(value, { ...scope, env });
    env = next;
  }
  return env;
}

function envHandOffs(env: Record<string, string>, where: string): KeyHandOff[] {
  return ENV_PAIRS.filter(([id, secret]) => id in env || secret in env).map(([id, secret]) => ({
    where, via: `env ${id}`, accessKeyId: env[id] ?? "", secretAccessKey: env[secret] ?? "", ...region(env),
  }));
}

function inputHandOffs(inputs: Record<string, string>, where: string, uses: string): KeyHandOff[] {
  const byName = new Map(Object.entries(inputs).map(([k, v]) => [k.toLowerCase().replace(/_/g, "-"), { name: k, value: v }]));
  const regionInput = byName.get("aws-region") ?? byName.get("region");
  return INPUT_PAIRS.filter(([id, secret]) => byName.has(id) || byName.has(secret)).map(([id, secret]) => ({
    where, via: `input ${byName.get(id)?.name ?? id}`, accessKeyId: byName.get(id)?.value ?? "", secretAccessKey: byName.get(secret)?.value ?? "", uses,
    ...(regionInput?.value ? { region: regionInput.value } : {}),
  }));
}

function region(env: Record<string, string>): { region?: string } {
  const value = env["AWS_REGION"] || env["AWS_DEFAULT_REGION"];
  return value ? { region: value } : {};
}

const WRITE = /^\s*echo\s+(?:-[neE]+\s+)?(?:"([A-Za-z_]\w*)=([^"]*)"|'([A-Za-z_]\w*)=([^']*)'|([A-Za-z_]\w*)=(\S*))\s*>>\s*"?\$\{?(GITHUB_ENV|GITHUB_OUTPUT)\}?"?\s*$/;

/**
 * `echo "NAME=value" >> $GITHUB_ENV` (and GITHUB_OUTPUT) lines of a script whose expressions are
 * already replaced; `$VAR`/`${VAR}` in double-quoted or bare values read the step's env, as the shell would.
 */
export function scriptWrites(script: string, env: Record<string, string>): { env: Record<string, string>; outputs: Record<string, string> } {
  const out = { env: {} as Record<string, string>, outputs: {} as Record<string, string> };
  for (const line of script.split(/\r?\n/)) {
    const m = WRITE.exec(line);
    if (!m) continue;
    const [name, raw, literal] = m[1] !== undefined ? [m[1], m[2] ?? "", false] : m[3] !== undefined ? [m[3], m[4] ?? "", true] : [m[5] ?? "", m[6] ?? "", false];
    const value = literal ? raw : raw.replace(/\$\{(\w+)\}|\$(\w+)/g, (_x, a?: string, b?: string) => env[(a ?? b) as string] ?? "");
    (m[7] === "GITHUB_ENV" ? out.env : out.outputs)[name] = value;
  }
  return out;
}

function credentialStep(inputs: Node, scope: Scope, where: string, uses: string): CredentialStep {
  const get = (name: string) => (inputs[name] === undefined ? undefined : interpolate(inputs[name], scope));
  const bool = (name: string) => /^true$/i.test(get(name) ?? "");
  const roleText = inputs["role-to-assume"] === undefined ? undefined : String(inputs["role-to-assume"]);
  const roleArn = get("role-to-assume");
  const duration = get("role-duration-seconds");
  const externalId = get("role-external-id");
  const regionInput = get("aws-region");
  return {
    where,
    ...(roleText !== undefined ? { roleText } : {}),
    ...(roleArn ? { roleArn } : {}),
    chaining: bool("role-chaining"),
    ...(externalId ? { externalId } : {}),
    ...(duration && Number.isFinite(Number(duration)) ? { durationSeconds: Number(duration) } : {}),
    sessionName: get("role-session-name") || "GitHubActions",
    ...(regionInput ? { region: regionInput } : {}),
    audience: get("audience") || "sts.amazonaws.com",
    skipTagging: bool("role-skip-session-tagging"),
    hasKeys: inputs["aws-access-key-id"] !== undefined,
    uses,
  };
}

export function obj(value: unknown): Node {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Node) : {};
}

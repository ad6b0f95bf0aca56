// The text of configure-aws-credentials steps: the `uses:` line moved to the configured version,
// the chained step after an entry step, and whole inserted steps for jobs whose keys came from env.
import type { Node } from "yaml";
import type { StepCtx } from "../../analyze/workflows/scope.js";
import { str } from "../../analyze/workflows/yaml-nodes.js";
import type { FileModel } from "./model.js";
import { pairAt } from "./model.js";
import type { ResolvedOptions } from "./options.js";
import { lineContentEnd, type TextEdit } from "./text-edits.js";
import type { RoleChoice } from "./types.js";
import { scalarSource, yamlScalar, type Field } from "./yaml-text.js";

export const CHAINED_MAX_SECONDS = 3600;

/** The major version a ref or version comment names (v4, v4.1.0, 6 → 4, 4, 6). */
export function majorOf(version: string | undefined): number | undefined {
  const m = /^v?(\d+)(?:\.\d+)*$/.exec(version?.trim() ?? "");
  return m ? Number(m[1]) : undefined;
}

export interface UsesChange {
  edits: TextEdit[];
  changes: string[];
  checks: string[];
}

/**
 * Moves a step's `uses:` to the configured action version. A step already on that major (or a
 * later one) is left as it is, pin and all; a pin is only replaced by another pin.
 */
export function usesEdits(model: FileModel, step: StepCtx, options: ResolvedOptions): UsesChange {
  const out: UsesChange = { edits: [], changes: [], checks: [] };
  const at = pairAt(model, [...step.path, "uses"]);
  const node = at?.value as Node | null | undefined;
  const action = step.action;
  if (!node?.range || !action) return out;
  const current = majorOf(action.sha ? action.versionComment : action.ref);
  if (current !== undefined && options.major !== undefined && current >= options.major) return out;
  const text = model.text;
  const [start, end] = node.range;
  const lineEnd = lineContentEnd(text, end);
  const comment = /^[ \t]*(#.*)$/.exec(text.slice(end, lineEnd));
  out.edits.push({ offset: start, end, text: options.uses });
  if (options.comment !== "") out.edits.push({ offset: end, end: comment ? lineEnd : end, text: options.comment });
  // A version comment named the old pinned release; it would now be wrong.
  else if (comment && /^#\s*v?\d+(?:\.\d+)*\s*$/.test(comment[1] ?? "")) out.edits.push({ offset: end, end: lineEnd, text: "" });
  const from = action.sha ? `${action.sha.slice(0, 12)}…${action.versionComment ? ` (${action.versionComment})` : ""}` : (action.ref ?? "no version");
  out.changes.push(`moved ${action.action} from ${from} to ${options.uses}${options.comment}`);
  if (action.sha && options.comment === "") out.checks.push(`${action.action} was pinned to a commit; ${options.uses} is a tag: pin it to the release's commit SHA`);
  return out;
}

/** A step's `uses:` value as written, with its trailing comment (a kept pin and its `# v6`). */
export function usesAsWritten(model: FileModel, step: StepCtx): string | undefined {
  const node = pairAt(model, [...step.path, "uses"])?.value as Node | null | undefined;
  const value = scalarSource(model.text, node);
  if (!node?.range || value === undefined) return undefined;
  const comment = /^[ \t]*(#.*)$/.exec(model.text.slice(node.range[1], lineContentEnd(model.text, node.range[1])));
  return comment ? `${value} ${comment[1]}` : value;
}

/** `uses:` text for an inserted step. */
export function usesText(options: ResolvedOptions): string {
  return options.uses + options.comment;
}

export interface ChainInput {
  role: string;
  region: string | undefined;
  externalId: string | undefined;
  /** Inputs moved from the entry step (key-then-assume), as YAML text. */
  moved: Field[];
  /** `uses:` text; the configured action by default. */
  uses?: string;
}

/** The step that chains from the entry role into the deploy role, after `step`. */
export function chainFields(model: FileModel | undefined, step: StepCtx | undefined, options: ResolvedOptions, input: ChainInput): { fields: Field[]; checks: string[] } {
  const checks: string[] = [];
  const withOf = (key: string) => (step && model ? pairAt(model, [...step.path, "with", key])?.value : undefined) as Node | null | undefined;
  const copy = (node: Node | null | undefined) => (node && model ? (scalarSource(model.text, node) ?? yamlScalar(str(node) ?? "")) : undefined);
  const region = copy(withOf("aws-region")) ?? input.region;
  const inputs: Field[] = [
    ["role-to-assume", input.role],
    ["role-chaining", "true"],
  ];
  if (region !== undefined) inputs.push(["aws-region", region]);
  const moved = new Map(input.moved);
  if (input.externalId !== undefined) moved.set("role-external-id", yamlScalar(input.externalId));
  const sessionName = copy(withOf("role-session-name"));
  if (sessionName !== undefined) moved.set("role-session-name", sessionName);
  const duration = moved.get("role-duration-seconds") ?? (options.sessionDuration !== undefined ? String(options.sessionDuration) : undefined);
  if (duration !== undefined) {
    const seconds = Number(String(duration).replace(/^['"]|['"]$/g, ""));
    if (Number.isFinite(seconds) && seconds > CHAINED_MAX_SECONDS) {
      moved.set("role-duration-seconds", String(CHAINED_MAX_SECONDS));
      checks.push(`the chained role session was asked for ${seconds} seconds; AWS caps role chaining at one hour, so it is now ${CHAINED_MAX_SECONDS}`);
    } else moved.set("role-duration-seconds", duration);
  }
  for (const [k, v] of moved) inputs.push([k, v]);
  const fields: Field[] = [["name", "Chain into the deploy role"]];
  const condition = step && model ? copy(pairAt(model, [...step.path, "if"])?.value as Node | null | undefined) : undefined;
  if (condition !== undefined) fields.push(["if", condition]);
  fields.push(["uses", input.uses ?? usesText(options)], ["with", inputs]);
  return { fields, checks };
}

/** A whole configure step (and its chained step) for a job whose keys came from env or a script. */
export function insertedSteps(choice: RoleChoice, region: string, condition: string | undefined, options: ResolvedOptions): Field[][] {
  const entry: Field[] = [["name", "Configure AWS credentials (OIDC)"]];
  if (condition !== undefined) entry.push(["if", condition]);
  const inputs: Field[] = [
    ["role-to-assume", yamlScalar(choice.entryRoleArn)],
    ["aws-region", region],
  ];
  if (!choice.chainRoleArn && options.sessionDuration !== undefined) inputs.push(["role-duration-seconds", String(options.sessionDuration)]);
  entry.push(["uses", usesText(options)], ["with", inputs]);
  if (!choice.chainRoleArn) return [entry];
  const chain = chainFields(undefined, undefined, options, { role: yamlScalar(choice.chainRoleArn), region, externalId: choice.externalId, moved: [] });
  const fields = chain.fields.slice();
  if (condition !== undefined) fields.splice(1, 0, ["if", condition]);
  return [entry, fields];
}

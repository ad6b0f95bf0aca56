// configure-aws-credentials steps with keys: the key inputs go, `role-to-assume` names the entry role,
// the action moves to the configured version, and a chained step follows for hub-and-spoke (or for
// key-then-assume, where the role assumed with the keys becomes the chained role).
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from "yaml";
import type { Usage } from "../../analyze/workflows/index.js";
import type { StepCtx } from "../../analyze/workflows/scope.js";
import { str } from "../../analyze/workflows/yaml-nodes.js";
import { contribution, regionText, where, type HandlerCtx, type HandlerResult } from "./contribution.js";
import { chainFields, usesAsWritten, usesEdits } from "./cac-text.js";
import { jobOf, pairAt, stepOf, type FileModel } from "./model.js";
import type { TextEdit } from "./text-edits.js";
import { appendPair, insertionAfter, separatedInsert, removePairs, renderStep, replacePair, scalarSource, stepIndent, yamlScalar, type Field } from "./yaml-text.js";

const KEY_INPUTS = new Set(["aws-access-key-id", "aws-secret-access-key", "aws-session-token"]);
/** Inputs about the session of the role assumed with the keys: they belong to the chained step. */
const MOVED_TO_CHAIN = new Set(["role-external-id", "role-duration-seconds", "role-skip-session-tagging", "inline-session-policy", "managed-session-policies"]);
/** Boolean inputs v6 reads as YAML 1.2 (true/false only). */
const BOOLEAN_INPUTS = new Set(["mask-aws-account-id", "role-skip-session-tagging", "output-credentials", "unset-current-credentials", "disable-retry", "special-characters-workaround", "role-chaining", "output-env-credentials", "use-existing-credentials"]);

export function patchCacStep(ctx: HandlerCtx, usage: Usage): HandlerResult {
  const { model, options } = ctx;
  const step = stepOf(model, usage);
  if (!step) return { reason: "the step could not be found again in the file" };
  const job = jobOf(model, usage.job);
  const choice = ctx.choiceFor(usage, job);
  if (typeof choice === "string") return { reason: choice };
  const withAt = pairAt(model, [...step.path, "with"]);
  if (!withAt || !isMap(withAt.value)) return { reason: "the step's `with:` is not a plain mapping (an alias or an expression)" };
  const withMap = withAt.value as YAMLMap<unknown, unknown>;
  const pairs = new Map<string, Pair<unknown, unknown>>();
  for (const p of withMap.items) if (isScalar(p.key)) pairs.set(String(p.key.value).toLowerCase(), p);

  const out = contribution(usage);
  const text = model.text;
  const keys = [...pairs].filter(([k]) => KEY_INPUTS.has(k)).map(([, p]) => p);
  const rolePair = pairs.get("role-to-assume");
  const entryText = yamlScalar(choice.entryRoleArn);
  const existingRole = rolePair ? (scalarSource(text, rolePair.value as Node) ?? yamlScalar(str(rolePair.value as Node) ?? "")) : undefined;
  // Key-then-assume: the role the keys assumed is now reached by chaining from the entry role.
  const chainText = choice.chainRoleArn ? yamlScalar(choice.chainRoleArn) : existingRole !== undefined && existingRole !== entryText ? existingRole : undefined;

  const remove = new Set<Pair<unknown, unknown>>();
  const edits: TextEdit[] = [];
  if (rolePair) {
    const value = rolePair.value as Node | null;
    if (!value?.range) return { reason: "`role-to-assume` has no value to replace" };
    edits.push({ offset: value.range[0], end: value.range[1], text: entryText });
    keys.forEach((p) => remove.add(p));
  } else {
    const first = pairs.get("aws-access-key-id") ?? keys[0];
    if (!first) return { reason: "no key inputs were found on the step" };
    const replaced = replacePair(text, withMap, first, `role-to-assume: ${entryText}`);
    if (!replaced) return { reason: "the key input shares its line with other content" };
    edits.push(...replaced);
    keys.filter((p) => p !== first).forEach((p) => remove.add(p));
  }
  const moved: Field[] = [];
  // The inputs about the keys' assumed-role session now describe the chained session.
  if (chainText !== undefined && rolePair) {
    for (const [k, p] of pairs) {
      if (!MOVED_TO_CHAIN.has(k)) continue;
      remove.add(p);
      const value = scalarSource(text, p.value as Node) ?? yamlScalar(str(p.value as Node) ?? "");
      moved.push([k, BOOLEAN_INPUTS.has(k) ? (OLD_BOOLEANS[value.replace(/^['"]|['"]$/g, "").toLowerCase()] ?? value) : value]);
    }
  }
  const removal = removePairs(text, withMap, remove);
  if ("error" in removal) return { reason: removal.error };
  if ("empty" in removal) return { reason: "the step's `with:` would be left empty" };
  edits.push(...removal.edits);
  const uses = usesEdits(model, step, options);
  edits.push(...uses.edits);

  if (chainText === undefined && options.sessionDuration !== undefined) {
    const duration = setInput(model, withMap, pairs.get("role-duration-seconds"), "role-duration-seconds", String(options.sessionDuration));
    if (!duration) return { reason: "could not set role-duration-seconds" };
    edits.push(...duration);
  }
  if (chainText !== undefined) {
    const region = regionText(choice, usage.regionHints);
    const kept = uses.edits.length === 0 ? usesAsWritten(model, step) : undefined;
    const chain = chainFields(model, step, options, { role: chainText, region, externalId: choice.externalId, moved, ...(kept ? { uses: kept } : {}) });
    const indent = stepIndent(model, step.node, (job?.steps ?? model.actionSteps).map((s) => s.node));
    if (!indent) return { reason: "the steps are not a block sequence" };
    edits.push(separatedInsert(text, insertionAfter(text, step.node), renderStep(chain.fields, indent, model.eol), model.eol, "after"));
    out.checks.push(...chain.checks);
    out.changes.push(`${where(usage, step)}: added a step after it that chains into ${chainText} (role-chaining)`);
    if (step.ref.id) out.checks.push(`${where(usage, step)} has id \`${step.ref.id}\`: its outputs now describe the entry role; the chained step after it sets the deploy role's credentials`);
  }
  out.edits.push(...edits);
  const removed = [...pairs].filter(([k]) => KEY_INPUTS.has(k)).map(([k]) => k);
  out.changes.unshift(`${where(usage, step)}: removed ${removed.join(", ")}; assumes ${entryText} with the GitHub OIDC token`);
  out.changes.push(...uses.changes);
  out.checks.push(...uses.checks);
  if (uses.edits.length > 0) {
    const fixes = booleanFixes(model, usage, step, withMap, remove);
    out.edits.push(...fixes.edits);
    out.changes.push(...fixes.changes);
    out.checks.push(...fixes.checks);
  }
  if (usage.secretAccessKey?.refs.some((r) => r.source === "computed") || usage.accessKeyId?.refs.some((r) => r.source === "computed")) {
    out.checks.push(`${where(usage, step)} chose its keys at run time (secrets[…]): one role now serves every case; check the account it deploys to`);
  }
  if (job) out.idToken.push({ job });
  else out.checks.push(`every job that uses the action ${model.path} needs \`permissions: id-token: write\``);
  out.configured.push({ ...(job ? { job } : {}), step, choice });
  return out;
}

/** Sets an input of the step: replaces its value, or adds `key: value` after the last input. */
function setInput(model: FileModel, map: YAMLMap<unknown, unknown>, existing: Pair<unknown, unknown> | undefined, key: string, value: string): TextEdit[] | undefined {
  if (existing) {
    const node = existing.value as Node | null;
    return node?.range ? [{ offset: node.range[0], end: node.range[1], text: value }] : undefined;
  }
  const added = appendPair(model.text, map, `${key}: ${value}`, model.eol);
  return added ? [added] : undefined;
}

/** YAML 1.1 spellings of booleans some inputs used; v6 reads inputs as YAML 1.2 (true/false only). */
const OLD_BOOLEANS: Record<string, string> = { yes: "true", y: "true", on: "true", no: "false", n: "false", off: "false" };

function booleanFixes(model: FileModel, usage: Usage, step: StepCtx, map: YAMLMap<unknown, unknown>, skip: ReadonlySet<Pair<unknown, unknown>>): { edits: TextEdit[]; changes: string[]; checks: string[] } {
  const out = { edits: [] as TextEdit[], changes: [] as string[], checks: [] as string[] };
  for (const p of map.items) {
    if (skip.has(p) || !isScalar(p.key) || !BOOLEAN_INPUTS.has(String(p.key.value).toLowerCase())) continue;
    const node = p.value as Node | null;
    const raw = scalarSource(model.text, node)?.replace(/^['"]|['"]$/g, "") ?? "";
    if (raw.includes("${{") || /^(true|True|TRUE|false|False|FALSE)$/.test(raw)) continue;
    const fixed = OLD_BOOLEANS[raw.toLowerCase()];
    if (fixed && node?.range) {
      out.edits.push({ offset: node.range[0], end: node.range[1], text: fixed });
      out.changes.push(`${where(usage, step)}: ${String(p.key.value)} ${JSON.stringify(raw)} is now ${fixed} (the new action version reads only true or false)`);
    } else out.checks.push(`${where(usage, step)}: input ${String(p.key.value)} is ${JSON.stringify(raw)}; the new action version accepts only true or false`);
  }
  return out;
}

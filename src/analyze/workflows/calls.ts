// Keys handed across a call: secrets (inherit or explicit) and inputs passed to a reusable workflow,
// inputs passed to a local composite action. When the callee is in the repo we follow it and map
// each of its credential parameters back to what the caller passes; otherwise names decide.
import { actionInputUsages, awsLooking, namedSlotSets } from "./action-inputs.js";
import { classifyEnvName, classifyInputName } from "./credential-names.js";
import { carriesKey, slotOfEntry, type UsageDraft } from "./draft.js";
import type { Scope } from "./scope.js";
import type { CredentialRole, CredentialSlot } from "./types.js";
import { entry, entryIgnoreCase, entrySpan, str, valueSpan, type Entry } from "./yaml-nodes.js";

/** A secret or input of a callee that flows into credential slots there. */
export interface CalleeParam {
  kind: "secret" | "input";
  name: string;
  role: CredentialRole;
  /** The callee usage it belongs to; one caller usage is made per callee usage. */
  usageId: string;
}

export interface CalleeInfo {
  path: string;
  params: CalleeParam[];
}

export function reusableCallUsages(scope: Scope, callee: CalleeInfo | undefined, calleePath: string): { drafts: UsageDraft[]; mode: "inherit" | "explicit" | "none" } {
  const job = scope.job;
  if (!job?.uses) return { drafts: [], mode: "none" };
  const { doc } = scope.file;
  const secrets = entry(doc, job.node, "secrets");
  const withs = entry(doc, job.node, "with");
  const inherit = str(secrets?.value)?.trim() === "inherit";
  const mode: "inherit" | "explicit" | "none" = inherit ? "inherit" : secrets ? "explicit" : "none";
  const anchor = entrySpan(scope.file.src, secrets ?? job.uses);
  const base = { kind: "reusable-secrets" as const, scope, anchor, ...(mode !== "none" ? { secretsMode: mode as "inherit" | "explicit" } : {}) };

  if (!callee) {
    const sets = [
      ...namedSlotSets(scope, secrets, [...job.path, "secrets"], (n) => classifyInputName(n) ?? classifyEnvName(n)),
      ...namedSlotSets(scope, withs, [...job.path, "with"], classifyInputName),
    ].filter((slots) => carriesKey(scope, slots) && awsLooking(slots));
    const notes = ["the called workflow is not in this repository: its use of these values was not followed"];
    return { drafts: sets.map((slots) => ({ ...base, slots, callee: { path: calleePath, resolved: false, usageIds: [] }, notes })), mode };
  }

  const drafts = mapParams(scope, callee, (p) => {
    if (p.kind === "input") return slotFor(scope, entryIgnoreCase(doc, withs?.value, p.name), p.role, [...job.path, "with"]);
    if (!secrets) return undefined;
    if (!inherit) return slotFor(scope, entryIgnoreCase(doc, secrets.value, p.name), p.role, [...job.path, "secrets"]);
    // `secrets: inherit` passes every secret under its own name.
    const where = valueSpan(scope.file.src, secrets);
    return {
      role: p.role,
      slot: p.name,
      standard: false,
      refs: [{ source: "secret", name: p.name, expression: "secrets: inherit", span: where }],
      yamlPath: [...job.path, "secrets"],
      span: entrySpan(scope.file.src, secrets),
      valueSpan: where,
    };
  });
  return { drafts: drafts.map((d) => ({ ...base, ...d, notes: [] })), mode };
}

export function localActionUsages(scope: Scope, callee: CalleeInfo | undefined, calleePath: string): UsageDraft[] {
  const step = scope.step;
  if (!step?.with) return [];
  if (!callee) {
    const notes = ["the local action was not among the analysed files: its inputs were judged by name"];
    return actionInputUsages(scope, "composite-input").map((d) => ({ ...d, callee: { path: calleePath, resolved: false, usageIds: [] }, notes }));
  }
  const withs = step.with;
  const drafts = mapParams(scope, callee, (p) =>
    p.kind === "input" ? slotFor(scope, entryIgnoreCase(scope.file.doc, withs.value, p.name), p.role, [...step.path, "with"]) : undefined,
  );
  return drafts.map((d) => ({ kind: "composite-input", scope, anchor: entrySpan(scope.file.src, withs), ...(step.action ? { action: step.action } : {}), ...d, notes: [] }));
}

function slotFor(scope: Scope, e: Entry | undefined, role: CredentialRole, basePath: Array<string | number>): CredentialSlot | undefined {
  if (!e) return undefined;
  const slot = slotOfEntry(scope, e, { role, standard: false, group: "" }, "with", [...basePath, e.key]);
  return slot.refs.length > 0 ? slot : undefined;
}

/** One set of slots per callee usage; callee usages that receive the same values are merged. */
function mapParams(
  scope: Scope,
  callee: CalleeInfo,
  slotOf: (p: CalleeParam) => CredentialSlot | undefined,
): Array<{ slots: CredentialSlot[]; callee: { path: string; resolved: boolean; usageIds: string[] } }> {
  const byUsage = new Map<string, CredentialSlot[]>();
  for (const p of callee.params) {
    const slot = slotOf(p);
    if (!slot) continue;
    const slots = byUsage.get(p.usageId) ?? [];
    if (!slots.some((s) => s.role === slot.role && s.slot === slot.slot)) slots.push(slot);
    byUsage.set(p.usageId, slots);
  }
  const merged = new Map<string, { slots: CredentialSlot[]; usageIds: string[] }>();
  for (const [usageId, slots] of byUsage) {
    if (!carriesKey(scope, slots)) continue;
    const signature = slots.map((s) => `${s.role}=${s.slot}`).sort().join(",");
    const found = merged.get(signature);
    if (found) found.usageIds.push(usageId);
    else merged.set(signature, { slots, usageIds: [usageId] });
  }
  return [...merged.values()].map(({ slots, usageIds }) => ({ slots, callee: { path: callee.path, resolved: true, usageIds } }));
}

// Keys handed to an action as inputs (`with:`) when the action's code is not in the repo:
// third-party actions (jwalton/gh-ecr-login's access-key-id…) and local actions we could not read.
import { classifyInputName, groupSlots, type SlotName } from "./credential-names.js";
import { carriesKey, slotOfEntry, type UsageDraft } from "./draft.js";
import type { Scope } from "./scope.js";
import type { CredentialSlot, UsageKind, YamlPath } from "./types.js";
import { entries, entrySpan, type Entry } from "./yaml-nodes.js";

/** Credential-named entries of a map (a step's `with`, a call's `secrets`), grouped into sets. */
export function namedSlotSets(scope: Scope, map: Entry | undefined, basePath: YamlPath, classify: (name: string) => SlotName | undefined): CredentialSlot[][] {
  if (!map) return [];
  const named: Array<{ slot: CredentialSlot; name: SlotName }> = [];
  for (const e of entries(scope.file.doc, map.value)) {
    const name = classify(e.key);
    if (name) named.push({ slot: slotOfEntry(scope, e, name, "with", [...basePath, e.key]), name });
  }
  return groupSlots(named, (n) => n.name).map((set) => set.map((n) => n.slot));
}

/**
 * Accepts a set when it carries a key and looks like AWS: both halves of a key pair
 * (access-key-id + secret-access-key), or a name with the word "aws" in it.
 */
export function awsLooking(slots: CredentialSlot[]): boolean {
  const roles = new Set(slots.map((s) => s.role));
  return (roles.has("accessKeyId") && roles.has("secretAccessKey")) || slots.some((s) => /(^|[-_])aws([-_]|$)/i.test(s.slot));
}

export function actionInputUsages(scope: Scope, kind: UsageKind = "action-input"): UsageDraft[] {
  const step = scope.step;
  if (!step?.with) return [];
  const sets = namedSlotSets(scope, step.with, [...step.path, "with"], classifyInputName);
  return sets
    .filter((slots) => carriesKey(scope, slots) && awsLooking(slots))
    .map((slots) => ({
      kind,
      scope,
      slots,
      anchor: entrySpan(scope.file.src, step.with as Entry),
      ...(step.action ? { action: step.action } : {}),
      notes: [],
    }));
}

// What a detector reports before the shared context (file, job, hints, suppressions) is added.
import type { SlotName } from "./credential-names.js";
import { isKeySource, refsOfEntry, type EnvLevelOf, type JobCtx, type Scope } from "./scope.js";
import type { ActionRef, CredentialSlot, EnvLevel, RunForm, Span, UsageKind, ValueRef, YamlPath } from "./types.js";
import { entrySpan, valueSpan, type Entry } from "./yaml-nodes.js";

export interface UsageDraft {
  kind: UsageKind;
  scope: Scope;
  slots: CredentialSlot[];
  /** The construct the usage belongs to (env block, step, `secrets:`), for suppressions and literals. */
  anchor: Span;
  envLevel?: EnvLevel;
  secretsMode?: "inherit" | "explicit";
  runForm?: RunForm;
  action?: ActionRef;
  roleToAssume?: { value: string; literal: boolean; accountId?: string; span: Span };
  callee?: { path: string; resolved: boolean; usageIds: string[] };
  literal?: { keyId: string; inComment: boolean; example: boolean };
  /** Jobs a workflow-level env reaches. */
  reachedJobs?: JobCtx[];
  /**
   * Not a usage by itself (a composite that only forwards optional key inputs), but its slots tell
   * callers which inputs carry keys.
   */
  passThrough?: boolean;
  notes: string[];
}

/** A credential slot for a `name: value` entry. */
export function slotOfEntry(scope: Scope, e: Entry, name: SlotName, at: EnvLevelOf, yamlPath: YamlPath): CredentialSlot {
  return {
    role: name.role,
    slot: e.key,
    standard: name.standard,
    refs: refsOfEntry(scope, e, at),
    yamlPath,
    span: entrySpan(scope.file.src, e),
    valueSpan: valueSpan(scope.file.src, e),
  };
}

/** A set of slots is a usage when some slot draws on a real key source. */
export function carriesKey(scope: Scope, slots: CredentialSlot[]): boolean {
  return slots.some((s) => s.role !== "sessionToken" && s.refs.some((r) => isKeySource(scope, r)));
}

export function allRefs(slots: CredentialSlot[]): ValueRef[] {
  return slots.flatMap((s) => s.refs);
}

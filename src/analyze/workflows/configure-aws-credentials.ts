// aws-actions/configure-aws-credentials steps: static keys (with or without a role to assume after),
// or a role assumed through OIDC with no keys at all (not a usage; reported as an OIDC use).
import { CAC_KEY_INPUTS } from "./credential-names.js";
import { carriesKey, slotOfEntry, type UsageDraft } from "./draft.js";
import type { Scope } from "./scope.js";
import type { CredentialSlot, Span } from "./types.js";
import { entries, entry, str, valueSpan } from "./yaml-nodes.js";

export interface OidcDraft {
  scope: Scope;
  roleToAssume: { value: string; literal: boolean; accountId?: string; span: Span };
  optionalKeyInputs?: boolean;
}

export function accountOfArn(value: string): string | undefined {
  return /arn:aws[a-z-]*:iam::(\d{12}):/.exec(value)?.[1];
}

export function cacStep(scope: Scope): { draft?: UsageDraft; oidc?: OidcDraft } {
  const step = scope.step;
  if (!step?.with || !step.action) return {};
  const { doc, src } = scope.file;
  const slots: CredentialSlot[] = [];
  for (const e of entries(doc, step.with.value)) {
    const role = CAC_KEY_INPUTS[e.key.toLowerCase()];
    if (!role) continue;
    const slot = slotOfEntry(scope, e, { role, standard: true, group: "cac" }, "with", [...step.path, "with", e.key]);
    if (slot.refs.length > 0) slots.push(slot);
  }
  const roleEntry = entry(doc, step.with.value, "role-to-assume");
  const roleValue = str(roleEntry?.value)?.trim();
  const accountId = roleValue ? accountOfArn(roleValue) : undefined;
  const roleToAssume =
    roleEntry && roleValue
      ? { value: roleValue, literal: !roleValue.includes("${{"), ...(accountId ? { accountId } : {}), span: valueSpan(src, roleEntry) }
      : undefined;

  if (!carriesKey(scope, slots)) return roleToAssume ? { oidc: { scope, roleToAssume } } : {};

  const notes: string[] = [];
  if (scope.file.fileKind === "action" && slots.some((s) => s.refs.some((r) => r.source === "secret"))) {
    notes.push("the secrets context is not available in composite actions: these inputs are empty at run time");
  }
  // An OIDC-first wrapper that merely forwards optional key inputs: keys arrive only if a caller passes them.
  const passThrough =
    scope.file.fileKind === "action" &&
    roleToAssume !== undefined &&
    slots.every((s) => s.refs.every((r) => r.source === "input" && isOptionalInput(scope, r.name)));
  const draft: UsageDraft = {
    kind: roleToAssume ? "key-then-assume" : "configure-aws-credentials",
    scope,
    slots,
    anchor: step.ref.span,
    action: step.action,
    ...(roleToAssume ? { roleToAssume } : {}),
    ...(passThrough ? { passThrough } : {}),
    notes,
  };
  return passThrough && roleToAssume ? { draft, oidc: { scope, roleToAssume, optionalKeyInputs: true } } : { draft };
}

function isOptionalInput(scope: Scope, name: string | undefined): boolean {
  const input = name ? scope.file.inputs.get(name.toLowerCase()) : undefined;
  return !input || (!input.required && !input.hasDefault);
}

// Deterministic names: IAM role names (64 characters of [\w+=,.@-], unique per account ignoring
// case), Terraform-safe labels and ExternalIds. Regenerating a plan from the same Inventory and
// config gives the same names; a collision is broken by a short hash of the role's id, not by order.
import { createHash } from "node:crypto";

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Characters IAM allows in role names; everything else becomes `-`. */
export function iamNamePart(text: string): string {
  return text
    .replace(/\*/g, "")
    .replace(/[^\w+=,.@-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
}

const MAX_ROLE_NAME = 64;

/** `base` cut to fit IAM's 64 characters, with `-<hash>` when cut or when asked. */
export function fitRoleName(base: string, id: string, withHash: boolean): string {
  if (!withHash && base.length <= MAX_ROLE_NAME) return base;
  const hash = sha256Hex(id).slice(0, 8);
  return `${base.slice(0, MAX_ROLE_NAME - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/**
 * Names for many roles of one account: each gets its preferred name unless another role of the same
 * account wants the same name (IAM compares names without case); then all of them get a hash suffix.
 */
export function assignRoleNames(wanted: Array<{ id: string; accountId: string; base: string }>): Map<string, string> {
  const out = new Map<string, string>();
  const groups = new Map<string, typeof wanted>();
  for (const w of wanted) {
    const key = `${w.accountId}\n${fitRoleName(w.base, w.id, false).toLowerCase()}`;
    groups.set(key, [...(groups.get(key) ?? []), w]);
  }
  for (const list of groups.values()) for (const w of list) out.set(w.id, fitRoleName(w.base, w.id, list.length > 1));
  return out;
}

/**
 * The ExternalId of a chained hop: derived from the repository id (stable across renames) and the
 * target account, so it is the same every time and differs between repos and accounts. It is
 * public (derived from public ids, written in the workflow) and no defence: a hop admits only the
 * entry role ARNs its trust names, and nothing may rely on the ExternalId instead.
 */
export function externalIdFor(repoId: number, accountId: string): string {
  return `keyless-${sha256Hex(`keyless/external-id/v1\n${repoId}\n${accountId}`).slice(0, 32)}`;
}

/** Description text IAM accepts (tab, newline, printable ASCII and Latin-1), at most 1000 characters. */
export function iamDescription(text: string): string {
  return text.replace(/[^\t\n\r\x20-\x7e\xa1-\xff]/g, "?").slice(0, 1000);
}

/** Tag values IAM accepts: letters, digits, spaces and _ . : / = + - @, at most 256 characters. */
export function iamTagValue(text: string): string {
  return text.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, "_").slice(0, 256);
}

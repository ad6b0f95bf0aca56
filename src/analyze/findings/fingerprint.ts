// Stable finding fingerprints: a 64-bit FNV-1a hash of what the finding is about (rule, subject and an
// anchor such as path, job, step and slot), never of line numbers, so a moved line keeps its alerts.
import type { Subject } from "../model.js";
import type { Usage } from "../workflows/index.js";

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const encoder = new TextEncoder();

/** FNV-1a, 64 bits, over the UTF-8 bytes of `text`, as 16 hex digits. */
export function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of encoder.encode(text)) {
    hash ^= BigInt(byte);
    hash = BigInt.asUintN(64, hash * FNV_PRIME);
  }
  return hash.toString(16).padStart(16, "0");
}

/** A readable, deterministic key for a subject (also the sort key of findings). */
export function subjectKey(subject: Subject): string {
  switch (subject.type) {
    case "key":
      return `key:${subject.accountId}:${subject.accessKeyId}`;
    case "repo":
      return `repo:${subject.repo.toLowerCase()}`;
    case "secret": {
      // An organization secret's organization takes the repo's place; it is set only in a scan of several
      // organizations, so a single organization's fingerprints stay what they were.
      const where = subject.scope === "organization" && subject.org ? subject.org : (subject.repo ?? "");
      return `secret:${subject.scope}:${where.toLowerCase()}:${subject.environment ?? ""}:${subject.name.toUpperCase()}`;
    }
    case "role":
      return `role:${subject.arn}`;
    case "account":
      return `account:${subject.accountId}`;
  }
}

/**
 * Where in a repository a usage is, without its line: file, job, step (id, else name, else position),
 * kind, slot and the names its credentials come from. Literal key ids are anchored on the key id.
 */
export function usageAnchor(usage: Usage): string {
  const step = usage.step ? (usage.step.id ?? usage.step.name ?? `#${usage.step.index}`) : "";
  if (usage.kind === "literal-key-id") return [usage.repo.toLowerCase(), usage.path, "literal", usage.literal?.keyId ?? ""].join("|");
  const names = [...usage.secretNames, ...usage.variableNames.map((v) => `vars.${v}`)].join(",");
  return [usage.repo.toLowerCase(), usage.path, usage.job ?? "", step, usage.kind, usage.accessKeyId?.slot ?? "", names].join("|");
}

export function fingerprintOf(ruleId: string, subject: Subject, anchor = ""): string {
  return fnv1a64(`${ruleId}\u0000${subjectKey(subject)}\u0000${anchor}`);
}

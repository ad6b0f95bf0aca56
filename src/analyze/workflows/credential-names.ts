// Which names are AWS credential slots. A value is a key because of the slot it flows into, so this
// classifies slot names (env variables, action inputs, script variables), never secret names.
import type { CredentialRole } from "./types.js";

export interface SlotName {
  role: CredentialRole;
  /** A name AWS tools read themselves. */
  standard: boolean;
  /** Slots with the same group belong to one credential set (AWS_SNS_ACCESS_KEY_ID + AWS_SNS_SECRET_ACCESS_KEY). */
  group: string;
}

/** configure-aws-credentials inputs. */
export const CAC_KEY_INPUTS: Record<string, CredentialRole> = {
  "aws-access-key-id": "accessKeyId",
  "aws-secret-access-key": "secretAccessKey",
  "aws-session-token": "sessionToken",
};

// Variables the AWS CLI and SDKs read (AWS_ACCESS_KEY / AWS_SECRET_KEY / AWS_SECURITY_TOKEN are
// legacy spellings some SDKs still accept).
const STANDARD_ENV = new Set([
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_ACCESS_KEY",
  "AWS_SECRET_KEY",
]);

// Longest first: SECRET_ACCESS_KEY also ends in ACCESS_KEY.
const SUFFIXES: Array<{ suffix: string; role: CredentialRole; needsAws: boolean }> = [
  { suffix: "SECRET_ACCESS_KEY", role: "secretAccessKey", needsAws: false },
  { suffix: "SECRET_KEY", role: "secretAccessKey", needsAws: true },
  { suffix: "ACCESS_KEY_ID", role: "accessKeyId", needsAws: false },
  { suffix: "ACCESS_KEY", role: "accessKeyId", needsAws: true },
  { suffix: "SESSION_TOKEN", role: "sessionToken", needsAws: true },
  { suffix: "SECURITY_TOKEN", role: "sessionToken", needsAws: true },
];

const AWS_WORD = /(^|_)AWS(_|$)/;

function bySuffix(normalized: string, requireAws: boolean): { role: CredentialRole; prefix: string } | undefined {
  const hasAws = AWS_WORD.test(normalized);
  if (requireAws && !hasAws) return undefined;
  for (const { suffix, role, needsAws } of SUFFIXES) {
    if (!normalized.endsWith(suffix)) continue;
    const prefix = normalized.slice(0, normalized.length - suffix.length);
    if (prefix !== "" && !prefix.endsWith("_")) continue;
    if (needsAws && !hasAws) return undefined;
    return { role, prefix };
  }
  return undefined;
}

/**
 * An environment variable (or a script variable such as TF_VAR_aws_access_key_id) is a credential
 * slot when its name has the word AWS and ends like an access key id, secret key or session token.
 * Names without AWS (S3_ACCESS_KEY_ID of another vendor) and names that only mention AWS
 * (AWS_JOB_QUEUE, AWS_S3_SECRET) are not.
 */
export function classifyEnvName(name: string): SlotName | undefined {
  const found = bySuffix(name.toUpperCase(), true);
  if (!found) return undefined;
  return { role: found.role, standard: STANDARD_ENV.has(name), group: `env:${found.prefix}` };
}

/**
 * An action input is a credential slot when it is named like AWS's own terms: *access-key-id,
 * *secret-access-key (any action), or aws-access-key / aws-secret-key / aws-session-token.
 */
export function classifyInputName(name: string): SlotName | undefined {
  const cac = CAC_KEY_INPUTS[name.toLowerCase()];
  if (cac) return { role: cac, standard: true, group: "input:" };
  const found = bySuffix(name.toUpperCase().replace(/-/g, "_"), false);
  if (!found) return undefined;
  return { role: found.role, standard: false, group: `input:${found.prefix}` };
}

/**
 * Splits slots into credential sets by group. Two leftover halves (a set with only a key id and one
 * with only a secret, e.g. VAR_AWS_ACCESS_KEY_ID + SECRET_AWS_SECRET_ACCESS_KEY) are one set.
 * A set with nothing but a session token is dropped: a token alone is not a key. A role named
 * twice in a group starts another set.
 */
export function groupSlots<T>(slots: T[], nameOf: (slot: T) => SlotName): T[][] {
  const groups = new Map<string, T[]>();
  for (const slot of slots) {
    const key = nameOf(slot).group;
    groups.set(key, [...(groups.get(key) ?? []), slot]);
  }
  // A name written twice in one set (a script writing the keys in both branches of an `if`, or
  // AWS_ACCESS_KEY_ID beside the legacy AWS_ACCESS_KEY) is a second set: a usage holds one slot
  // per role, and a slot left out of every usage would be left in place by a patch.
  let sets = [...groups.values()].flatMap((set) => {
    const nth = new Map<CredentialRole, number>();
    const split: T[][] = [];
    for (const slot of set) {
      const n = nth.get(nameOf(slot).role) ?? 0;
      nth.set(nameOf(slot).role, n + 1);
      (split[n] ??= []).push(slot);
    }
    return split;
  });
  const only = (role: CredentialRole) =>
    sets.filter((set) => set.every((s) => nameOf(s).role === role || nameOf(s).role === "sessionToken") && set.some((s) => nameOf(s).role === role));
  const ids = only("accessKeyId");
  const secrets = only("secretAccessKey");
  if (ids.length === 1 && secrets.length === 1 && ids[0] && secrets[0]) {
    const [a, b] = [ids[0], secrets[0]];
    sets = [...sets.filter((s) => s !== a && s !== b), [...a, ...b]];
  }
  return sets.filter((set) => set.some((s) => nameOf(s).role !== "sessionToken"));
}

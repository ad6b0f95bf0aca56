// KL131: an IAM user whose key keyless retired has an active key created after that retirement.
import { keySubject, makeFinding } from "./helpers.js";
import { accessKeys, day, owner } from "./keys.js";
import type { KeylessRule } from "./types.js";

export const KL131: KeylessRule = {
  id: "KL131",
  name: "RetiredUserGivenNewKey",
  title: "A retired key's user was given a new key",
  severity: "high",
  description:
    "keyless deactivated or deleted an access key of this IAM user (recorded in the state store), and the user now has an active key " +
    "created after that: the migrated workload, or someone on its behalf, went back to a long-lived key.",
  rationale:
    "This undoes the migration: the new key usually lands in the same repository secret the old one lived in. High: it is a live " +
    "long-lived credential for an identity that was already moved to a role.",
  remediation:
    "Find the repository that uses it (the audit links it where it can), move it back to the role keyless set up, and deactivate the " +
    "key. Apply the guardrail service control policy keyless generates so the user cannot be given a key again.",
  tags: ["aws", "credentials", "drift"],
  about: "key",
  check(context) {
    const history = context.inventory.history;
    if (!history || history.retired.length === 0) return [];
    const keys = accessKeys(context);
    const userOf = new Map(keys.map((k) => [k.accessKeyId, `${k.accountId}/${k.userName}`]));
    const previous = new Map(history.previous?.keys.map((k) => [k.accessKeyId, `${k.accountId}/${k.userName}`]) ?? []);
    const retiredAt = new Map<string, { at: string; accessKeyId: string }>();
    for (const r of history.retired) {
      const user = userOf.get(r.accessKeyId) ?? previous.get(r.accessKeyId);
      if (!user) continue;
      const earlier = retiredAt.get(user);
      if (!earlier || r.at < earlier.at) retiredAt.set(user, { at: r.at, accessKeyId: r.accessKeyId });
    }
    const retiredIds = new Set(history.retired.map((r) => r.accessKeyId));
    return keys
      .filter((k) => k.status === "Active" && !k.isRoot && !retiredIds.has(k.accessKeyId))
      .flatMap((key) => {
        const retired = retiredAt.get(`${key.accountId}/${key.userName}`);
        if (!retired || Date.parse(key.createDate) <= Date.parse(retired.at)) return [];
        return [
          makeFinding(KL131, keySubject(key), "", {
            message: `${owner(key)} in account ${key.accountId} was given a new access key ${key.accessKeyId} after keyless retired its key ${retired.accessKeyId}.`,
            evidence: [`keyless retired ${retired.accessKeyId} on ${day(retired.at)}; ${key.accessKeyId} was created ${day(key.createDate)} and is active.`],
          }),
        ];
      });
  },
};

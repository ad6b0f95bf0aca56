// KL105: an IAM user with two active access keys (AWS allows at most two). One finding per user, its
// subject the older key: the one a rotation would retire.
import type { AccessKey } from "../../inventory/schema.js";
import { groupBy, keySubject, makeFinding } from "./helpers.js";
import { accessKeys, day, owner } from "./keys.js";
import type { KeylessRule } from "./types.js";

export const KL105: KeylessRule = {
  id: "KL105",
  name: "TwoActiveKeys",
  title: "Two active access keys on one user",
  severity: "low",
  description: "An IAM user (or the root user) has two active access keys at the same time.",
  rationale:
    "Two active keys are normal for the minutes of a rotation; left that way, one of them is usually forgotten, still valid, and " +
    "no one knows which consumer holds which. It also blocks the next rotation (AWS allows two keys per user). Low: it doubles " +
    "what can leak, but each key is also judged by the other rules.",
  remediation:
    "Find which key each consumer uses (keyless's links and CloudTrail evidence help), move every consumer to one key (or to OIDC), " +
    "then deactivate and delete the other.",
  tags: ["aws", "credentials", "key-rotation"],
  about: "key",
  check(context) {
    const byUser = groupBy(
      accessKeys(context).filter((k) => k.status === "Active"),
      (k) => `${k.accountId}\u0000${k.userName}`,
    );
    return [...byUser.values()]
      .filter((keys) => keys.length >= 2)
      .map((keys) => {
        const sorted = [...keys].sort((a, b) => a.createDate.localeCompare(b.createDate) || a.accessKeyId.localeCompare(b.accessKeyId));
        const older = sorted[0] as AccessKey;
        return makeFinding(KL105, keySubject(older), `${older.accountId}:${older.userName}`, {
          message: `${owner(older)} in account ${older.accountId} has ${keys.length} active access keys: ${sorted.map((k) => k.accessKeyId).join(", ")}.`,
          evidence: sorted.map((k) => `${k.accessKeyId}: created ${day(k.createDate)}, last used ${day(k.lastUsed?.date)}.`),
        });
      });
  },
};

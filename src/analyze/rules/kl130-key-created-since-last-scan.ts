// KL130: an access key that the previous audit did not see, in an account it read: created since.
import { keySubject, makeFinding } from "./helpers.js";
import { accessKeys, day, owner } from "./keys.js";
import type { KeylessRule } from "./types.js";

export const KL130: KeylessRule = {
  id: "KL130",
  name: "KeyCreatedSinceLastScan",
  title: "Access key created since the last scan",
  severity: "medium",
  description:
    "An access key that the previous audit recorded in this state store did not see, in an account that audit could read: it was " +
    "created since. Keys of accounts the previous audit could not enter are not flagged (they were not new, only unseen). Only live " +
    "scans with a state store compare; the first audit recorded has nothing to compare with.",
  rationale:
    "Migrating repositories to OIDC only ends the use of long-lived keys if nobody creates the next one. A new key after the migration " +
    "began is the first sign of a way back. Medium: it may be a legitimate key outside CI; KL131 is high where it replaces a retired one.",
  remediation:
    "Ask who created it and for what (CloudTrail's CreateAccessKey event names the caller). If it is for GitHub Actions, migrate that " +
    "repository too; then apply the guardrail service control policy that keyless generates, so keys cannot be created in migrated accounts.",
  tags: ["aws", "credentials", "drift"],
  about: "key",
  check(context) {
    const previous = context.inventory.history?.previous;
    if (!previous) return [];
    const read = new Set(previous.readAccounts);
    const seen = new Set(previous.keys.map((k) => k.accessKeyId));
    return accessKeys(context)
      .filter((k) => read.has(k.accountId) && !seen.has(k.accessKeyId))
      .map((key) =>
        makeFinding(KL130, keySubject(key), "", {
          message: `Access key ${key.accessKeyId} of ${owner(key)} in account ${key.accountId} was created since the last scan (${day(previous.at)}).`,
          evidence: [`Created ${day(key.createDate)}; status ${key.status}. The audit of ${previous.at} read account ${key.accountId} and did not see it.`],
        }),
      );
  },
};

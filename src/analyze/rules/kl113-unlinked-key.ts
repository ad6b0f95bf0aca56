// KL113: an active key no evidence ties to any repository: keyless cannot tell who uses it.
import { keySubject, makeFinding } from "./helpers.js";
import { accessKeys, day, idleDays, owner } from "./keys.js";
import type { KeylessRule } from "./types.js";

export const KL113: KeylessRule = {
  id: "KL113",
  name: "UnlinkedActiveKey",
  title: "Active key not linked to any repository",
  severity: "low",
  description:
    "An active access key for which no evidence (secret-scanning alert, CloudTrail run id or runner ranges, secret timing, names, " +
    "mapping file) links it to a repository, and that AWS saw used within `unusedDays`. Keys with no recent use are KL104's (delete them).",
  rationale:
    "Whoever uses this key is unknown: it may be a GitHub repository keyless could not read, another CI system, a server or a " +
    "person. It cannot be migrated or retired safely until its consumer is found. Low: not a risk by itself, a gap in the inventory.",
  remediation:
    "Look at the key's CloudTrail events (source addresses, user agents) and the IAM user's tags and owner. If a repository uses " +
    "it, add the key to the mapping file (`mappings:` in keyless.config.yaml); otherwise hand it to its owner or retire it.",
  tags: ["aws", "credentials", "inventory"],
  about: "key",
  check(context) {
    const linked = new Set(context.links.map((l) => l.accessKeyId));
    const limit = context.config.unusedDays;
    return accessKeys(context)
      .filter((k) => {
        if (k.status !== "Active" || linked.has(k.accessKeyId)) return false;
        const idle = idleDays(k, context.now);
        // Unused keys are KL104's: delete, nothing to find out.
        return idle !== undefined && idle < limit;
      })
      .map((key) =>
        makeFinding(KL113, keySubject(key), "", {
          message: `Active access key ${key.accessKeyId} of ${owner(key)} in account ${key.accountId} is in use but linked to no repository.`,
          evidence: [
            `Last used ${day(key.lastUsed?.date)}${key.lastUsed?.serviceName ? ` (${key.lastUsed.serviceName}${key.lastUsed.region ? `, ${key.lastUsed.region}` : ""})` : ""}.`,
          ],
        }),
      );
  },
};

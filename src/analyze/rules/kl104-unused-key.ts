// KL104: active keys not used for `unusedDays` (45 by default) or never used at all: delete them,
// there is nothing to migrate.
import { keySubject, makeFinding } from "./helpers.js";
import { accessKeys, ageDays, day, idleDays, linkedRepos, linksByKey, owner } from "./keys.js";
import type { KeylessRule } from "./types.js";

export const KL104: KeylessRule = {
  id: "KL104",
  name: "UnusedAccessKey",
  title: "Access key unused or never used",
  severity: "medium",
  description:
    "An active access key whose last use (IAM's access-key-last-used) is `unusedDays` days ago or more (45 by default), or that was " +
    "never used and was created at least that many days ago. A key created recently and not yet used is not flagged.",
  rationale:
    "A key nobody uses is pure liability: it can still be leaked and used, and nothing breaks when it goes. CIS AWS Foundations asks " +
    "for credentials unused for 45 days to be disabled. Medium: it is the cheapest risk to remove.",
  remediation:
    "Deactivate the key, wait a few days for complaints, then delete it and any GitHub secret that still holds it. There is nothing " +
    "to migrate: a workflow that still references the secret has not used it in this period.",
  tags: ["aws", "credentials", "unused-credentials"],
  about: "key",
  check(context) {
    const links = linksByKey(context.links);
    const limit = context.config.unusedDays;
    return accessKeys(context)
      .filter((k) => {
        if (k.status !== "Active") return false;
        const idle = idleDays(k, context.now);
        return idle === undefined ? ageDays(k, context.now) >= limit : idle >= limit;
      })
      .map((key) => {
        const idle = idleDays(key, context.now);
        const linked = linkedRepos(links.get(key.accessKeyId));
        const what = idle === undefined ? `has never been used (created ${ageDays(key, context.now)} days ago)` : `has not been used for ${idle} days`;
        return makeFinding(KL104, keySubject(key), "", {
          message: `Access key ${key.accessKeyId} of ${owner(key)} in account ${key.accountId} ${what}${linked ? `; ${linked}: remove those secrets too` : ""}.`,
          evidence: [
            `Created ${day(key.createDate)}; last used ${day(key.lastUsed?.date)}${key.lastUsed?.serviceName ? ` (${key.lastUsed.serviceName}${key.lastUsed.region ? `, ${key.lastUsed.region}` : ""})` : ""}.`,
          ],
        });
      });
  },
};

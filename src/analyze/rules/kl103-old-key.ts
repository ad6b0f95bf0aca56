// KL103: active keys older than the configured maximum age (90 days by default).
import { keySubject, makeFinding } from "./helpers.js";
import { accessKeys, ageDays, day, linkedRepos, linksByKey, owner } from "./keys.js";
import type { KeylessRule } from "./types.js";

export const KL103: KeylessRule = {
  id: "KL103",
  name: "OldAccessKey",
  title: "Access key older than the maximum age",
  severity: "medium",
  description:
    "An active access key was created more than `maxKeyAgeDays` days ago (90 by default, set in keyless.config.yaml). " +
    "Inactive keys are not flagged.",
  rationale:
    "The longer a key lives, the more places it has been copied to (secrets, laptops, CI logs, backups) and the longer a leaked copy " +
    "stays useful. CIS AWS Foundations and most policies ask for rotation within 90 days. Medium: age raises the chance of exposure, " +
    "it is not exposure itself.",
  remediation:
    "If a workflow uses the key, migrate it to OIDC (KL101) and delete the key. Otherwise rotate it: create a second key, update " +
    "every consumer, deactivate the old key, watch for errors, then delete it.",
  tags: ["aws", "credentials", "key-rotation"],
  about: "key",
  check(context) {
    const links = linksByKey(context.links);
    const max = context.config.maxKeyAgeDays;
    return accessKeys(context)
      .filter((k) => k.status === "Active" && ageDays(k, context.now) > max)
      .map((key) => {
        const linked = linkedRepos(links.get(key.accessKeyId));
        return makeFinding(KL103, keySubject(key), "", {
          message: `Access key ${key.accessKeyId} of ${owner(key)} in account ${key.accountId} is ${ageDays(key, context.now)} days old (maximum ${max})${linked ? `; ${linked}` : ""}.`,
          evidence: [`Created ${day(key.createDate)}; last used ${day(key.lastUsed?.date)}.`],
        });
      });
  },
};

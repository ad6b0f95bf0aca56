// KL107: an access key of an account's root user.
import { keySubject, makeFinding } from "./helpers.js";
import { accessKeys, day, linkedRepos, linksByKey } from "./keys.js";
import type { KeylessRule } from "./types.js";

export const KL107: KeylessRule = {
  id: "KL107",
  name: "RootAccessKey",
  title: "Access key of the root user",
  severity: "critical",
  severityNote: "High for an inactive root key: it grants nothing until someone re-activates it.",
  description: "The root user of an AWS account has an access key (active or inactive).",
  rationale:
    "The root user can do everything in the account, including closing it, and no IAM policy or permission boundary limits it " +
    "(only an organization's SCPs do, and not in the management account). A root key in CI means anyone who obtains the secret " +
    "owns the account. AWS and CIS say root should have no access keys at all.",
  remediation:
    "Replace whatever uses the key with an IAM role (for GitHub Actions, OIDC: KL101), then delete the root access key (it can only " +
    "be deleted by signing in as root). Enable MFA on the root user.",
  tags: ["aws", "credentials", "root-user"],
  about: "key",
  check(context) {
    const links = linksByKey(context.links);
    return accessKeys(context)
      .filter((k) => k.isRoot)
      .map((key) => {
        const linked = linkedRepos(links.get(key.accessKeyId));
        return makeFinding(KL107, keySubject(key), "", {
          message: `The root user of account ${key.accountId} has ${key.status === "Active" ? "an active" : "an inactive"} access key ${key.accessKeyId}${linked ? `, ${linked}` : ""}.`,
          evidence: [`Created ${day(key.createDate)}; last used ${day(key.lastUsed?.date)}.`],
          ...(key.status === "Active" ? {} : { severity: "high" as const }),
        });
      });
  },
};

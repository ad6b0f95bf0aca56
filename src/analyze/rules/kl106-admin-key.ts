// KL106: active keys of IAM users whose policies (attached, inline, or through groups) are
// admin-equivalent.
import type { IamUser } from "../../inventory/schema.js";
import { adminGrants, policyPlace } from "./admin-policy.js";
import { keySubject, makeFinding } from "./helpers.js";
import { accessKeys, linkedRepos, linksByKey } from "./keys.js";
import type { KeylessRule } from "./types.js";

export const KL106: KeylessRule = {
  id: "KL106",
  name: "AdminEquivalentKey",
  title: "Access key with admin-equivalent permissions",
  severity: "high",
  description:
    "An active access key belongs to an IAM user that has AdministratorAccess or IAMFullAccess, or a policy (attached, inline, or " +
    "through a group) that allows every action on every resource (`Action: \"*\"`, or `NotAction` that leaves IAM allowed), or IAM " +
    "actions that let it grant itself more (iam:AttachUserPolicy, iam:PutUserPolicy, iam:CreatePolicyVersion, iam:CreateAccessKey… " +
    "on wildcard resources). Deny statements, permission boundaries and SCPs are not evaluated.",
  rationale:
    "Whoever holds this key can do anything in the account: read every secret, create users and keys that survive the key's " +
    "deletion, delete backups. A key in a CI secret is exposed to every workflow, action and contributor that can run code there. " +
    "High: the blast radius is the whole account.",
  remediation:
    "Give the workload only what it uses: when migrating to OIDC, build the new role's policy from IAM last-accessed data or " +
    "CloudTrail, not from the user's policies. Until then, replace the admin policy with a scoped one and delete unused keys.",
  tags: ["aws", "iam", "least-privilege", "privilege-escalation"],
  about: "key",
  check(context) {
    const users = new Map<string, IamUser>((context.inventory.aws?.users ?? []).map((u) => [`${u.accountId}\u0000${u.userName}`, u]));
    const links = linksByKey(context.links);
    const grantsByUser = new Map<string, ReturnType<typeof adminGrants>>();
    return accessKeys(context)
      .filter((k) => k.status === "Active" && !k.isRoot)
      .flatMap((key) => {
        const id = `${key.accountId}\u0000${key.userName}`;
        const user = users.get(id);
        if (!user) return [];
        let grants = grantsByUser.get(id);
        if (!grants) grantsByUser.set(id, (grants = adminGrants(user.policies)));
        if (grants.length === 0) return [];
        const admin = grants.some((g) => g.kind === "admin");
        const linked = linkedRepos(links.get(key.accessKeyId));
        return [
          makeFinding(KL106, keySubject(key), "", {
            message:
              `Access key ${key.accessKeyId} of IAM user ${key.userName} in account ${key.accountId} is ${admin ? "administrator" : "able to grant itself administrator"} ` +
              `(${grants.map((g) => policyPlace(g.policy)).filter((p, i, all) => all.indexOf(p) === i).join(", ")})${linked ? `; ${linked}` : ""}.`,
            evidence: grants.map((g) => `${policyPlace(g.policy)}: ${g.detail}.`),
          }),
        ];
      });
  },
};

// KL109: an organization secret holding AWS credentials that every repository (or every private
// repository) of the organization can read.
import { inOrgOf } from "../audit.js";
import type { OrgSecret } from "../../inventory/schema.js";
import type { Usage } from "../workflows/index.js";
import { makeFinding } from "./helpers.js";
import { resolveSecret } from "./secrets.js";
import type { KeylessRule } from "./types.js";

const CREDENTIAL_NAME = /ACCESS_KEY_ID|SECRET_ACCESS_KEY|_KEY_ID$/i;

export const KL109: KeylessRule = {
  id: "KL109",
  name: "OrgSecretVisibleToAllRepos",
  title: "Organization secret with AWS credentials visible to all repositories",
  severity: "high",
  severityNote: "Medium when the secret is visible to all private repositories rather than to all repositories.",
  description:
    "An organization Actions secret with visibility `all` (or `private`: every private and internal repository) holds AWS " +
    "credentials: a workflow reads it in a credential slot, a link places a key in it, or (for a secret no workflow reads) its " +
    "name is that of an access key id or secret access key.",
  rationale:
    "Every workflow of every repository that can see the secret can read it, including repositories created tomorrow and " +
    "workflows anyone with write access to one of them can change. The key's exposure is the weakest of all those repositories. " +
    "High for `all`: a public repository's workflows can read it too.",
  remediation:
    "Migrate the repositories that use it to OIDC (KL101) and delete the secret. Until then, set its visibility to `selected` and " +
    "list only the repositories that deploy with it.",
  tags: ["aws", "credentials", "github-secrets"],
  about: "secret",
  check(context) {
    const gh = context.inventory.github;
    if (!gh) return [];
    const repos = new Map(gh.repos.map((r) => [r.fullName.toLowerCase(), r]));
    const readersOf = new Map<string, Usage[]>();
    for (const usage of context.usages) {
      if (usage.kind === "literal-key-id") continue;
      for (const n of new Set(usage.secretNames.map((x) => x.toUpperCase()))) {
        const list = readersOf.get(n);
        if (list) list.push(usage);
        else readersOf.set(n, [usage]);
      }
    }
    return gh.orgSecrets
      .filter((s) => s.visibility === "all" || s.visibility === "private")
      .flatMap((secret: OrgSecret) => {
        const upper = secret.name.toUpperCase();
        const evidence: string[] = [];
        const readers = new Set<string>();
        for (const usage of readersOf.get(upper) ?? []) {
          const repo = repos.get(usage.repo.toLowerCase());
          if (!repo || !inOrgOf(repo.fullName, secret.org) || !resolveSecret(upper, usage, repo, gh.orgSecrets).some((s) => s.scope === "organization")) continue;
          if (readers.has(repo.fullName)) continue;
          readers.add(repo.fullName);
          evidence.push(`${usage.repo}: ${usage.path}:${usage.line} reads it as AWS credentials.`);
        }
        for (const link of context.links) {
          if (link.scope === "organization" && inOrgOf(link.repo, secret.org) && link.secretNames.some((n) => n.toUpperCase() === upper)) {
            evidence.push(`Key ${link.accessKeyId} is linked to it through ${link.repo} (${link.confidence}).`);
          }
        }
        if (evidence.length === 0 && CREDENTIAL_NAME.test(secret.name)) evidence.push("No workflow reads this organization secret; its name is that of an AWS credential.");
        if (evidence.length === 0) return [];
        const all = secret.visibility === "all";
        return [
          makeFinding(KL109, { type: "secret", name: upper, scope: "organization", ...(secret.org ? { org: secret.org } : {}) }, "", {
            message: `Organization secret ${secret.name} holds AWS credentials and is visible to ${all ? "every repository" : "every private repository"} of ${secret.org ?? gh.org}${readers.size > 0 ? ` (${readers.size} of them read it)` : ""}.`,
            evidence,
            ...(all ? {} : { severity: "medium" as const }),
          }),
        ];
      });
  },
};

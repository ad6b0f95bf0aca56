// KL114: a GitHub secret that holds an AWS access key id, yet no key of the scanned accounts is linked
// to it (by evidence of medium confidence or better).
import type { Subject } from "../model.js";
import { makeFinding, sameRepo, usageFinding } from "./helpers.js";
import { keyIdSecrets, storedKey, type SecretUse } from "./secrets.js";
import { unlinkedStoreSecretFindings } from "./store-secrets.js";
import type { KeylessRule } from "./types.js";

export const KL114: KeylessRule = {
  id: "KL114",
  name: "UnlinkedAwsSecret",
  title: "AWS credential secret with no linked key",
  severity: "medium",
  description:
    "A repository, environment or organization secret holds an AWS access key id — a workflow reads it as one, or no workflow reads " +
    "it and it is named like one (`…AWS_ACCESS_KEY_ID`, `…_KEY_ID`) — and no link of medium confidence or better places a key of " +
    "the scanned accounts in it. Located at the first workflow line that reads it, when one does. Dependabot and Codespaces " +
    "secrets (repository and organization) named like an access key id count too; the finding names the store.",
  rationale:
    "The key in this secret is unknown: it may belong to an AWS account outside the organization or one keyless could not enter, " +
    "or it was deleted and the workflow fails. An unknown key cannot be rotated, migrated or retired. Medium: a credential nobody " +
    "can account for is a standing exposure.",
  remediation:
    "Find the key (its id appears in the workflow's CloudTrail events, or ask the repository's owners). If it belongs to a scanned " +
    "account, add a mapping (`mappings:` in keyless.config.yaml); if it is from an outside account, migrate that account too; if it " +
    "is dead, delete the secret.",
  tags: ["aws", "credentials", "github-secrets", "inventory"],
  about: "secret",
  check(context) {
    const accounted = new Set<string>();
    const linkedOrgNames = new Set<string>();
    for (const link of context.links) {
      if (link.confidence === "low") continue;
      for (const name of link.secretNames) {
        accounted.add(`${link.repo.toLowerCase()}\u0000${name.toUpperCase()}`);
        linkedOrgNames.add(name.toUpperCase()).add(`${(link.repo.split("/")[0] ?? "").toLowerCase()}\u0000${name.toUpperCase()}`);
      }
    }
    const isAccounted = ({ secret }: SecretUse) =>
      // In a scan of several organizations, only a link through a repository of the secret's own organization counts.
      secret.scope === "organization" ? linkedOrgNames.has(secret.org ? `${secret.org.toLowerCase()}\u0000${secret.name}` : secret.name) : accounted.has(`${(secret.repo ?? "").toLowerCase()}\u0000${secret.name}`);
    const seen = new Set<string>();
    const stores = unlinkedStoreSecretFindings(context, KL114);
    return [...stores, ...keyIdSecrets(context).flatMap((use) => {
      const id = storedKey(use.secret);
      if (seen.has(id) || isAccounted(use)) return [];
      seen.add(id);
      const { secret, usage } = use;
      const subject: Subject = {
        type: "secret",
        name: secret.name,
        scope: secret.scope,
        ...(secret.scope !== "organization" && secret.repo ? { repo: secret.repo } : {}),
        ...(secret.environment ? { environment: secret.environment } : {}),
        ...(secret.scope === "organization" && secret.org ? { org: secret.org } : {}),
      };
      const what =
        secret.scope === "organization"
          ? `Organization secret ${secret.name}${secret.org ? ` of ${secret.org}` : ""}`
          : secret.scope === "environment"
            ? `Environment secret ${secret.name} (${secret.environment}) of ${secret.repo}`
            : `Repository secret ${secret.name} of ${secret.repo}`;
      const parts = {
        message: `${what} holds an AWS access key id, but no key of the scanned accounts is linked to it.`,
        evidence: [usage ? `${usage.repo}: ${usage.path}:${usage.line} reads it as an access key id.` : `No workflow reads it; its name is that of an access key id.`],
      };
      // Organization secrets are about the organization, not about the first repository that happened to read one.
      if (usage && secret.scope !== "organization" && sameRepo(usage.repo, secret.repo ?? "")) return [usageFinding(KL114, usage, parts, subject)];
      return [makeFinding(KL114, subject, "", parts)];
    })];
  },
};

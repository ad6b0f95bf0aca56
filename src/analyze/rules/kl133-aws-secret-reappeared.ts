// KL133: a stored secret holding AWS credentials that keyless deleted, or that appeared in a migrated
// repository since the last scan.
import { placeOf, secretIdOf } from "../drift/secret-id.js";
import type { Subject } from "../model.js";
import { makeFinding } from "./helpers.js";
import { keyIdSecrets } from "./secrets.js";
import type { KeylessRule } from "./types.js";

interface CurrentSecret {
  id: string;
  subject: Subject;
  repo?: string;
}

export const KL133: KeylessRule = {
  id: "KL133",
  name: "AwsSecretReappeared",
  title: "A secret holding AWS credentials reappeared",
  severity: "high",
  description:
    "A repository, environment or organization secret that holds AWS credentials (linked to a key, or read or named as an access key " +
    "id) and that keyless deleted (recorded in the state store), or that was not there at the last scan in a repository whose " +
    "migration was merged.",
  rationale:
    "A credential secret coming back after the migration means a key is back in GitHub: either a new long-lived key or an old one " +
    "someone kept. High: it undoes the part of the migration that removed the credential from GitHub.",
  remediation:
    "Find which key it holds (the audit links it where it can), deactivate that key, delete the secret, and use the role the " +
    "migration set up.",
  tags: ["github-secrets", "credentials", "drift"],
  about: "secret",
  check(context) {
    const history = context.inventory.history;
    if (!history) return [];
    const deleted = new Set(history.secretsDeleted);
    const before = history.previous ? new Set(history.previous.awsSecrets) : undefined;
    const scannedBefore = new Set((history.previous?.reposScanned ?? []).map((r) => r.toLowerCase()));
    const migrated = new Set(history.migrated.map((m) => m.repo.toLowerCase()));
    const gh = context.inventory.github;
    // A scan of several organizations names them all in `org`: each secret's own organization is used instead.
    const org = gh?.orgs ? undefined : gh?.org;
    const current = new Map<string, CurrentSecret>();
    const add = (s: { name: string; scope?: "repo" | "environment" | "organization"; repo?: string; environment?: string; org?: string }) => {
      const place = placeOf(s, org);
      if (!place) return;
      const id = secretIdOf(place);
      if (current.has(id)) return;
      const subject: Subject =
        place.scope === "organization"
          ? { type: "secret", name: place.name.toUpperCase(), scope: "organization", ...(gh?.orgs ? { org: place.org } : {}) }
          : { type: "secret", name: place.name.toUpperCase(), scope: place.scope, repo: place.repo, ...(place.scope === "environment" ? { environment: place.environment } : {}) };
      current.set(id, { id, subject, ...(place.scope !== "organization" ? { repo: place.repo } : {}) });
    };
    for (const link of context.links) for (const name of link.secretNames) add({ name, scope: link.scope, repo: link.repo, environment: link.environment });
    for (const use of keyIdSecrets(context)) add(use.secret);
    return [...current.values()].flatMap((secret) => {
      const wasDeleted = deleted.has(secret.id);
      const newInMigrated =
        before !== undefined && secret.repo !== undefined && migrated.has(secret.repo.toLowerCase()) && scannedBefore.has(secret.repo.toLowerCase()) && !before.has(secret.id);
      if (!wasDeleted && !newInMigrated) return [];
      const why = wasDeleted ? "keyless deleted it" : `it was not there at the last scan (${history.previous?.at.slice(0, 10)}) and the repository was migrated`;
      return [
        makeFinding(KL133, secret.subject, "", {
          message: `The ${secret.id} holds AWS credentials again: ${why}.`,
          evidence: [wasDeleted ? `The state store records keyless deleting ${secret.id}.` : `The audit of ${history.previous?.at} did not see ${secret.id}.`],
        }),
      ];
    });
  },
};

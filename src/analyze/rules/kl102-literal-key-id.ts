// KL102: an access key id written into a workflow or action file. The id is not the secret, but it
// names the key (and its account) to anyone who can read the repository, and the secret often sits nearby.
import { usageFinding } from "./helpers.js";
import type { KeylessRule } from "./types.js";

export const KL102: KeylessRule = {
  id: "KL102",
  name: "LiteralKeyIdInWorkflow",
  title: "Access key id written in a workflow file",
  severity: "medium",
  severityNote: "Low for an `ASIA…` id: temporary credentials expire within hours.",
  description:
    "An `AKIA…` (long-lived) or `ASIA…` (temporary) access key id appears literally in a workflow or local action file, in a value " +
    "or in a comment, also in files that could not be parsed. AWS's documented example ids (`AKIAIOSFODNN7EXAMPLE`…) are ignored.",
  rationale:
    "A key id is not a credential by itself, but it tells anyone who can read the repository (everyone, for a public one) which key " +
    "and which AWS account (`sts get-access-key-info`) to target, and a key id committed in a file usually means its secret was " +
    "committed or pasted nearby at some point. Medium: the id alone grants nothing.",
  remediation:
    "Move the id into a secret (or better, migrate the job to OIDC, KL101), then treat the key as exposed: check the repository " +
    "history for its secret access key and rotate or delete the key if it was ever committed.",
  tags: ["aws", "credentials", "secret-exposure"],
  about: "usage",
  check(context) {
    const keys = new Map((context.inventory.aws?.accessKeys ?? []).map((k) => [k.accessKeyId, k]));
    return context.usages
      .filter((u) => u.kind === "literal-key-id" && u.literal && !u.literal.example)
      .map((usage) => {
        const keyId = usage.literal?.keyId ?? "";
        const known = keys.get(keyId);
        const temporary = keyId.startsWith("ASIA");
        return usageFinding(KL102, usage, {
          message:
            `${temporary ? "Temporary" : "Access"} key id ${keyId} is written in ${usage.path}${usage.literal?.inComment ? " (in a comment)" : ""}` +
            `${known ? `: it is ${known.status === "Active" ? "an active" : "an inactive"} key of ${known.isRoot ? "the root user" : `IAM user ${known.userName}`} in account ${known.accountId}` : ""}.`,
          evidence: [`${usage.path}:${usage.line}:${usage.column}: ${keyId}.`, ...usage.notes],
          ...(temporary ? { severity: "low" as const } : {}),
        });
      });
  },
};

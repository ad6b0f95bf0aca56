// KL132: a repository whose migration pull request was merged uses a static key again.
import { usageFinding } from "./helpers.js";
import type { KeylessRule } from "./types.js";

export const KL132: KeylessRule = {
  id: "KL132",
  name: "MigratedRepoBackOnKeys",
  title: "A migrated workflow is back on static keys",
  severity: "high",
  description:
    "keyless's migration pull request for this repository was merged (recorded in the state store), and a workflow of its default " +
    "branch again passes static AWS credentials to a step. Located at that step.",
  rationale:
    "The migration is undone: the repository depends on a long-lived key again, usually because someone reverted the change or copied " +
    "an old workflow. High: the key it reads may be one keyless is about to delete, or a new one nobody tracks.",
  remediation:
    "Restore the OIDC step (the role is still there) and remove the credential inputs; then delete the secret. If the role did not " +
    "work for this job, say why in the repository's keyless configuration rather than going back to a key.",
  tags: ["github-actions", "credentials", "drift"],
  about: "usage",
  check(context) {
    const migrated = new Map((context.inventory.history?.migrated ?? []).map((m) => [m.repo.toLowerCase(), m]));
    if (migrated.size === 0) return [];
    const flagged = new Set<string>();
    return context.usages.flatMap((usage) => {
      const pr = migrated.get(usage.repo.toLowerCase());
      const where = `${usage.repo}\u0000${usage.path}\u0000${usage.line}`;
      if (!pr || usage.kind === "literal-key-id" || flagged.has(where)) return [];
      flagged.add(where);
      return [
        usageFinding(KL132, usage, {
          message: `${usage.repo} was migrated to OIDC${pr.mergedAt ? ` (merged ${pr.mergedAt.slice(0, 10)})` : ""}, but ${usage.path}:${usage.line} passes static AWS credentials again.`,
          evidence: [`keyless's migration pull request for ${usage.repo} is recorded as merged in the state store.`],
        }),
      ];
    });
  },
};

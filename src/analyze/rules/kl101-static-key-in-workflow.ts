// KL101: every place a workflow or local action hands a long-lived access key to a job. One finding
// per usage: this is the migration itself, each one a line the workflow patch will change.
import type { Usage } from "../workflows/index.js";
import { linkedKeySentences, linksForUsage, quoteList, usageFinding, usagePlace } from "./helpers.js";
import type { KeylessRule } from "./types.js";

function how(usage: Usage): string {
  switch (usage.kind) {
    case "configure-aws-credentials":
      return "passes a static access key to aws-actions/configure-aws-credentials";
    case "key-then-assume":
      return `signs in with a static access key before assuming ${usage.roleToAssume?.literal ? `role ${usage.roleToAssume.value}` : "a role"}`;
    case "env":
      return `sets AWS credential variables in ${usage.envLevel ?? "an"}-level env`;
    case "docker-action-env":
      return "hands AWS credentials to a container through its env";
    case "action-input":
      return `passes AWS credentials to the action \`${usage.action?.uses ?? "?"}\``;
    case "reusable-secrets":
      return `passes AWS credential secrets to the reusable workflow \`${usage.callee?.path ?? "?"}\`${usage.secretsMode === "inherit" ? " (secrets: inherit)" : ""}`;
    case "composite-input":
      return `passes AWS credentials to the local action \`${usage.callee?.path ?? usage.action?.uses ?? "?"}\``;
    case "run-script":
      return `writes AWS credentials from a run script${usage.runForm ? ` (${usage.runForm})` : ""}`;
    case "literal-key-id":
      return "names an access key id";
  }
}

function sources(usage: Usage): string {
  const names = [...usage.secretNames.map((n) => `secrets.${n}`), ...usage.variableNames.map((n) => `vars.${n}`)];
  return names.length > 0 ? ` from ${quoteList(names)}` : "";
}

export const KL101: KeylessRule = {
  id: "KL101",
  name: "StaticKeyInWorkflow",
  title: "Static AWS access key used by a workflow",
  severity: "medium",
  description:
    "A workflow job (or a local composite action or reusable workflow it calls) receives a long-lived IAM user access key: " +
    "inputs of aws-actions/configure-aws-credentials (also with role-to-assume), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in env at " +
    "workflow, job, step or container level, key inputs of third-party actions, secrets handed to reusable workflows, or keys written " +
    "from a run script. One finding per place, located at the access key id slot. Jobs already on OIDC (role-to-assume without keys) are not flagged.",
  rationale:
    "A long-lived key stored as a GitHub secret works from anywhere until someone rotates it: any workflow change, compromised action " +
    "or leaked log that exposes it gives an attacker lasting access. GitHub's OIDC token, exchanged for a role, expires with the job " +
    "and can be scoped to one repository and branch or environment. Medium on its own: the key's reach (KL106), exposure to forks " +
    "(KL108) and age (KL103) raise the stakes and are reported separately.",
  remediation:
    "Create an IAM role that trusts GitHub's OIDC provider for this repository (and branch or environment), give the job " +
    "`permissions: id-token: write`, replace the key inputs or env with `role-to-assume` on aws-actions/configure-aws-credentials, then " +
    "deactivate and delete the key and its secrets once the workflow has run on OIDC. `keyless plan` and `keyless pr` do this per repository.",
  tags: ["aws", "credentials", "oidc-migration"],
  about: "usage",
  check(context) {
    return context.usages
      .filter((u) => u.kind !== "literal-key-id")
      .map((usage) => {
        const links = linksForUsage(usage, context.links);
        const keys = links.length > 0 ? ` (key ${[...new Set(links.map((l) => l.accessKeyId))].join(", ")})` : "";
        return usageFinding(KL101, usage, {
          message: `${usage.fileKind === "action" ? "Local action" : "Workflow"} ${how(usage)}${sources(usage)} in ${usagePlace(usage)}${keys}.`,
          evidence: [`${usage.path}:${usage.line}:${usage.column} (${usage.kind}${usage.accessKeyId ? `, ${usage.accessKeyId.slot}` : ""}).`, ...linkedKeySentences(links), ...usage.notes],
        });
      });
  },
};

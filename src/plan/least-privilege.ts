// Chooses a deploy role's permissions between the user's policies (copy) and the policy narrowed to
// what its key used (narrow), and says why: the evidence, its period, what is kept and dropped.
// An administrator key is never copied into an administrator role without a finding.
import { adminGrants, policyPlace } from "../analyze/rules/admin-policy.js";
import type { AccessKey, CloudTrailEvent, IamUser } from "../inventory/schema.js";
import { CLOUDTRAIL_DAYS, LAST_ACCESSED_DAYS, narrowByEvidence } from "./narrow.js";
import { parseDocument } from "./permissions.js";
import type { Issue, PolicyDocument, RolePermissions } from "./schema.js";

export interface EvidenceInput {
  user: IamUser;
  key: AccessKey;
  events: CloudTrailEvent[];
  mode: "copy" | "narrow";
  /** The permissions copied from the user. */
  copied: RolePermissions;
  at: { accessKeyId: string; accountId: string };
}

/** The permissions to use instead of the copy (undefined: keep the copy), and the issues to raise. */
export function evidenceNarrowing(input: EvidenceInput): { permissions?: RolePermissions; issues: Array<Omit<Issue, "repo">> } {
  const { user, key, at } = input;
  const issues: Array<Omit<Issue, "repo">> = [];
  const admin = adminGrants(user.policies).filter((g) => g.kind === "admin");
  const adminWhy = admin.map((g) => `${policyPlace(g.policy)}: ${g.detail}`).join("; ");
  const report = user.lastAccessed;
  const unreadable = user.policies.filter((p) => !p.document);
  const documents = user.policies.flatMap((p) => (p.document ? [parseDocument(p.document)] : [])).filter((d): d is PolicyDocument => d !== undefined);

  let reason: string | undefined;
  if (!report) reason = `the inventory has no IAM last-accessed data for ${user.userName}`;
  else if (report.error) reason = `IAM last-accessed data of ${user.userName} could not be read (${report.error.code}: ${report.error.reason})`;
  else if (unreadable.length > 0) reason = `${unreadable.map((p) => p.name).join(", ")} could not be read, so what the user was allowed is not fully known`;
  if (reason || !report || report.error) {
    if (report && input.mode === "narrow") issues.push({ severity: "warning", code: "CannotNarrow", message: `The deploy role copies ${user.userName}'s policies: ${reason}.`, remediation: "Re-run the audit with iam:GenerateServiceLastAccessedDetails and iam:GetServiceLastAccessedDetails in the audit role.", ...at });
    if (admin.length > 0) issues.push({ severity: "warning", code: "AdminRoleCopied", message: `${user.userName} is administrator-equivalent (${adminWhy}) and the deploy role copies that: ${reason}.`, remediation: "Name the policies the role needs under plan.repos.<repo>.deployRoles.<account>.managedPolicyArns, or re-run the audit so keyless can narrow it.", ...at });
    return { issues };
  }

  const n = narrowByEvidence({ documents, lastAccessed: report, events: input.events, ...(key.lastUsed?.serviceName ? { lastUsedService: key.lastUsed.serviceName } : {}) });
  const evidence = `IAM last-accessed data (${report.granularity === "ACTION_LEVEL" ? "action level where IAM tracks actions" : "service level"}, the ${LAST_ACCESSED_DAYS} days before the scan) and ${input.events.length} CloudTrail event(s) of ${key.accessKeyId} (${CLOUDTRAIL_DAYS} days)`;
  const summary = { evidence, periodDays: LAST_ACCESSED_DAYS, actions: n.actions, serviceLevelOnly: n.serviceLevelOnly, droppedServices: n.droppedServices, usedNotAllowed: n.usedNotAllowed };
  const counts = `${n.actions.length} action(s) used${n.serviceLevelOnly.length ? `, ${n.serviceLevelOnly.join(", ")} kept as granted (evidence is service-level only)` : ""}, ${n.droppedServices.length} unused service(s) dropped`;
  if (!n.document) {
    issues.push({ severity: "warning", code: "NothingToNarrowBy", message: `${key.accessKeyId} used nothing its policies allow in the tracking period (${evidence}): the deploy role copies ${user.userName}'s policies.`, ...at });
    if (admin.length > 0) issues.push({ severity: "warning", code: "AdminRoleCopied", message: `${user.userName} is administrator-equivalent (${adminWhy}) and the deploy role copies that: there is no use to narrow it by.`, remediation: "Name the policies the role needs under plan.repos.<repo>.deployRoles.<account>.managedPolicyArns.", ...at });
    return { issues };
  }
  if (input.mode === "copy") {
    if (admin.length > 0) {
      issues.push({ severity: "warning", code: "AdminRoleCopied", message: `${user.userName} is administrator-equivalent (${adminWhy}); with --permissions copy its deploy role is too. The narrowed policy (${counts}) is offered in plan.json.`, remediation: "Use --permissions narrow (the default) to give the role only what the key used.", ...at });
    }
    return { permissions: { ...input.copied, narrowing: { chosen: "copy", ...summary, document: n.document } }, issues };
  }
  if (admin.length > 0) {
    issues.push({ severity: "warning", code: "AdminKeyNarrowed", message: `${user.userName} is administrator-equivalent (${adminWhy}); its deploy role is not: it gets only what the key used (${counts}).`, remediation: "Check the role's first runs; `--permissions copy` restores the user's policies.", ...at });
  }
  if (n.usedNotAllowed.length > 0) {
    issues.push({ severity: "warning", code: "UsedButNotAllowed", message: `${key.accessKeyId} tried ${n.usedNotAllowed.join(", ")}, which ${user.userName}'s policies do not allow: the narrowed role does not either.`, ...at });
  }
  return {
    permissions: {
      managedPolicyArns: [],
      inlinePolicies: [{ name: "least-privilege", document: n.document }],
      sources: [...input.copied.sources.map((s) => `narrowed from ${s}`)],
      narrowing: { chosen: "narrow", ...summary },
    },
    issues,
  };
}

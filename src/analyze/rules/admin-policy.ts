// Which of a user's policies make it admin-equivalent: AdministratorAccess, an Allow of every action on
// every resource (directly or through NotAction), or IAM actions that let it grant itself anything.
// Deny statements, permission boundaries and SCPs are not evaluated: a finding is a lead, not a proof.
import type { Policy } from "../../inventory/schema.js";
import { parsePolicy, statementName, wildcardMatch, type PolicyStatement } from "./policy-document.js";

/** IAM actions that let a principal raise its own permissions when allowed on any user, group, role or policy. */
export const ESCALATION_ACTIONS = [
  "iam:CreatePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:AttachUserPolicy",
  "iam:AttachGroupPolicy",
  "iam:AttachRolePolicy",
  "iam:PutUserPolicy",
  "iam:PutGroupPolicy",
  "iam:PutRolePolicy",
  "iam:AddUserToGroup",
  "iam:UpdateAssumeRolePolicy",
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:UpdateLoginProfile",
];

const ADMIN_MANAGED: Record<string, { kind: AdminGrant["kind"]; detail: string }> = {
  AdministratorAccess: { kind: "admin", detail: "AWS managed policy AdministratorAccess (every action on every resource)" },
  IAMFullAccess: { kind: "escalation", detail: "AWS managed policy IAMFullAccess (can attach any policy to itself)" },
};

export interface AdminGrant {
  policy: Policy;
  kind: "admin" | "escalation";
  detail: string;
}

export function policyPlace(p: Policy): string {
  const kind = p.source === "inline" || p.source === "group-inline" ? "inline policy" : "managed policy";
  return `${kind} ${p.name}${p.group ? ` via group ${p.group}` : ""}`;
}

function grants(s: PolicyStatement, action: string): boolean {
  if (s.actions.some((p) => wildcardMatch(p, action))) return true;
  return s.notActions.length > 0 && !s.notActions.some((p) => wildcardMatch(p, action));
}

/** Every resource, or (for escalation) any wildcard over users/roles/policies other than the caller itself. */
function anyResource(s: PolicyStatement): boolean {
  return s.notResources.length > 0 || s.resources.includes("*");
}

/** A wildcard that can cover IAM users, groups, roles or policies other than the caller's own user. */
function iamWildcard(resource: string): boolean {
  if (resource === "*") return true;
  if (!/[*?]/.test(resource) || resource.includes("${aws:username}")) return false;
  const service = resource.split(":")[2];
  return service === undefined || service === "iam" || /[*?]/.test(service);
}

function wildcardResource(s: PolicyStatement): boolean {
  return s.notResources.length > 0 || s.resources.some(iamWildcard);
}

function statementGrant(s: PolicyStatement): Omit<AdminGrant, "policy"> | undefined {
  if (s.effect !== "Allow") return undefined;
  const conditional = s.conditions.size > 0 ? " (with conditions)" : "";
  const escalation = ESCALATION_ACTIONS.filter((a) => grants(s, a));
  if (anyResource(s) && s.actions.some((a) => a === "*" || a === "*:*")) {
    return { kind: "admin", detail: `${statementName(s)} allows every action on every resource${conditional}` };
  }
  if (anyResource(s) && s.notActions.length > 0 && escalation.length > 0) {
    return { kind: "admin", detail: `${statementName(s)} allows every action except ${s.notActions.join(", ")} on every resource${conditional}` };
  }
  if (wildcardResource(s) && escalation.length > 0) {
    return { kind: "escalation", detail: `${statementName(s)} allows ${escalation.join(", ")} on ${s.notResources.length > 0 ? "all but some resources" : s.resources.join(", ")}${conditional}` };
  }
  return undefined;
}

export function adminGrants(policies: Policy[]): AdminGrant[] {
  const out: AdminGrant[] = [];
  for (const policy of policies) {
    const managed = policy.arn ? /^arn:aws[\w-]*:iam::aws:policy\/([\w+=,.@-]+)$/.exec(policy.arn)?.[1] : undefined;
    const known = managed ? ADMIN_MANAGED[managed] : undefined;
    if (known) {
      out.push({ policy, ...known });
      continue;
    }
    for (const s of parsePolicy(policy.document) ?? []) {
      const grant = statementGrant(s);
      if (grant) out.push({ policy, ...grant });
    }
  }
  return out;
}

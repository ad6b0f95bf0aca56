// `terraform apply` of the generated Terraform, done to the sandbox's AWS side: per account module
// (in applyAfter order) the GitHub OIDC provider (created, or read when the plan says it exists)
// and the roles keyless manages, with trust, inline policies, attachments and tags. Converges like
// Terraform: a second apply of the same plan changes nothing. Existing-role trust changes are a
// manual step in the generated README, applied only when asked.

import type { Plan, PlanRole } from "../../plan/index.js";
import { findAwsManagedPolicy } from "../aws/index.js";
import { stableAwsId } from "../aws/ids.js";
import type { IamAccount, IamRole, World } from "../world.js";

export interface ApplyOptions {
  /** Also add plan.existingRoleChanges' statements to the existing roles (the README's manual step). */
  existingRoleChanges?: boolean;
}

export interface ApplyChange {
  action: "create" | "update" | "unchanged";
  /** oidc-provider, role, role-policy, role-policy-attachment or existing-role-trust. */
  kind: string;
  /** ARN of the provider or role; `<role ARN>#<policy name or ARN>` for policies. */
  address: string;
}

export interface ApplyReport {
  changes: ApplyChange[];
  /** What Terraform would have failed on, per account module; the rest of the plan is still applied. */
  errors: Array<{ module: string; address: string; message: string }>;
}

/** Default tags of every generated module (variables.tf `tags`). */
const DEFAULT_TAGS = { ManagedBy: "keyless" };
/** IAM fills in the issuer's CA thumbprint when Terraform sends none. */
const GITHUB_THUMBPRINT = "6938fd4d98bab03faadb97b34396831e3780aea1";
const KIND_ORDER: Record<PlanRole["kind"], number> = { entry: 0, direct: 1, deploy: 2 };

export function applyPlanToWorld(world: World, plan: Plan, options: ApplyOptions = {}): ApplyReport {
  const report: ApplyReport = { changes: [], errors: [] };
  const now = world.now;
  for (const account of moduleOrder(plan)) {
    const iam = iamOf(world, account.id);
    const fail = (address: string, message: string) => report.errors.push({ module: account.module, address, message });
    const provider = plan.providers.find((p) => p.accountId === account.id);
    if (provider) {
      const host = provider.issuer.replace(/^https:\/\//, "").replace(/\/$/, "");
      const found = iam.oidcProviders.find((p) => p.arn === provider.arn || p.url.replace(/\/$/, "") === host);
      if (provider.exists && !found) {
        // A data source that finds nothing fails the whole module at plan time.
        fail(provider.arn, `data.aws_iam_openid_connect_provider.github: no OpenIDConnect provider ${provider.arn}`);
        continue;
      }
      if (!found) {
        iam.oidcProviders.push({ arn: provider.arn, url: host, clientIdList: [...provider.clientIds], thumbprintList: [GITHUB_THUMBPRINT], createDate: now });
        report.changes.push({ action: "create", kind: "oidc-provider", address: provider.arn });
      } else if (!provider.exists && provider.clientIds.some((c) => !found.clientIdList.includes(c))) {
        found.clientIdList = [...new Set([...found.clientIdList, ...provider.clientIds])];
        report.changes.push({ action: "update", kind: "oidc-provider", address: found.arn });
      } else {
        report.changes.push({ action: "unchanged", kind: "oidc-provider", address: found.arn });
      }
    }
    const roles = plan.roles.filter((r) => r.accountId === account.id && r.managedByKeyless).sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name));
    for (const planned of roles) {
      const missing = trustedRoles(planned).find((arn) => !roleByArn(world, arn));
      if (missing) {
        fail(planned.arn, `MalformedPolicyDocument: Invalid principal in policy: "AWS":"${missing}"`);
        continue;
      }
      const role = applyRole(iam, planned, now, report, fail);
      if (role) applyPolicies(world, iam, role, planned, report, fail);
    }
  }
  if (options.existingRoleChanges) applyExistingRoleChanges(world, plan, report);
  return report;
}

/** Accounts in an order where every module comes after the ones it must follow. */
function moduleOrder(plan: Plan): Plan["accounts"] {
  const done = new Set<string>();
  const out: Plan["accounts"] = [];
  const visit = (account: Plan["accounts"][number], seen: Set<string>) => {
    if (done.has(account.module) || seen.has(account.module)) return;
    seen.add(account.module);
    for (const before of account.applyAfter) {
      const dep = plan.accounts.find((a) => a.module === before);
      if (dep) visit(dep, seen);
    }
    done.add(account.module);
    out.push(account);
  };
  for (const account of plan.accounts) visit(account, new Set());
  return out;
}

function applyRole(iam: IamAccount, planned: PlanRole, now: string, report: ApplyReport, fail: (address: string, message: string) => void): IamRole | undefined {
  const trust = JSON.stringify(planned.trustPolicy);
  const tags = Object.entries({ ...DEFAULT_TAGS, ...planned.tags }).map(([key, value]) => ({ key, value })).sort((a, b) => a.key.localeCompare(b.key));
  const existing = iam.roles.find((r) => r.roleName.toLowerCase() === planned.name.toLowerCase());
  if (existing && !existing.tags?.some((t) => t.key === "ManagedBy" && t.value === DEFAULT_TAGS.ManagedBy)) {
    // Not in Terraform's state: creating it collides with a role someone else made.
    fail(planned.arn, `EntityAlreadyExists: Role with name ${planned.name} already exists.`);
    return undefined;
  }
  const wanted = { path: planned.path, arn: planned.arn, description: planned.description, maxSessionDuration: planned.maxSessionDuration, assumeRolePolicyDocument: trust, tags };
  if (!existing) {
    const role: IamRole = { roleName: planned.name, roleId: stableAwsId("AROA", 17, `keyless:${planned.accountId}:${planned.name}`), createDate: now, attachedPolicies: [], inlinePolicies: [], ...wanted };
    iam.roles.push(role);
    report.changes.push({ action: "create", kind: "role", address: planned.arn });
    return role;
  }
  const same = (Object.keys(wanted) as Array<keyof typeof wanted>).every((k) => JSON.stringify(existing[k]) === JSON.stringify(wanted[k]));
  if (!same) Object.assign(existing, wanted);
  report.changes.push({ action: same ? "unchanged" : "update", kind: "role", address: planned.arn });
  return existing;
}

function applyPolicies(world: World, iam: IamAccount, role: IamRole, planned: PlanRole, report: ApplyReport, fail: (address: string, message: string) => void): void {
  for (const policy of planned.permissions.inlinePolicies) {
    const document = JSON.stringify(policy.document);
    const current = role.inlinePolicies.find((p) => p.name === policy.name);
    const action = !current ? "create" : current.document === document ? "unchanged" : "update";
    if (action !== "unchanged") role.inlinePolicies = [...role.inlinePolicies.filter((p) => p.name !== policy.name), { name: policy.name, document }];
    report.changes.push({ action, kind: "role-policy", address: `${role.arn}#${policy.name}` });
  }
  for (const arn of planned.permissions.managedPolicyArns) {
    const managed = iam.policies.find((p) => p.arn === arn) ?? findAwsManagedPolicy(arn) ?? world.aws.iam[arn.split(":")[4] ?? ""]?.policies.find((p) => p.arn === arn);
    if (!managed) {
      fail(`${role.arn}#${arn}`, `NoSuchEntity: Policy ${arn} does not exist or is not attachable.`);
      continue;
    }
    const attached = role.attachedPolicies.some((p) => p.arn === arn);
    if (!attached) role.attachedPolicies.push({ arn, name: managed.name });
    report.changes.push({ action: attached ? "unchanged" : "create", kind: "role-policy-attachment", address: `${role.arn}#${arn}` });
  }
}

function applyExistingRoleChanges(world: World, plan: Plan, report: ApplyReport): void {
  for (const change of plan.existingRoleChanges) {
    const role = roleByArn(world, change.roleArn);
    if (!role) {
      report.errors.push({ module: "existing-roles", address: change.roleArn, message: `NoSuchEntity: The role ${change.roleArn} cannot be found.` });
      continue;
    }
    const doc = JSON.parse(role.assumeRolePolicyDocument) as { Version?: string; Statement?: unknown };
    const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
    const missing = change.statements.filter((s) => !statements.some((t) => JSON.stringify(t) === JSON.stringify(s)));
    if (missing.length > 0) role.assumeRolePolicyDocument = JSON.stringify({ ...doc, Version: doc.Version ?? "2012-10-17", Statement: [...statements, ...missing] });
    report.changes.push({ action: missing.length > 0 ? "update" : "unchanged", kind: "existing-role-trust", address: change.roleArn });
  }
}

function trustedRoles(role: PlanRole): string[] {
  const out: string[] = [];
  for (const s of role.trustPolicy.Statement) {
    const aws = typeof s.Principal === "object" ? s.Principal["AWS"] : undefined;
    for (const p of aws === undefined ? [] : Array.isArray(aws) ? aws : [aws]) if (/^arn:aws[a-z-]*:iam::\d{12}:role\//.test(p)) out.push(p);
  }
  return out;
}

function roleByArn(world: World, arn: string): IamRole | undefined {
  const account = arn.split(":")[4] ?? "";
  return world.aws.iam[account]?.roles.find((r) => r.arn === arn);
}

function iamOf(world: World, accountId: string): IamAccount {
  world.aws.iam[accountId] ??= { users: [], groups: [], accessKeys: [], roles: [], oidcProviders: [], policies: [] };
  return world.aws.iam[accountId];
}

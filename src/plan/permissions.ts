// The deploy role gets what the IAM user whose key it replaces had: managed policies (the user's and
// its groups') attached by ARN, inline policies (the user's and its groups') copied. With
// leastPrivilege, Allow statements are cut to the services the key was seen using — its last-used
// service and the event sources of its CloudTrail events. IAM last-accessed data is not in the
// Inventory yet, so that is all the evidence there is; the plan says so.
import type { AccessKey, CloudTrailEvent, IamUser } from "../inventory/schema.js";
import { evidenceNarrowing } from "./least-privilege.js";
import { iamNamePart } from "./names.js";
import type { Issue, PolicyDocument, PolicyStatement, RolePermissions } from "./schema.js";

/** Event sources whose IAM service prefix differs from the host name. */
const PREFIX_OF_SOURCE: Record<string, string> = { monitoring: "cloudwatch", email: "ses", tagging: "tag", "api.ecr": "ecr", "api.sagemaker": "sagemaker" };

export interface PermissionInput {
  user: IamUser | undefined;
  key: AccessKey;
  events: CloudTrailEvent[];
  leastPrivilege: boolean;
  /** `narrow` (default): narrowed to the key's use where the inventory has IAM last-accessed data; `copy`: the user's policies. */
  mode?: "copy" | "narrow";
}

export function permissionsOf(input: PermissionInput): { permissions: RolePermissions; issues: Array<Omit<Issue, "repo">> } {
  const { user, key } = input;
  const issues: Array<Omit<Issue, "repo">> = [];
  const at = { accessKeyId: key.accessKeyId, accountId: key.accountId };
  const empty: RolePermissions = { managedPolicyArns: [], inlinePolicies: [], sources: [] };
  if (key.isRoot) {
    issues.push({ severity: "blocker", code: "RootKey", message: `${key.accessKeyId} is the root user's key: a role cannot copy root's permissions.`, remediation: "Name the managed policies to grant under plan.repos.<repo>.deployRoles.<account>.managedPolicyArns.", ...at });
    return { permissions: empty, issues };
  }
  if (!user) {
    issues.push({ severity: "blocker", code: "MissingPermissionData", message: `The Inventory has no IAM user ${key.userName} in ${key.accountId}, so the permissions of key ${key.accessKeyId} are unknown.`, remediation: "Re-run discover with IAM read access to the account, or name managed policies under plan.repos.<repo>.deployRoles.", ...at });
    return { permissions: empty, issues };
  }
  const managed = new Map<string, PolicyDocument | undefined>();
  const inline: Array<{ name: string; document: PolicyDocument }> = [];
  const sources: string[] = [];
  for (const p of user.policies) {
    const from = p.group ? `group ${p.group} of ${user.userName}` : `user ${user.userName}`;
    if (p.arn) {
      managed.set(p.arn, p.document ? parseDocument(p.document) : undefined);
      sources.push(`${p.arn} (attached to ${from})`);
      continue;
    }
    const document = p.document ? parseDocument(p.document) : undefined;
    if (!document) {
      issues.push({ severity: "blocker", code: "MissingPermissionData", message: `Inline policy ${p.name} of ${from} could not be read, so it cannot be copied to the deploy role.`, remediation: "Re-run discover with iam:GetUserPolicy / iam:GetGroupPolicy in the account.", ...at });
      continue;
    }
    const name = iamNamePart(p.group ? `${p.group}-${p.name}` : p.name).slice(0, 128) || "inline";
    inline.push({ name: uniqueName(name, inline), document });
    sources.push(`inline policy ${p.name} of ${from}`);
  }
  if (user.policies.length === 0) {
    issues.push({ severity: "warning", code: "NoPermissions", message: `IAM user ${user.userName} in ${user.accountId} has no policies in the Inventory: the deploy role gets none either.`, ...at });
  }
  let permissions: RolePermissions = { managedPolicyArns: [...managed.keys()].sort(), inlinePolicies: inline, sources };
  const evidence = evidenceNarrowing({ user, key, events: input.events, mode: input.mode ?? "narrow", copied: permissions, at });
  issues.push(...evidence.issues);
  if (evidence.permissions) permissions = evidence.permissions;
  else if (input.leastPrivilege) permissions = narrow(permissions, managed, servicesUsed(key, input.events), issues, at);
  if (permissions.managedPolicyArns.length > 10) {
    issues.push({ severity: "warning", code: "TooManyManagedPolicies", message: `The deploy role would attach ${permissions.managedPolicyArns.length} managed policies; IAM allows 10 per role unless the quota was raised.`, ...at });
  }
  const inlineSize = permissions.inlinePolicies.reduce((n, p) => n + JSON.stringify(p.document).length, 0);
  if (inlineSize > 10_240) {
    issues.push({ severity: "warning", code: "InlinePoliciesTooLarge", message: `The deploy role's inline policies total ${inlineSize} characters; IAM allows 10,240 per role.`, remediation: "Turn some of them into customer managed policies.", ...at });
  }
  return { permissions, issues };
}

/** Service prefixes the key was seen using (sts is dropped: GetCallerIdentity needs no permission). */
export function servicesUsed(key: AccessKey, events: CloudTrailEvent[]): string[] {
  const out = new Set<string>();
  const last = key.lastUsed?.serviceName;
  if (last && last !== "N/A") out.add(last.toLowerCase());
  for (const e of events) {
    const host = e.eventSource.replace(/\.amazonaws\.com$/, "");
    out.add(PREFIX_OF_SOURCE[host] ?? host.split(".").pop() ?? host);
  }
  out.delete("sts");
  return [...out].sort();
}

function narrow(p: RolePermissions, managed: Map<string, PolicyDocument | undefined>, used: string[], issues: Array<Omit<Issue, "repo">>, at: { accessKeyId: string; accountId: string }): RolePermissions {
  if (used.length === 0) {
    issues.push({ severity: "warning", code: "NothingToNarrowBy", message: `Key ${at.accessKeyId} has no recorded service use, so leastPrivilege keeps its full permissions.`, ...at });
    return p;
  }
  issues.push({
    severity: "warning",
    code: "NarrowedByLastUse",
    message: `Permissions narrowed to ${used.join(", ")}: the key's last-used service and its CloudTrail events (IAM last-accessed data is not in the Inventory yet). A service the key used earlier may be missing.`,
    remediation: "Check the deploy role's first runs; widen it where a call is denied.",
    ...at,
  });
  const keptManaged: string[] = [];
  const inline: Array<{ name: string; document: PolicyDocument }> = [];
  for (const [arn, doc] of managed) {
    if (!doc) {
      keptManaged.push(arn);
      issues.push({ severity: "warning", code: "CannotNarrow", message: `${arn} has no document in the Inventory; it stays attached in full.`, ...at });
      continue;
    }
    const cut = narrowDocument(doc, used);
    if (cut) inline.push({ name: uniqueName(iamNamePart(`${arn.split("/").pop() ?? "managed"}-narrowed`).slice(0, 128), inline), document: cut });
  }
  for (const i of p.inlinePolicies) {
    const cut = narrowDocument(i.document, used);
    if (cut) inline.push({ name: uniqueName(i.name, inline), document: cut });
  }
  return { managedPolicyArns: keptManaged.sort(), inlinePolicies: inline, sources: p.sources, narrowedTo: used };
}

/** Allow statements keep only actions of used services (`*` becomes `svc:*`); Deny statements stay. */
export function narrowDocument(doc: PolicyDocument, used: string[]): PolicyDocument | undefined {
  const statements: PolicyStatement[] = [];
  for (const s of doc.Statement) {
    if (s.Effect === "Deny") {
      statements.push(s);
      continue;
    }
    let actions: string[];
    if (s.Action !== undefined) {
      actions = list(s.Action).flatMap((a) => (a === "*" ? used.map((u) => `${u}:*`) : used.includes(a.split(":")[0]?.toLowerCase() ?? "") ? [a] : []));
    } else {
      const excluded = list(s.NotAction ?? []).map((a) => a.toLowerCase());
      actions = used.filter((u) => !excluded.includes(`${u}:*`) && !excluded.includes("*")).map((u) => `${u}:*`);
    }
    if (actions.length === 0) continue;
    const { NotAction: _dropped, ...rest } = s;
    statements.push({ ...rest, Action: actions.length === 1 ? (actions[0] as string) : [...new Set(actions)] });
  }
  return statements.some((s) => s.Effect === "Allow") ? { ...doc, Statement: statements } : undefined;
}

function list(v: string | string[]): string[] {
  return Array.isArray(v) ? v : [v];
}

export function parseDocument(text: string): PolicyDocument | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text.trim().startsWith("%7B") || text.trim().startsWith("%7b") ? decodeURIComponent(text) : text);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== "object") return undefined;
  const v = value as { Version?: unknown; Id?: unknown; Statement?: unknown };
  const statement = Array.isArray(v.Statement) ? v.Statement : v.Statement && typeof v.Statement === "object" ? [v.Statement] : undefined;
  if (!statement || !statement.every((s) => s && typeof s === "object" && ((s as { Effect?: unknown }).Effect === "Allow" || (s as { Effect?: unknown }).Effect === "Deny"))) return undefined;
  return { Version: typeof v.Version === "string" ? v.Version : "2012-10-17", ...(typeof v.Id === "string" ? { Id: v.Id } : {}), Statement: statement as PolicyStatement[] };
}

function uniqueName(name: string, taken: Array<{ name: string }>): string {
  if (!taken.some((t) => t.name.toLowerCase() === name.toLowerCase())) return name;
  for (let i = 2; ; i++) {
    const next = `${name.slice(0, 120)}-${i}`;
    if (!taken.some((t) => t.name.toLowerCase() === next.toLowerCase())) return next;
  }
}

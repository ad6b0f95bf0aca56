// Guardrails ("no way back"): a service control policy, for the management account to apply, that
// stops new long-lived keys in the accounts whose GitHub keys keyless retires. Pure: derived from the
// plan's keys and the Inventory's users; keyless never applies it (no Organizations write anywhere).
import type { Inventory } from "../inventory/schema.js";
import type { Guardrails, KeyPlan, PolicyDocument } from "./schema.js";

export type { Guardrails };

/** The role a team may still create keys with when it must (an incident, a vendor that needs a key). */
export const DEFAULT_BREAK_GLASS_ROLE = "keyless-break-glass";
export const GUARDRAIL_POLICY_NAME = "keyless-deny-long-lived-keys";
/** AWS Organizations' limit on a service control policy's size, in characters (whitespace counts). */
export const SCP_MAX_CHARACTERS = 5120;


const RETIRED: ReadonlySet<KeyPlan["disposition"]> = new Set(["retire-after-migration", "delete-unused"]);
const STILL_KEYED: Partial<Record<KeyPlan["disposition"], string>> = {
  "keep-used-outside-github": "used outside GitHub, kept",
  waiting: "waiting for a blocked repository",
  "not-linked": "linked to no repository",
};

/** Undefined when no account has a retired key (nothing to guard yet). */
export function planGuardrails(keys: KeyPlan[], inventory: Inventory, breakGlassRoleName: string = DEFAULT_BREAK_GLASS_ROLE): Guardrails | undefined {
  const aws = inventory.aws;
  if (!aws) return undefined;
  const retiredIn = new Set(keys.filter((k) => RETIRED.has(k.disposition)).map((k) => k.accountId));
  if (retiredIn.size === 0) return undefined;
  const scheduled = new Set(keys.map((k) => k.accessKeyId));
  const nameOf = new Map(aws.accounts.map((a) => [a.id, a.name]));
  const managementId = aws.managementAccountId ?? aws.accounts.find((a) => a.isManagement)?.id;

  const accounts: Guardrails["accounts"] = [];
  const leftOut: Guardrails["leftOut"] = [];
  for (const id of [...retiredIn].sort()) {
    const name = nameOf.get(id);
    const named = name ? { name } : {};
    const held = keys.filter((k) => k.accountId === id && STILL_KEYED[k.disposition]).map((k) => `${k.userName} (${STILL_KEYED[k.disposition]})`);
    const unscheduled = aws.accessKeys.filter((k) => k.accountId === id && k.status === "Active" && !scheduled.has(k.accessKeyId)).map((k) => `${k.userName} (not scheduled)`);
    if (id === managementId) {
      leftOut.push({ accountId: id, ...named, reason: "the management account: service control policies never apply to it" });
    } else if (held.length + unscheduled.length > 0) {
      const who = [...new Set([...held, ...unscheduled])].sort();
      leftOut.push({ accountId: id, ...named, reason: `still has active keys keyless does not retire, which need iam:CreateAccessKey to rotate: ${who.join(", ")}` });
    } else {
      accounts.push({ accountId: id, ...named });
    }
  }

  const covered = new Set(accounts.map((a) => a.accountId));
  const retiredUsers = new Set(keys.filter((k) => RETIRED.has(k.disposition) && covered.has(k.accountId)).map((k) => `${k.accountId}/${k.userName}`));
  const userArns = aws.users.filter((u) => retiredUsers.has(`${u.accountId}/${u.userName}`)).map((u) => u.arn);
  const ciUserPaths = [...new Set(userArns.map(userPath).filter((p) => p !== "/"))].sort();
  const partition = userArns[0]?.split(":")[1] || "aws";

  return {
    module: "guardrails",
    policyName: GUARDRAIL_POLICY_NAME,
    ...(managementId ? { managementAccountId: managementId } : {}),
    breakGlassRoleName,
    accounts,
    leftOut,
    ciUserPaths,
    policy: guardrailPolicy(partition, breakGlassRoleName, ciUserPaths),
    notes: guardrailNotes(breakGlassRoleName, ciUserPaths, userArns.length),
  };
}

/** `/ci/` from `arn:aws:iam::1:user/ci/name`; `/` for a user without a path. */
export function userPath(arn: string): string {
  const resource = arn.split(":").slice(5).join(":");
  const parts = resource.split("/").slice(1, -1);
  return parts.length === 0 ? "/" : `/${parts.join("/")}/`;
}

export function guardrailPolicy(partition: string, breakGlassRoleName: string, ciUserPaths: string[]): PolicyDocument {
  // A role's ARN carries its path: both forms, so the break-glass role may sit at / or under any path.
  const exempt = { ArnNotLike: { "aws:PrincipalArn": [`arn:${partition}:iam::*:role/${breakGlassRoleName}`, `arn:${partition}:iam::*:role/*/${breakGlassRoleName}`] } };
  const statements: PolicyDocument["Statement"] = [{ Sid: "KeylessDenyNewAccessKeys", Effect: "Deny", Action: "iam:CreateAccessKey", Resource: "*", Condition: exempt }];
  if (ciUserPaths.length > 0) {
    statements.push({ Sid: "KeylessDenyCiUsers", Effect: "Deny", Action: "iam:CreateUser", Resource: ciUserPaths.map((p) => `arn:${partition}:iam::*:user${p}*`), Condition: exempt });
  }
  return { Version: "2012-10-17", Statement: statements };
}

function guardrailNotes(role: string, paths: string[], users: number): string[] {
  const out = [
    "Attached to the covered accounts by id, not to an OU: the Inventory knows OU names, not their ids, and an OU may hold accounts that still need keys. Replace target_ids with an OU id to cover accounts added later.",
    `Break glass: principals whose ARN is the role ${role} (at any path) are exempt. Create that role only where needed, guard who may assume it, and set guardrails.breakGlassRoleName in keyless.config.yaml to use another name.`,
    "The policy stops new keys only: existing keys keep working until keyless retire deactivates and deletes them. Apply it after the retire step of the covered accounts.",
  ];
  if (paths.length > 0) out.push(`iam:CreateUser is denied under ${paths.join(", ")}, the path(s) of the ${users} retired key user(s); users at other paths can still be created.`);
  else out.push("The retired keys' users sit at the root path (/): iam:CreateUser is not denied, as that would stop every new user.");
  return out;
}

// Where a consumer deploys to, and whose permissions it needs: the account of the key linked to its
// secrets (the strongest link wins), the account of a role it assumed with the key, literal account
// ids in the job, or the config. Anything else is a blocker: keyless never guesses an account.
import type { Link } from "../analyze/model.js";
import type { AccessKey, IamUser } from "../inventory/schema.js";
import { CONFIDENCE_ORDER } from "../analyze/model.js";
import type { RepoPlanOverride } from "./config.js";
import type { Consumer } from "./consumers.js";
import type { Issue } from "./schema.js";

export interface Target {
  accountId: string;
  sources: string[];
  /** The key whose user's permissions the deploy role copies. */
  key?: AccessKey;
  user?: IamUser;
  /** The job assumed this role with its key (key-then-assume): chain into it instead of a new deploy role. */
  existingRoleArn?: string;
  /** Links behind the choice (every confidence), for retiring their keys in order. */
  links: Link[];
}

export interface TargetContext {
  links: Link[];
  keys: Map<string, AccessKey>;
  users: Map<string, IamUser>;
  override: RepoPlanOverride | undefined;
  /** ARNs (lower case) of the roles the AWS scan saw. */
  seenRoles: Set<string>;
  auditRoleName?: string;
}

/** The role every member account has for the organization's administrators. */
const ORGANIZATION_ACCESS_ROLE = "OrganizationAccountAccessRole";

export function userKey(accountId: string, userName: string): string {
  return `${accountId}\n${userName}`;
}

export function targetOf(consumer: Consumer, ctx: TargetContext): { target?: Target; issues: Issue[] } {
  const issues: Issue[] = [];
  const where = { repo: consumer.repo, path: consumer.path, ...(consumer.job ? { job: consumer.job } : {}), usageId: consumer.usage.id };
  const block = (code: string, message: string, remediation: string) => {
    issues.push({ severity: "blocker", code, message, remediation, ...where });
    return { issues };
  };
  const label = `${consumer.path}${consumer.job ? ` job ${consumer.job}` : ""}`;
  const usages = [consumer.usage, ...consumer.callees];
  const links = matchingLinks(consumer, ctx.links);
  const best = links.filter((l) => l.confidence === links[0]?.confidence);
  const bestAccounts = [...new Set(best.map((l) => l.accountId))];

  // A job that used its key only to assume a role: the role is the target.
  const assume = usages.find((u) => u.kind === "key-then-assume" && u.roleToAssume);
  let existingRoleArn: string | undefined;
  let existingAccount: string | undefined;
  if (assume?.roleToAssume) {
    if (!assume.roleToAssume.literal || !assume.roleToAssume.accountId) {
      return block("ComputedRoleToAssume", `${label} assumes a role named at run time (${assume.roleToAssume.value}).`, "Write the role ARN in the workflow, or list the account under plan.repos.<repo>.targetAccounts.");
    }
    existingRoleArn = assume.roleToAssume.value;
    existingAccount = assume.roleToAssume.accountId;
  }
  const hinted = [...new Set(usages.flatMap((u) => u.accountHints.flatMap((h) => (h.accountId ? [h.accountId] : []))))].sort();

  let accountId: string | undefined;
  const sources: string[] = [];
  const configured = ctx.override?.targetAccounts;
  const derived = existingAccount ? [existingAccount] : bestAccounts.length > 0 ? bestAccounts : hinted;
  if (configured) {
    const both = derived.filter((a) => configured.includes(a));
    if (both.length === 1) accountId = both[0];
    else if (configured.length === 1) accountId = configured[0];
    else return block("AmbiguousTargetAccount", `${label}: the config lists ${configured.join(", ")} and keyless cannot tell which one this job deploys to.`, "Keep one account in plan.repos.<repo>.targetAccounts, or link the job's key.");
    sources.push("keyless.config.yaml (plan.repos.<repo>.targetAccounts)");
  } else if (existingAccount) {
    accountId = existingAccount;
    sources.push(`role-to-assume ${existingRoleArn}`);
  } else if (bestAccounts.length === 1) {
    accountId = bestAccounts[0];
  } else if (bestAccounts.length > 1) {
    return block("AmbiguousKey", `${label}: keys of several accounts are linked to its secrets with ${best[0]?.confidence} confidence (${best.map((l) => `${l.accessKeyId} in ${l.accountId}`).join(", ")}).`, "Add a mapping for the right key in keyless.config.yaml, or name the account under plan.repos.<repo>.targetAccounts.");
  } else if (hinted.length === 1) {
    accountId = hinted[0];
    sources.push("account id written in the workflow");
  } else if (hinted.length > 1) {
    return block("AmbiguousTargetAccount", `${label} names several accounts (${hinted.join(", ")}) and no key is linked to it.`, "Name the account under plan.repos.<repo>.targetAccounts.");
  } else {
    return block("UnknownTargetAccount", `${label}: no linked key, role ARN or account id tells which account it deploys to.`, "Add a mapping for its key, or name the account under plan.repos.<repo>.targetAccounts.");
  }
  if (!accountId) return { issues };

  const keyLink = best.find((l) => l.accountId === accountId);
  const key = keyLink ? ctx.keys.get(keyLink.accessKeyId) : undefined;
  if (keyLink) sources.push(`key ${keyLink.accessKeyId} linked with ${keyLink.confidence} confidence (${keyLink.secretNames.join(", ")})`);
  const users = [...new Set(best.filter((l) => l.accountId === accountId).map((l) => ctx.keys.get(l.accessKeyId)?.userName ?? "?"))];
  if (!existingRoleArn && users.length > 1) {
    return block("AmbiguousKey", `${label}: keys of several users (${users.join(", ")}) are linked to its secrets with ${keyLink?.confidence} confidence.`, "Add a mapping for the right key in keyless.config.yaml.");
  }
  // keyless tells the user to let the repository's entry role assume this role: only for a role it
  // saw (or the config names), and never the organization's access role, whatever says so.
  const configuredRole = ctx.override?.deployRoles?.[accountId]?.arn;
  const chainInto = existingRoleArn ?? configuredRole;
  if (chainInto) {
    const name = chainInto.slice(chainInto.lastIndexOf("/") + 1).toLowerCase();
    if ([ORGANIZATION_ACCESS_ROLE, ctx.auditRoleName].some((n) => n?.toLowerCase() === name)) {
      return block(
        "OrganizationAccessRole",
        `${label} would chain into ${chainInto}, the organization's access role: keyless never lets a repository's role assume it.`,
        `Give the job a deploy role of its own: name it under plan.repos.<repo>.deployRoles.${accountId}.arn in keyless.config.yaml, or remove role-to-assume so keyless plans one.`,
      );
    }
    if (existingRoleArn && existingRoleArn !== configuredRole && !ctx.seenRoles.has(existingRoleArn.toLowerCase())) {
      return block(
        "UnconfirmedRole",
        `${label} assumes ${existingRoleArn}, a role keyless has not seen in the AWS inventory: it will not advise trusting into it on the workflow's word.`,
        `Confirm the role: scan its account (${accountId}) so keyless sees it, or name it under plan.repos.<repo>.deployRoles.${accountId}.arn in keyless.config.yaml.`,
      );
    }
  }
  for (const other of hinted.filter((a) => a !== accountId && a !== existingAccount)) {
    issues.push({ severity: "warning", code: "CrossAccountHint", message: `${label} also names account ${other}: a resource policy there that names the old IAM user must name the new role.`, accountId: other, ...where });
  }
  return {
    target: {
      accountId,
      sources,
      ...(key ? { key } : {}),
      ...(key ? { user: ctx.users.get(userKey(key.accountId, key.userName)) } : {}),
      ...(existingRoleArn ? { existingRoleArn } : {}),
      links,
    },
    issues,
  };
}

/** Links of the repo whose secrets (or literal key ids) this consumer hands over, strongest first. */
function matchingLinks(consumer: Consumer, links: Link[]): Link[] {
  const usages = [consumer.usage, ...consumer.callees];
  const names = new Set(usages.flatMap((u) => [...u.secretNames, ...u.variableNames]));
  const literal = new Set(usages.flatMap((u) => [u.accessKeyId, u.secretAccessKey].flatMap((s) => s?.refs.flatMap((r) => (r.keyId ? [r.keyId] : [])) ?? [])));
  const envs = consumer.runs.map((r) => r.environment);
  // A job without an environment cannot read environment secrets; a computed one may read any.
  const anyEnv = envs.some((e) => e?.expression);
  const envNames = new Set(envs.flatMap((e) => (e && !e.expression ? [e.name.toLowerCase()] : [])));
  return links
    // A link without secret names (a mapping that names none) stands for any key secret of the repo.
    .filter((l) => l.repo === consumer.repo && (literal.has(l.accessKeyId) || l.secretNames.length === 0 || l.secretNames.some((s) => names.has(s))))
    .filter((l) => l.scope !== "environment" || !l.environment || anyEnv || envNames.has(l.environment.toLowerCase()))
    .sort((a, b) => CONFIDENCE_ORDER.indexOf(a.confidence) - CONFIDENCE_ORDER.indexOf(b.confidence) || a.accessKeyId.localeCompare(b.accessKeyId));
}

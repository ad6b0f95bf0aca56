// Turns the AWS half of a plan into World data: the organization, OUs and accounts, and per account
// the IAM users, groups, keys, customer policies and roles. Times are relative to the scenario's now.
import type { AccessKey, AwsAccount, AwsWorld, IamAccount, IamRole, IamUser, InlinePolicy, PolicyRef as WorldPolicyRef } from "../world.js";
import { SANDBOX_AWS_CREDENTIALS, SANDBOX_CALLER_USER } from "./credentials.js";
import type { KeyPlan, PolicyRef, ScenarioPlan } from "./plan.js";
import { awsManagedArn, parsePolicyRef, policyDocument } from "./policies.js";
import { addDays, daysAgo, workTime, type Rng } from "./random.js";

/** An IAM key with what the rest of the build needs to know about it. */
export interface KeyRecord {
  key: AccessKey;
  accountId: string;
  plan: KeyPlan;
}

export interface AwsBuild {
  aws: AwsWorld;
  accountIds: Map<string, string>;
  keysByRef: Map<string, KeyRecord>;
  keys: KeyRecord[];
}

export function buildAws(plan: ScenarioPlan, rng: Rng, now: string): AwsBuild {
  const accountIds = new Map<string, string>();
  const mgmtPlan = plan.accounts.find((a) => a.key === plan.management);
  if (!mgmtPlan) throw new Error("scenario plan has no management account");
  for (const a of [mgmtPlan, ...plan.accounts.filter((a) => a !== mgmtPlan)]) accountIds.set(a.key, rng.accountId());
  const mgmt = id(accountIds, plan.management);
  const orgId = rng.organizationId();
  const rootId = rng.rootId();
  const org = plan.org.login;

  const ouByPath = new Map<string, string>();
  const ous: AwsWorld["ous"] = [];
  const ouFor = (path: string): string => {
    if (path === "") return rootId;
    const known = ouByPath.get(path);
    if (known) return known;
    const slash = path.lastIndexOf("/");
    const parentId = ouFor(slash < 0 ? "" : path.slice(0, slash));
    const ouId = rng.ouId(rootId);
    ous.push({ id: ouId, arn: `arn:aws:organizations::${mgmt}:ou/${orgId}/${ouId}`, name: path.slice(slash + 1), parentId });
    ouByPath.set(path, ouId);
    return ouId;
  };

  const accounts: AwsAccount[] = plan.accounts.map((a) => {
    const accountId = id(accountIds, a.key);
    return {
      id: accountId,
      arn: `arn:aws:organizations::${mgmt}:account/${orgId}/${accountId}`,
      name: a.name,
      email: `aws+${a.name}@${org}.example`,
      status: a.status ?? "ACTIVE",
      joinedMethod: a.joinedMethod ?? "CREATED",
      joinedTimestamp: workTime(rng, now, a.joinedDaysAgo),
      parentId: ouFor(a.ou),
      ...(a.denyAuditRole ? { denyAuditRole: true } : {}),
    };
  });

  const iam: Record<string, IamAccount> = {};
  for (const a of accounts) iam[a.id] = { users: [], groups: [], accessKeys: [], roles: [], oidcProviders: [], policies: [] };
  const iamOf = (key: string): IamAccount => iam[id(accountIds, key)] as IamAccount;

  // Customer managed policies are created the first time something in the account attaches them.
  const attach = (accountId: string, refs: PolicyRef[] | undefined, attached: WorldPolicyRef[], inline: InlinePolicy[]) => {
    for (const ref of refs ?? []) {
      const { kind, name } = parsePolicyRef(ref);
      if (kind === "inline") inline.push({ name, document: policyDocument(org, name) });
      else if (kind === "aws") attached.push({ arn: awsManagedArn(name), name: name.slice(name.lastIndexOf("/") + 1) });
      else {
        const account = iam[accountId] as IamAccount;
        const arn = `arn:aws:iam::${accountId}:policy/${name}`;
        if (!account.policies.some((p) => p.arn === arn)) {
          account.policies.push({ arn, name, path: "/", defaultVersionId: `v${rng.int(1, 4)}`, document: policyDocument(org, name), createDate: workTime(rng, now, rng.int(400, 1500)) });
        }
        attached.push({ arn, name });
      }
    }
  };

  for (const g of plan.groups) {
    const accountId = id(accountIds, g.account);
    const group = { groupName: g.name, groupId: rng.iamId("AGPA"), arn: `arn:aws:iam::${accountId}:group/${g.name}`, path: "/", createDate: workTime(rng, now, rng.int(800, 1800)), attachedPolicies: [], inlinePolicies: [] };
    attach(accountId, g.policies, group.attachedPolicies, group.inlinePolicies);
    iamOf(g.account).groups.push(group);
  }

  const keys: AccountKeys = { list: [], byRef: new Map() };
  for (const u of plan.users) {
    const accountId = id(accountIds, u.account);
    const path = u.path ?? "/";
    const user: IamUser = {
      userName: u.userName,
      userId: rng.iamId("AIDA"),
      arn: `arn:aws:iam::${accountId}:user${path}${u.userName}`,
      path,
      createDate: workTime(rng, now, u.createdDaysAgo),
      ...(u.human ? { passwordLastUsed: workTime(rng, now, rng.int(0, 20)) } : {}),
      groups: u.groups ?? [],
      attachedPolicies: [],
      inlinePolicies: [],
      ...(u.tags ? { tags: Object.entries(u.tags).map(([key, value]) => ({ key, value })) } : {}),
    };
    attach(accountId, u.policies, user.attachedPolicies, user.inlinePolicies);
    iamOf(u.account).users.push(user);
    if (accountId === mgmt && u.userName === SANDBOX_CALLER_USER) {
      iamOf(u.account).accessKeys.push({ accessKeyId: SANDBOX_AWS_CREDENTIALS.accessKeyId, userName: u.userName, status: "Active", createDate: addDays(user.createDate, 1), lastUsed: { date: daysAgo(now, 1 / 24), serviceName: "organizations", region: "us-east-1" } });
    }
    for (const k of u.keys) addKey(keys, iam, rng, now, accountId, u.userName, user.createDate, k);
  }
  for (const r of plan.rootKeys) {
    const accountId = id(accountIds, r.account);
    addKey(keys, iam, rng, now, accountId, "<root_account>", accounts.find((a) => a.id === accountId)?.joinedTimestamp ?? now, {
      ageDays: r.ageDays, status: r.status ?? "Active", ...(r.lastUsedDaysAgo !== undefined ? { lastUsedDaysAgo: r.lastUsedDaysAgo, lastUsedService: "iam" } : {}),
    });
  }

  for (const a of accounts) {
    if (a.id === mgmt) continue;
    (iam[a.id] as IamAccount).roles.push(role(rng, a.id, "OrganizationAccountAccessRole", a.joinedTimestamp, { AWS: `arn:aws:iam::${mgmt}:root` }, "sts:AssumeRole", [{ arn: awsManagedArn("AdministratorAccess"), name: "AdministratorAccess" }]));
  }
  const target = id(accountIds, plan.targetAccount);
  const tooling = keys.list.find((k) => k.plan.ref === "inventory")?.accountId;
  if (tooling) {
    (iam[target] as IamAccount).roles.push(role(rng, target, "inventory-deployer", workTime(rng, now, 250), { AWS: `arn:aws:iam::${tooling}:user/ci/gha-inventory` }, "sts:AssumeRole", [{ arn: awsManagedArn("AWSCloudFormationFullAccess"), name: "AWSCloudFormationFullAccess" }], { "sts:ExternalId": "inventory-2026" }));
  }
  (iam[target] as IamAccount).roles.push(role(rng, target, "image-resizer-lambda", workTime(rng, now, 900), { Service: "lambda.amazonaws.com" }, "sts:AssumeRole", [{ arn: awsManagedArn("service-role/AWSLambdaBasicExecutionRole"), name: "AWSLambdaBasicExecutionRole" }]));

  return {
    aws: {
      organization: {
        id: orgId,
        arn: `arn:aws:organizations::${mgmt}:organization/${orgId}`,
        managementAccountId: mgmt,
        managementAccountEmail: `aws+${mgmtPlan.name}@${org}.example`,
        featureSet: "ALL",
        ...(plan.delegatedAdmins?.length
          ? { delegatedAdministrators: plan.delegatedAdmins.flatMap((d) => d.services.map((servicePrincipal) => ({ accountId: id(accountIds, d.account), servicePrincipal, delegationEnabledDate: daysAgo(now, d.daysAgo) }))) }
          : {}),
      },
      roots: [{ id: rootId, arn: `arn:aws:organizations::${mgmt}:root/${orgId}/${rootId}`, name: "Root" }],
      ous,
      accounts,
      iam,
      cloudtrail: [],
      callers: {},
      auditRoleName: "OrganizationAccountAccessRole",
    },
    accountIds,
    keysByRef: keys.byRef,
    keys: keys.list,
  };
}

interface AccountKeys {
  list: KeyRecord[];
  byRef: Map<string, KeyRecord>;
}

function addKey(keys: AccountKeys, iam: Record<string, IamAccount>, rng: Rng, now: string, accountId: string, userName: string, notBefore: string, k: KeyPlan): void {
  let createDate = workTime(rng, now, k.ageDays);
  if (Date.parse(createDate) < Date.parse(notBefore)) createDate = addDays(notBefore, 0.01);
  const key: AccessKey = { accessKeyId: rng.iamId("AKIA"), userName, status: k.status ?? "Active", createDate };
  if (k.lastUsedDaysAgo !== undefined) key.lastUsed = { date: workTime(rng, now, k.lastUsedDaysAgo), serviceName: k.lastUsedService ?? "s3", region: "us-east-1" };
  (iam[accountId] as IamAccount).accessKeys.push(key);
  const record = { key, accountId, plan: k };
  keys.list.push(record);
  if (k.ref) {
    if (keys.byRef.has(k.ref)) throw new Error(`scenario plan uses key ref "${k.ref}" twice`);
    keys.byRef.set(k.ref, record);
  }
}

export function role(rng: Rng, accountId: string, roleName: string, createDate: string, principal: Record<string, string>, action: string, attachedPolicies: WorldPolicyRef[], condition?: Record<string, unknown>): IamRole {
  const statement: Record<string, unknown> = { Effect: "Allow", Principal: principal, Action: action };
  if (condition) statement["Condition"] = principal["Federated"] ? condition : { StringEquals: condition };
  return {
    roleName,
    roleId: rng.iamId("AROA"),
    arn: `arn:aws:iam::${accountId}:role/${roleName}`,
    path: "/",
    createDate,
    maxSessionDuration: 3600,
    assumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }),
    attachedPolicies,
    inlinePolicies: [],
  };
}

export function id(ids: Map<string, string>, key: string): string {
  const value = ids.get(key);
  if (!value) throw new Error(`scenario plan names an unknown account "${key}"`);
  return value;
}

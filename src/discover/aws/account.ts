// Reads one AWS account: its access keys (found through the credential report), their last use,
// the effective policies of their users, GitHub OIDC providers and roles that trust them, and
// CloudTrail events of each recently used key.
import {
  GetAccessKeyLastUsedCommand,
  GetOpenIDConnectProviderCommand,
  ListOpenIDConnectProvidersCommand,
  paginateListAccessKeys,
  paginateListRoles,
} from "@aws-sdk/client-iam";
import type { AccessKey, CloudTrailEvent, GithubTrustingRole, IamUser, OidcProvider, Skip } from "../../inventory/schema.js";
import type { AccountClients } from "./clients.js";
import { fetchCredentialReport, type CredentialReportRow } from "./credential-report.js";
import { awsReason } from "./errors.js";
import { PolicyReader, decodePolicyDocument } from "./policies.js";
import { lookupKeyEvents } from "./cloudtrail.js";

export interface AccountOptions {
  cloudTrail: boolean;
  /** CloudTrail keeps 90 days of management events; older last-use needs no lookup. */
  now: Date;
  maxEventsPerKey: number;
  sleep: (ms: number) => Promise<void>;
}

export interface AccountResult {
  users: IamUser[];
  accessKeys: AccessKey[];
  oidcProviders: OidcProvider[];
  githubTrustingRoles: GithubTrustingRole[];
  cloudTrail: CloudTrailEvent[];
  skipped: Skip[];
}

const GITHUB_ISSUER = /token\.actions\.githubusercontent\.com|\/_services\/token/;
const DAY = 86_400_000;

export async function readAccount(
  accountId: string,
  clients: AccountClients,
  awsManaged: Map<string, Promise<string | undefined>>,
  options: AccountOptions,
): Promise<AccountResult> {
  const result: AccountResult = { users: [], accessKeys: [], oidcProviders: [], githubTrustingRoles: [], cloudTrail: [], skipped: [] };
  const skip = (target: string, error: unknown) => {
    const { code, reason } = awsReason(error);
    result.skipped.push({ side: "aws", target, code, reason });
  };

  const report = await fetchCredentialReport(clients.iam, options.sleep);
  const policies = new PolicyReader(clients.iam, awsManaged);
  for (const row of report.filter((r) => r.keys.length > 0)) {
    if (row.isRoot) {
      result.accessKeys.push(...rootKeys(accountId, row));
      continue;
    }
    try {
      result.accessKeys.push(...(await userKeys(accountId, row.user, clients)));
      const { groups, policies: userPolicies } = await policies.userPolicies(row.user);
      result.users.push({ accountId, userName: row.user, arn: row.arn, createDate: row.userCreationTime ?? new Date(0).toISOString(), groups, policies: userPolicies });
    } catch (error) {
      skip(`${accountId}/${row.user}`, error);
    }
  }

  try {
    await readGithubTrust(accountId, clients, result);
  } catch (error) {
    skip(`${accountId}/oidc`, error);
  }

  if (options.cloudTrail) {
    for (const key of result.accessKeys) {
      const last = key.lastUsed?.date ? Date.parse(key.lastUsed.date) : undefined;
      if (key.isRoot || last === undefined || options.now.getTime() - last > 90 * DAY) continue;
      try {
        result.cloudTrail.push(...(await lookupKeyEvents(clients, accountId, key, options)));
      } catch (error) {
        skip(`${accountId}/${key.accessKeyId}/cloudtrail`, error);
      }
    }
  }
  return result;
}

async function userKeys(accountId: string, userName: string, clients: AccountClients): Promise<AccessKey[]> {
  const keys: AccessKey[] = [];
  for await (const page of paginateListAccessKeys({ client: clients.iam }, { UserName: userName })) {
    for (const k of page.AccessKeyMetadata ?? []) {
      if (!k.AccessKeyId) continue;
      const used = await clients.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId }));
      const last = used.AccessKeyLastUsed;
      keys.push({
        accessKeyId: k.AccessKeyId,
        accountId,
        userName,
        isRoot: false,
        status: k.Status === "Inactive" ? "Inactive" : "Active",
        createDate: (k.CreateDate ?? new Date(0)).toISOString(),
        lastUsed: last?.LastUsedDate
          ? { date: last.LastUsedDate.toISOString(), serviceName: na(last.ServiceName), region: na(last.Region) }
          : undefined,
      });
    }
  }
  return keys;
}

function na(v: string | undefined): string | undefined {
  return v && v !== "N/A" ? v : undefined;
}

/** Root keys are not listable without root credentials: the report is all we know of them. */
function rootKeys(accountId: string, row: CredentialReportRow): AccessKey[] {
  return row.keys.map((k) => ({
    accessKeyId: `root:${accountId}:${k.slot}`,
    accountId,
    userName: row.user,
    isRoot: true,
    status: k.active ? ("Active" as const) : ("Inactive" as const),
    createDate: k.lastRotated ?? row.userCreationTime ?? new Date(0).toISOString(),
    lastUsed: k.lastUsedDate ? { date: k.lastUsedDate, serviceName: k.lastUsedService, region: k.lastUsedRegion } : undefined,
  }));
}

async function readGithubTrust(accountId: string, clients: AccountClients, result: AccountResult): Promise<void> {
  const { OpenIDConnectProviderList } = await clients.iam.send(new ListOpenIDConnectProvidersCommand({}));
  for (const { Arn } of OpenIDConnectProviderList ?? []) {
    if (!Arn || !GITHUB_ISSUER.test(Arn)) continue;
    const provider = await clients.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: Arn }));
    result.oidcProviders.push({ accountId, arn: Arn, url: provider.Url ?? "", clientIds: provider.ClientIDList ?? [] });
  }
  for await (const page of paginateListRoles({ client: clients.iam }, {})) {
    for (const role of page.Roles ?? []) {
      const trust = decodePolicyDocument(role.AssumeRolePolicyDocument);
      if (!role.RoleName || !role.Arn || !trust || !GITHUB_ISSUER.test(trust)) continue;
      result.githubTrustingRoles.push({ accountId, roleName: role.RoleName, arn: role.Arn, trustPolicy: trust });
    }
  }
}

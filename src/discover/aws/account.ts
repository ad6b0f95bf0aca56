// Reads one AWS account: its access keys (found through the credential report), their last use,
// the effective policies of their users, GitHub OIDC providers and roles that trust them, and
// CloudTrail events of each recently used key.
import {
  GetAccessKeyLastUsedCommand,
  GetOpenIDConnectProviderCommand,
  ListOpenIDConnectProvidersCommand,
  NoSuchEntityException,
  paginateListAccessKeys,
  paginateListRoles,
  paginateListUsers,
} from "@aws-sdk/client-iam";
import pLimit from "p-limit";
import type { AccessKey, CloudTrailEvent, GithubTrustingRole, IamUser, OidcProvider, Skip } from "../../inventory/schema.js";
import type { AccountClients } from "./clients.js";
import { lookupKeyEvents } from "./cloudtrail.js";
import { fetchCredentialReport, type CredentialReportRow } from "./credential-report.js";
import { awsReason, fatalAwsError } from "./errors.js";
import { PolicyReader, decodePolicyDocument } from "./policies.js";

export interface AccountOptions {
  cloudTrail: boolean;
  /** CloudTrail keeps 90 days of management events; older last-use needs no lookup. */
  now: Date;
  maxEventsPerKey: number;
  /** Where the partition's global services (IAM, STS) log: us-east-1 in the aws partition. */
  globalEventsRegion: string;
  sleep: (ms: number) => Promise<void>;
  /** Longest wait for IAM to build a credential report. */
  reportWaitMs?: number;
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
/** Keys looked up in CloudTrail at once; the per account-region gate sets the actual pace. */
const LOOKUP_CONCURRENCY = 4;

export async function readAccount(
  accountId: string,
  clients: AccountClients,
  awsManaged: Map<string, Promise<string | undefined>>,
  options: AccountOptions,
): Promise<AccountResult> {
  const result: AccountResult = { users: [], accessKeys: [], oidcProviders: [], githubTrustingRoles: [], cloudTrail: [], skipped: [] };
  const skip = (target: string, error: unknown, prefix = "", escalate = true) => {
    // The credentials themselves failed: nothing else in this account will work either.
    if (escalate && fatalAwsError(error)) throw error;
    const { code, reason } = awsReason(error);
    result.skipped.push({ side: "aws", target, code, reason: prefix + reason });
  };

  const policies = new PolicyReader(clients.iam, awsManaged);
  for (const entry of await usersWithKeys(accountId, clients, options, skip)) {
    if (entry.isRoot) {
      result.accessKeys.push(...rootKeys(accountId, entry));
      continue;
    }
    try {
      const keys = await userKeys(accountId, entry.user, clients);
      if (keys.length === 0) continue; // keys deleted since the report, or a listed user without any
      const { groups, policies: userPolicies } = await policies.userPolicies(entry.user);
      result.accessKeys.push(...keys);
      result.users.push({ accountId, userName: entry.user, arn: entry.arn, createDate: entry.userCreationTime ?? new Date(0).toISOString(), groups, policies: userPolicies });
    } catch (error) {
      // Deleted since the report was built: there is nothing left to audit.
      if (error instanceof NoSuchEntityException) continue;
      skip(`${accountId}/${entry.user}`, error);
    }
  }

  try {
    await readGithubTrust(accountId, clients, result);
  } catch (error) {
    skip(`${accountId}/oidc`, error);
  }

  if (options.cloudTrail) {
    const recent = result.accessKeys.filter((key) => {
      const last = key.lastUsed?.date ? Date.parse(key.lastUsed.date) : undefined;
      return !key.isRoot && last !== undefined && options.now.getTime() - last <= 90 * DAY;
    });
    const limit = pLimit(LOOKUP_CONCURRENCY);
    const perKey = await Promise.all(
      recent.map((key) =>
        limit(async () => {
          try {
            return await lookupKeyEvents(clients, accountId, key, options);
          } catch (error) {
            // Not escalated: a region that is not enabled answers UnrecognizedClientException.
            skip(`${accountId}/${key.accessKeyId}/cloudtrail`, error, "", false);
            return [];
          }
        }),
      ),
    );
    for (const events of perKey) result.cloudTrail.push(...events);
  }
  return result;
}

/**
 * Users that hold access keys, from the credential report (one call instead of one per user). When
 * the report cannot be had, every user is listed instead and root keys stay unknown.
 */
async function usersWithKeys(
  accountId: string,
  clients: AccountClients,
  options: AccountOptions,
  skip: (target: string, error: unknown, prefix?: string, escalate?: boolean) => void,
): Promise<CredentialReportRow[]> {
  try {
    const report = await fetchCredentialReport(clients.iam, options.sleep, options.reportWaitMs);
    return report.rows.filter((r) => r.keys.length > 0);
  } catch (error) {
    skip(`${accountId}/credential-report`, error, "credential report unavailable, users listed instead and root keys unknown: ");
  }
  const rows: CredentialReportRow[] = [];
  for await (const page of paginateListUsers({ client: clients.iam }, {})) {
    for (const u of page.Users ?? []) {
      if (u.UserName) rows.push({ user: u.UserName, arn: u.Arn ?? "", userCreationTime: u.CreateDate?.toISOString(), isRoot: false, keys: [] });
    }
  }
  return rows;
}

async function userKeys(accountId: string, userName: string, clients: AccountClients): Promise<AccessKey[]> {
  const keys: AccessKey[] = [];
  for await (const page of paginateListAccessKeys({ client: clients.iam }, { UserName: userName })) {
    for (const k of page.AccessKeyMetadata ?? []) {
      if (!k.AccessKeyId) continue;
      // LastUsedDate is absent for a key never used (or last used before April 2015); then
      // ServiceName and Region read "N/A".
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

// Reads one AWS account: its access keys (found through the credential report), their last use,
// the effective policies of their users, GitHub OIDC providers and roles that trust them, and
// CloudTrail events of each recently used key.
import { GetOpenIDConnectProviderCommand, ListOpenIDConnectProvidersCommand, NoSuchEntityException, paginateListRoles, paginateListUsers } from "@aws-sdk/client-iam";
import pLimit from "p-limit";
import type { AccessKey, CloudTrailEvent, GithubTrustingRole, IamUser, OidcProvider, SeenRole, Skip } from "../../inventory/schema.js";
import { rootKeys, userKeys } from "./access-keys.js";
import { readAuthorizationDetails, type AuthorizationDetails } from "./authorization-details.js";
import type { AccountClients } from "./clients.js";
import { lookupAccountEvents } from "./cloudtrail.js";
import { fetchCredentialReport, type CredentialReport, type CredentialReportRow } from "./credential-report.js";
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
  roles: SeenRole[];
  cloudTrail: CloudTrailEvent[];
  skipped: Skip[];
}

const GITHUB_ISSUER = /token\.actions\.githubusercontent\.com|\/_services\/token/;
/** Users whose keys and policies are read at once. */
const USER_CONCURRENCY = 4;
/**
 * A reused report this much older than the scan still counts as current: the report records a
 * key's first use in any 15 minutes, so it is never finer than that anyway.
 */
const REPORT_SLACK_MS = 15 * 60_000;

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/** The whole account: IAM, then CloudTrail when asked (discover runs the two apart, see index.ts). */
export async function readAccount(
  accountId: string,
  clients: AccountClients,
  awsManaged: Map<string, Promise<string | undefined>>,
  options: AccountOptions,
): Promise<AccountResult> {
  const result = await readAccountIam(accountId, clients, awsManaged, options);
  if (options.cloudTrail) {
    const { events, skipped } = await lookupAccountEvents(clients, accountId, result.accessKeys, options);
    result.cloudTrail.push(...events);
    result.skipped.push(...skipped);
  }
  return result;
}

/** The account's keys, their users' policies and GitHub OIDC trust, from IAM alone. */
export async function readAccountIam(
  accountId: string,
  clients: AccountClients,
  awsManaged: Map<string, Promise<string | undefined>>,
  options: AccountOptions,
): Promise<AccountResult> {
  const result: AccountResult = { users: [], accessKeys: [], oidcProviders: [], githubTrustingRoles: [], roles: [], cloudTrail: [], skipped: [] };
  const skip = (target: string, error: unknown, prefix = "", escalate = true) => {
    // The credentials themselves failed: nothing else in this account will work either.
    if (escalate && fatalAwsError(error)) throw error;
    const { code, reason } = awsReason(error);
    result.skipped.push({ side: "aws", target, code, reason: prefix + reason });
  };

  // Both at once: IAM may take seconds to build the report.
  const [detailsRead, reportRead] = await Promise.all([
    settle(readAuthorizationDetails(clients.iam)),
    settle(fetchCredentialReport(clients.iam, options.sleep, options.reportWaitMs)),
  ]);
  // Without iam:GetAccountAuthorizationDetails (some audit roles lack it), or when it fails,
  // IAM's per-user calls read the same policies: slower, but nothing is missing.
  if (!detailsRead.ok && fatalAwsError(detailsRead.error)) throw detailsRead.error;
  const details = detailsRead.ok ? detailsRead.value : undefined;

  let rows: CredentialReportRow[];
  let reportIsCurrent = false;
  if (reportRead.ok) {
    rows = reportRead.value.rows.filter((r) => r.keys.length > 0);
    reportIsCurrent = isCurrent(reportRead.value, options.now);
  } else {
    skip(`${accountId}/credential-report`, reportRead.error, "credential report unavailable, users listed instead and root keys unknown: ");
    rows = details ? [...details.users.values()].map((u) => ({ user: u.userName, arn: u.arn, userCreationTime: u.createDate, isRoot: false, keys: [] })) : await listUsers(clients);
  }

  const policies = new PolicyReader(clients.iam, awsManaged, details);
  const limit = pLimit(USER_CONCURRENCY);
  const perUser = await Promise.all(
    rows.map((entry) =>
      limit(async (): Promise<{ keys: AccessKey[]; user?: IamUser } | undefined> => {
        if (entry.isRoot) return { keys: rootKeys(accountId, entry) };
        try {
          const keys = await userKeys(accountId, entry, clients.iam, reportIsCurrent);
          if (keys.length === 0) return undefined; // keys deleted since the report, or a listed user without any
          const { groups, policies: userPolicies } = await policies.userPolicies(entry.user);
          for (const p of userPolicies) {
            if (p.document !== undefined || !p.arn || !policies.unreadable.has(p.arn)) continue;
            const error = policies.unreadable.get(p.arn);
            if (fatalAwsError(error)) throw error;
            const { code, reason } = awsReason(error);
            result.skipped.push({ side: "aws", target: `${accountId}/${entry.user}`, code, reason: `policy ${p.arn} of ${entry.user} unreadable, its permissions unknown: ${reason}` });
          }
          return { keys, user: { accountId, userName: entry.user, arn: entry.arn, createDate: entry.userCreationTime ?? new Date(0).toISOString(), groups, policies: userPolicies } };
        } catch (error) {
          // Deleted since the report was built: there is nothing left to audit.
          if (error instanceof NoSuchEntityException) return undefined;
          skip(`${accountId}/${entry.user}`, error);
          return undefined;
        }
      }),
    ),
  );
  for (const read of perUser) {
    if (!read) continue;
    result.accessKeys.push(...read.keys);
    if (read.user) result.users.push(read.user);
  }

  try {
    await readGithubTrust(accountId, clients, result, details);
  } catch (error) {
    skip(`${accountId}/oidc`, error);
  }

  return result;
}

/**
 * Whether the report's last-use columns are as current as GetAccessKeyLastUsed during this scan:
 * built while we waited, or reused but generated at most REPORT_SLACK_MS before the scan began
 * (IAM reuses a report for up to 4 hours, and a key used since would read as older or unused).
 */
export function isCurrent(report: CredentialReport, scanStart: Date): boolean {
  if (report.builtWhileWaiting) return true;
  const generated = report.generatedAt ? Date.parse(report.generatedAt) : NaN;
  return !Number.isNaN(generated) && generated >= scanStart.getTime() - REPORT_SLACK_MS;
}

/** Every user, when neither the report nor the authorization details say who holds keys. */
async function listUsers(clients: AccountClients): Promise<CredentialReportRow[]> {
  const rows: CredentialReportRow[] = [];
  for await (const page of paginateListUsers({ client: clients.iam }, {})) {
    for (const u of page.Users ?? []) {
      if (u.UserName) rows.push({ user: u.UserName, arn: u.Arn ?? "", userCreationTime: u.CreateDate?.toISOString(), isRoot: false, keys: [] });
    }
  }
  return rows;
}

async function readGithubTrust(accountId: string, clients: AccountClients, result: AccountResult, details: AuthorizationDetails | undefined): Promise<void> {
  const { OpenIDConnectProviderList } = await clients.iam.send(new ListOpenIDConnectProvidersCommand({}));
  for (const { Arn } of OpenIDConnectProviderList ?? []) {
    if (!Arn || !GITHUB_ISSUER.test(Arn)) continue;
    const provider = await clients.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: Arn }));
    result.oidcProviders.push({ accountId, arn: Arn, url: provider.Url ?? "", clientIds: provider.ClientIDList ?? [] });
  }
  const trusting = (roleName: string, arn: string, trust: string | undefined) => {
    result.roles.push({ accountId, roleName, arn });
    if (trust && GITHUB_ISSUER.test(trust)) result.githubTrustingRoles.push({ accountId, roleName, arn, trustPolicy: trust });
  };
  if (details) {
    for (const role of details.roles) trusting(role.roleName, role.arn, role.trustPolicy);
    return;
  }
  for await (const page of paginateListRoles({ client: clients.iam }, {})) {
    for (const role of page.Roles ?? []) if (role.RoleName && role.Arn) trusting(role.RoleName, role.Arn, decodePolicyDocument(role.AssumeRolePolicyDocument));
  }
}

// Discover, AWS side: the organization's accounts, then each account entered through the audit
// role, read with bounded concurrency. An account that cannot be entered or read is recorded
// with its reason; the scan goes on.
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import pLimit from "p-limit";
import type { Account, Inventory, Skip } from "../../inventory/schema.js";
import type { DiscoverListener } from "../events.js";
import type { RequestCounter } from "../request-counter.js";
import { readAccount, type AccountResult } from "./account.js";
import { accountClients, managementClients, type AwsConnection } from "./clients.js";
import { awsReason, fatalAwsError } from "./errors.js";
import { readOrganization, type OrganizationSnapshot } from "./organization.js";

export interface AwsDiscoverOptions {
  connection: AwsConnection;
  auditRoleName: string;
  /** Accounts read at once. */
  concurrency: number;
  cloudTrail: boolean;
  maxEventsPerKey: number;
  /** Only these account ids (all when empty). */
  accountIds?: string[];
  now: Date;
  counter: RequestCounter;
  onEvent?: DiscoverListener;
  sleep?: (ms: number) => Promise<void>;
}

export type AwsInventory = NonNullable<Inventory["aws"]>;

export async function discoverAws(options: AwsDiscoverOptions): Promise<{ aws: AwsInventory; skipped: Skip[] }> {
  const { sts, organizations } = managementClients(options.connection, options.counter);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const skipped: Skip[] = [];
  const emit = options.onEvent ?? (() => {});

  let callerAccount: string;
  try {
    callerAccount = (await sts.send(new GetCallerIdentityCommand({}))).Account ?? "";
  } catch (error) {
    throw fatalAwsError(error) ?? error;
  }

  emit({ type: "phase", side: "aws", phase: "organization" });
  let org: OrganizationSnapshot;
  try {
    org = await readOrganization(organizations);
  } catch (error) {
    // Not in an organization, or not its management/delegated-admin account: scan this account alone.
    const { code, reason } = awsReason(error);
    skipped.push({ side: "aws", target: "organization", code, reason: `${reason} — scanning only account ${callerAccount}` });
    org = { organizationId: "", managementAccountId: "", accounts: [{ id: callerAccount, name: callerAccount, status: "ACTIVE", ouPath: [], isManagement: false }] };
  }

  const wanted = options.accountIds?.length ? new Set(options.accountIds) : undefined;
  const targets = org.accounts.filter((a) => !wanted || wanted.has(a.id));
  emit({ type: "aws-accounts", total: targets.length });

  const aws: AwsInventory = {
    organizationId: org.organizationId || undefined,
    managementAccountId: org.managementAccountId || undefined,
    accounts: [],
    users: [],
    accessKeys: [],
    oidcProviders: [],
    githubTrustingRoles: [],
    cloudTrail: [],
  };
  const awsManaged = new Map<string, Promise<string | undefined>>();
  const limit = pLimit(Math.max(1, options.concurrency));

  const results = await Promise.all(
    targets.map((account) =>
      limit(async (): Promise<{ account: Account; result?: AccountResult }> => {
        if (account.status !== "ACTIVE") {
          const reason = `account is ${account.status}`;
          emit({ type: "aws-account-done", accountId: account.id, keys: 0, ok: false, reason });
          return { account: { ...account, reachable: false, unreachableReason: reason } };
        }
        try {
          const credentials = account.id === callerAccount ? undefined : await enter(sts, account.id, options.auditRoleName);
          const clients = accountClients(options.connection, options.counter, credentials);
          const result = await readAccount(account.id, clients, awsManaged, { ...options, sleep });
          emit({ type: "aws-account-done", accountId: account.id, keys: result.accessKeys.length, ok: true });
          return { account: { ...account, reachable: true }, result };
        } catch (error) {
          const fatal = fatalAwsError(error);
          if (fatal && account.id === callerAccount) throw fatal;
          const { code, reason } = awsReason(error);
          skipped.push({ side: "aws", target: account.id, code, reason });
          emit({ type: "aws-account-done", accountId: account.id, keys: 0, ok: false, reason });
          return { account: { ...account, reachable: false, unreachableReason: `${code}: ${reason}` } };
        }
      }),
    ),
  );

  for (const { account, result } of results) {
    aws.accounts.push(account);
    if (!result) continue;
    aws.users.push(...result.users);
    aws.accessKeys.push(...result.accessKeys);
    aws.oidcProviders.push(...result.oidcProviders);
    aws.githubTrustingRoles.push(...result.githubTrustingRoles);
    aws.cloudTrail.push(...result.cloudTrail);
    skipped.push(...result.skipped);
  }
  return { aws, skipped };
}

async function enter(sts: ReturnType<typeof managementClients>["sts"], accountId: string, roleName: string) {
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: "keyless-audit", DurationSeconds: 3600 }),
  );
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error(`AssumeRole into ${accountId} returned no credentials`);
  return {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    sessionToken: Credentials.SessionToken,
    expiration: Credentials.Expiration,
  };
}

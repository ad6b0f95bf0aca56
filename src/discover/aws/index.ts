// Discover, AWS side: the organization's accounts, then each account entered through the audit
// role, read with bounded concurrency. An account that cannot be entered or read is recorded
// with its reason; the scan goes on.
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import pLimit from "p-limit";
import type { Account, Inventory, Skip } from "../../inventory/schema.js";
import type { DiscoverListener } from "../events.js";
import type { RequestCounter } from "../request-counter.js";
import { readAccountIam, type AccountResult } from "./account.js";
import { assumedRole } from "./assumed-role.js";
import { accountClients, globalEventsRegion, managementClients, type AccountClients, type AwsConnection } from "./clients.js";
import { lookupAccountEvents } from "./cloudtrail.js";
import { awsReason, fatalAwsError } from "./errors.js";
import { readLastAccessed, usersToReport } from "./last-accessed.js";
import { OrganizationUnavailable, readOrganization, type OrganizationSnapshot } from "./organization.js";
import { RateGates } from "./rate-gate.js";
import { readScannedFrom } from "./scanned-from.js";

export interface AwsDiscoverOptions {
  connection: AwsConnection;
  auditRoleName: string;
  /** Accounts read at once. */
  concurrency: number;
  cloudTrail: boolean;
  maxEventsPerKey: number;
  /** Only these account ids (all when empty). */
  accountIds?: string[];
  /** LookupEvents requests per second per account and region (AWS allows 2; default 2). */
  cloudTrailRequestsPerSecond?: number;
  /** Read IAM's last-accessed report of each user whose key was used (default true). */
  lastAccessed?: boolean;
  /** First pause between polls of a last-accessed job (doubles, capped); the sandbox's jobs finish at once. */
  lastAccessedPollMs?: number;
  now: Date;
  counter: RequestCounter;
  onEvent?: DiscoverListener;
  sleep?: (ms: number) => Promise<void>;
}

export type AwsInventory = NonNullable<Inventory["aws"]>;

/** One hour: the longest session role chaining allows; the provider re-assumes before it ends. */
const SESSION_SECONDS = 3600;
/** Accounts whose CloudTrail lookups wait at once, per account read at once. */
const LOOKUP_ACCOUNTS_PER_SLOT = 4;

export async function discoverAws(options: AwsDiscoverOptions): Promise<{ aws: AwsInventory; skipped: Skip[] }> {
  const { sts, organizations } = managementClients(options.connection, options.counter);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const skipped: Skip[] = [];
  const emit = options.onEvent ?? (() => {});

  let caller: { account: string; partition: string };
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    caller = { account: identity.Account ?? "", partition: identity.Arn?.split(":")[1] || "aws" };
  } catch (error) {
    throw fatalAwsError(error) ?? error;
  }

  emit({ type: "phase", side: "aws", phase: "organization" });
  let org: OrganizationSnapshot;
  try {
    org = await readOrganization(organizations);
    skipped.push(...org.skipped);
  } catch (error) {
    // Not in an organization, or a member that is neither management nor delegated administrator:
    // scan the caller's own account alone.
    const unavailable = error instanceof OrganizationUnavailable ? error : undefined;
    const { code, reason } = awsReason(unavailable?.error ?? error);
    skipped.push({ side: "aws", target: "organization", code, reason: `${reason} — scanning only account ${caller.account}` });
    org = {
      organizationId: unavailable?.organizationId ?? "",
      managementAccountId: unavailable?.managementAccountId ?? "",
      accounts: [{ id: caller.account, name: caller.account, status: "ACTIVE", ouPath: [], isManagement: caller.account === unavailable?.managementAccountId }],
      skipped: [],
    };
  }

  const scannedFrom = await readScannedFrom(organizations, caller.account, org.managementAccountId, skipped);

  const wanted = options.accountIds?.length ? new Set(options.accountIds) : undefined;
  const targets = org.accounts.filter((a) => !wanted || wanted.has(a.id));
  emit({ type: "aws-accounts", total: targets.length });

  const aws: AwsInventory = {
    organizationId: org.organizationId || undefined,
    managementAccountId: org.managementAccountId || undefined,
    scannedFrom,
    accounts: [],
    users: [],
    accessKeys: [],
    oidcProviders: [],
    githubTrustingRoles: [],
    roles: [],
    auditRoleName: options.auditRoleName,
    cloudTrail: [],
  };
  const awsManaged = new Map<string, Promise<string | undefined>>();
  const lookupGates = new RateGates(options.cloudTrailRequestsPerSecond ?? 2);
  const accountOptions = { ...options, sleep, globalEventsRegion: globalEventsRegion(caller.partition, options.connection.region) };
  const limit = pLimit(Math.max(1, options.concurrency));
  // LookupEvents is paced per account and region (2 requests/s each), so an account waiting on its
  // gates leaves its slot to the next account's IAM reads: many accounts' lookups wait side by side.
  const lookups = pLimit(Math.max(1, options.concurrency) * LOOKUP_ACCOUNTS_PER_SLOT);

  type Read = { account: Account; result?: AccountResult; clients?: AccountClients };
  const readIam = async (account: (typeof targets)[number]): Promise<Read> => {
    if (account.status !== "ACTIVE") {
      const reason = `account is ${account.status}`;
      emit({ type: "aws-account-done", accountId: account.id, keys: 0, ok: false, reason });
      return { account: { ...account, reachable: false, unreachableReason: reason } };
    }
    try {
      let credentials;
      if (account.id !== caller.account) {
        const roleArn = `arn:${caller.partition}:iam::${account.id}:role/${options.auditRoleName}`;
        credentials = assumedRole(sts, { roleArn, sessionName: "keyless-audit", durationSeconds: SESSION_SECONDS });
        try {
          await credentials(); // enter now, so a denied role reads as "cannot enter", not as a failed read
        } catch (error) {
          // The caller's own credentials expired or were rejected: no account can be entered.
          const fatal = fatalAwsError(error);
          if (fatal) throw Object.assign(fatal, { abortScan: true });
          throw error;
        }
      }
      const clients = accountClients(options.connection, options.counter, { accountId: account.id, credentials, lookupGates });
      const result = await readAccountIam(account.id, clients, awsManaged, accountOptions);
      return { account: { ...account, reachable: true }, result, clients };
    } catch (error) {
      if ((error as { abortScan?: boolean }).abortScan) throw error;
      const fatal = fatalAwsError(error);
      if (fatal && account.id === caller.account) throw fatal;
      const { code, reason } = awsReason(error);
      skipped.push({ side: "aws", target: account.id, code, reason });
      emit({ type: "aws-account-done", accountId: account.id, keys: 0, ok: false, reason });
      return { account: { ...account, reachable: false, unreachableReason: `${code}: ${reason}` } };
    }
  };

  const results = await Promise.all(
    targets.map(async (target): Promise<Read> => {
      const read = await limit(() => readIam(target));
      const { result, clients } = read;
      if (!result || !clients) return read;
      // Both wait on AWS (LookupEvents' pace, IAM's report jobs): side by side.
      await Promise.all([
        options.cloudTrail
          ? lookups(() => lookupAccountEvents(clients, target.id, result.accessKeys, accountOptions)).then((found) => {
              result.cloudTrail.push(...found.events);
              result.skipped.push(...found.skipped);
            })
          : undefined,
        options.lastAccessed !== false
          ? lookups(() => readLastAccessed(clients.iam, usersToReport(result.users, result.accessKeys), { sleep, pollBaseMs: options.lastAccessedPollMs, escalate: target.id === caller.account })).then((skips) => {
              result.skipped.push(...skips);
            })
          : undefined,
      ]);
      emit({ type: "aws-account-done", accountId: target.id, keys: result.accessKeys.length, ok: true });
      return read;
    }),
  );

  for (const { account, result } of results) {
    aws.accounts.push(account);
    if (!result) continue;
    aws.users.push(...result.users);
    aws.accessKeys.push(...result.accessKeys);
    aws.oidcProviders.push(...result.oidcProviders);
    aws.githubTrustingRoles.push(...result.githubTrustingRoles);
    aws.roles?.push(...result.roles);
    aws.cloudTrail.push(...result.cloudTrail);
    skipped.push(...result.skipped);
  }
  return { aws, skipped };
}

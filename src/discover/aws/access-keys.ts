// The access keys of one IAM user and their last use. The credential report already holds each key
// slot's last use; a listed key takes it from its slot when the match is exact, and asks
// GetAccessKeyLastUsed otherwise.
import { GetAccessKeyLastUsedCommand, paginateListAccessKeys, type IAMClient } from "@aws-sdk/client-iam";
import type { AccessKey } from "../../inventory/schema.js";
import type { CredentialReportRow } from "./credential-report.js";

type LastUsed = AccessKey["lastUsed"];

export interface ListedKey {
  accessKeyId: string;
  status: "Active" | "Inactive";
  createDate?: Date;
}

const second = (ms: number) => Math.floor(ms / 1000);

/**
 * Last use of each listed key that its report slot describes beyond doubt. The report names no key
 * ids, only slots, and `access_key_N_last_rotated` is the key's creation time to the second. A key
 * takes a slot's values only when its creation second is that slot's and nobody else's (another
 * key or slot in the same second is ambiguous), and the slot's status is the key's (a report
 * older than a status change describes an earlier state). A key created after the report has no
 * slot. Keys left out of the map need GetAccessKeyLastUsed.
 */
export function reportLastUse(row: CredentialReportRow, keys: readonly ListedKey[]): Map<string, LastUsed> {
  const out = new Map<string, LastUsed>();
  const created = keys.map((k) => (k.createDate ? second(k.createDate.getTime()) : undefined));
  for (const [i, key] of keys.entries()) {
    const at = created[i];
    if (at === undefined || created.filter((c) => c === at).length !== 1) continue;
    const slots = row.keys.filter((s) => s.lastRotated !== undefined && second(Date.parse(s.lastRotated)) === at);
    const slot = slots[0];
    if (slots.length !== 1 || !slot || slot.active !== (key.status === "Active")) continue;
    const date = slot.lastUsedDate ? Date.parse(slot.lastUsedDate) : NaN;
    if (slot.lastUsedDate !== undefined && Number.isNaN(date)) continue; // unreadable: ask IAM
    out.set(key.accessKeyId, slot.lastUsedDate ? { date: new Date(date).toISOString(), serviceName: slot.lastUsedService, region: slot.lastUsedRegion } : undefined);
  }
  return out;
}

/**
 * The user's keys from ListAccessKeys, with last use from the report when `fromReport` (a report
 * built during the scan) and the slot matches, else from GetAccessKeyLastUsed.
 */
export async function userKeys(accountId: string, row: CredentialReportRow, iam: IAMClient, fromReport: boolean): Promise<AccessKey[]> {
  const listed: ListedKey[] = [];
  for await (const page of paginateListAccessKeys({ client: iam }, { UserName: row.user })) {
    for (const k of page.AccessKeyMetadata ?? []) {
      if (k.AccessKeyId) listed.push({ accessKeyId: k.AccessKeyId, status: k.Status === "Inactive" ? "Inactive" : "Active", createDate: k.CreateDate });
    }
  }
  const known = fromReport ? reportLastUse(row, listed) : new Map<string, LastUsed>();
  const keys: AccessKey[] = [];
  for (const k of listed) {
    keys.push({
      accessKeyId: k.accessKeyId,
      accountId,
      userName: row.user,
      isRoot: false,
      status: k.status,
      createDate: (k.createDate ?? new Date(0)).toISOString(),
      lastUsed: known.has(k.accessKeyId) ? known.get(k.accessKeyId) : await askLastUsed(iam, k.accessKeyId),
    });
  }
  return keys;
}

async function askLastUsed(iam: IAMClient, accessKeyId: string): Promise<LastUsed> {
  // LastUsedDate is absent for a key never used (or last used before April 2015); then
  // ServiceName and Region read "N/A".
  const { AccessKeyLastUsed: last } = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }));
  return last?.LastUsedDate ? { date: last.LastUsedDate.toISOString(), serviceName: na(last.ServiceName), region: na(last.Region) } : undefined;
}

function na(v: string | undefined): string | undefined {
  return v && v !== "N/A" ? v : undefined;
}

/** Root keys are not listable without root credentials: the report is all we know of them. */
export function rootKeys(accountId: string, row: CredentialReportRow): AccessKey[] {
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

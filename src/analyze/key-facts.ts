// Plain facts about each access key, relative to a given `now`: age, last use, idle time.
import type { AccessKey, Inventory } from "../inventory/schema.js";

const DAY = 86_400_000;

export interface KeyFacts {
  accessKeyId: string;
  accountId: string;
  accountName: string;
  userName: string;
  isRoot: boolean;
  status: "Active" | "Inactive";
  createDate: string;
  ageDays: number;
  lastUsedDate?: string;
  /** Days since last use; undefined when never used. */
  idleDays?: number;
  lastUsedService?: string;
  lastUsedRegion?: string;
}

export function daysBetween(from: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / DAY));
}

export function keyFacts(inventory: Inventory, now: Date): KeyFacts[] {
  const names = new Map((inventory.aws?.accounts ?? []).map((a) => [a.id, a.name]));
  return (inventory.aws?.accessKeys ?? [])
    .map((k: AccessKey) => ({
      accessKeyId: k.accessKeyId,
      accountId: k.accountId,
      accountName: names.get(k.accountId) ?? k.accountId,
      userName: k.userName,
      isRoot: k.isRoot,
      status: k.status,
      createDate: k.createDate,
      ageDays: daysBetween(k.createDate, now),
      lastUsedDate: k.lastUsed?.date,
      idleDays: k.lastUsed?.date ? daysBetween(k.lastUsed.date, now) : undefined,
      lastUsedService: k.lastUsed?.serviceName,
      lastUsedRegion: k.lastUsed?.region,
    }))
    .sort((a, b) => a.accountId.localeCompare(b.accountId) || a.userName.localeCompare(b.userName) || a.accessKeyId.localeCompare(b.accessKeyId));
}

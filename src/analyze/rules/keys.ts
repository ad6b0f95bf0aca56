// Small views of the inventory's access keys the key rules share: age and idle days relative to `now`,
// and the repositories each key is linked to.
import type { AccessKey } from "../../inventory/schema.js";
import { daysBetween } from "../key-facts.js";
import type { AnalysisContext, Link } from "../model.js";
import { groupBy } from "./helpers.js";

export function accessKeys(context: AnalysisContext): AccessKey[] {
  return context.inventory.aws?.accessKeys ?? [];
}

export function ageDays(key: AccessKey, now: Date): number {
  return daysBetween(key.createDate, now);
}

/** Days since last use; undefined when AWS has no record of use. */
export function idleDays(key: AccessKey, now: Date): number | undefined {
  return key.lastUsed?.date ? daysBetween(key.lastUsed.date, now) : undefined;
}

export function linksByKey(links: Link[]): Map<string, Link[]> {
  return groupBy(links, (l) => l.accessKeyId);
}

export function owner(key: AccessKey): string {
  return key.isRoot ? "the root user" : `IAM user ${key.userName}`;
}

export function day(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : "never";
}

/** "linked to acme/app (certain), acme/api (high)". */
export function linkedRepos(links: Link[] | undefined): string {
  if (!links || links.length === 0) return "";
  return `linked to ${links.map((l) => `${l.repo} (${l.confidence})`).join(", ")}`;
}

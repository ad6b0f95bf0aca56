// What keyless itself did to a key, read from the state store's events: when it deactivated it
// (unless it reactivated it since), whether it deleted it, which secrets it already deleted.
import type { KeyEvent } from "../state/store.js";

export interface KeyHistory {
  /** The latest deactivation not followed by a reactivation. */
  deactivatedAt?: string;
  deletedAt?: string;
  /** `detail` of every secret-deleted event (the secret's id, see secretId). */
  secretsDeleted: Set<string>;
}

export function keyHistory(events: readonly KeyEvent[]): KeyHistory {
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  let deactivatedAt: string | undefined;
  let deletedAt: string | undefined;
  const secretsDeleted = new Set<string>();
  for (const e of sorted) {
    if (e.action === "deactivated") deactivatedAt = e.at;
    else if (e.action === "reactivated") deactivatedAt = undefined;
    else if (e.action === "deleted") deletedAt ??= e.at;
    else if (e.action === "secret-deleted" && e.detail) secretsDeleted.add(e.detail);
  }
  return { ...(deactivatedAt ? { deactivatedAt } : {}), ...(deletedAt ? { deletedAt } : {}), secretsDeleted };
}

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

/**
 * `status`: the key's state in IAM now. A deactivation keyless started ("deactivating") but did not
 * record as done — the run was killed, or the answer lost, after IAM applied it — counts as keyless's
 * when the key is inactive or gone, so a rerun neither deactivates it again nor forgets to delete it.
 */
export function keyHistory(events: readonly KeyEvent[], status?: string): KeyHistory {
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  let deactivatedAt: string | undefined;
  let started: string | undefined;
  let deletedAt: string | undefined;
  const secretsDeleted = new Set<string>();
  for (const e of sorted) {
    if (e.action === "deactivating") started = e.at;
    else if (e.action === "deactivated") {
      deactivatedAt = e.at;
      started = undefined;
    } else if (e.action === "reactivated") {
      deactivatedAt = undefined;
      started = undefined;
    }
    if (e.action === "deleted") deletedAt ??= e.at;
    else if (e.action === "secret-deleted" && e.detail) secretsDeleted.add(e.detail);
  }
  if (started && !deactivatedAt && (status === "Inactive" || status === "missing")) deactivatedAt = started;
  return { ...(deactivatedAt ? { deactivatedAt } : {}), ...(deletedAt ? { deletedAt } : {}), secretsDeleted };
}

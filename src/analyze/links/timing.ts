// Timing evidence (medium): a secret that a workflow reads as its access key id was written shortly
// after the key was created — people create a key, then paste it into GitHub.
import type { AccessKey } from "../../inventory/schema.js";
import type { Confidence } from "../model.js";
import type { Claim, LinkContext } from "./context.js";
import { storeKey, type CredentialSet, type StoredSecret } from "./credential-sets.js";
import { namesMatch, sameStage } from "./names.js";

/** A secret written within this long after the key was created counts. */
export const SECRET_TIMING_WINDOW_MS = 24 * 3_600_000;

interface StoreUse {
  store: StoredSecret;
  /** Repos that read it as an access key id, with the sets that do. */
  repos: Map<string, CredentialSet[]>;
}

function storeUses(ctx: LinkContext): StoreUse[] {
  const uses = new Map<string, StoreUse>();
  for (const repo of ctx.repos.values()) {
    for (const set of repo.sets) {
      for (const store of set.idSecrets) {
        const key = storeKey(store);
        const use = uses.get(key) ?? { store, repos: new Map() };
        use.repos.set(repo.repo.fullName, [...(use.repos.get(repo.repo.fullName) ?? []), set]);
        uses.set(key, use);
      }
    }
  }
  return [...uses.values()];
}

/** When the secret was last written (GitHub keeps no history: an older write is gone). */
export function writtenAt(store: StoredSecret): number | undefined {
  const t = Date.parse(store.updatedAt ?? store.createdAt ?? "");
  return Number.isNaN(t) ? undefined : t;
}

export function fitsWindow(key: AccessKey, store: StoredSecret): boolean {
  const written = writtenAt(store);
  if (written === undefined) return false;
  const delta = written - Date.parse(key.createDate);
  return delta >= 0 && delta <= SECRET_TIMING_WINDOW_MS;
}

/**
 * A secret holds one key. When several keys were created in the window before it was written, the
 * timing alone cannot tell which. They are narrowed in turn to those whose account the workflow names
 * (role ARN, ECR registry), whose IAM user names the same stage as the secret or its environment
 * (gha-x-staging ~ STAGING_AWS_KEY), and whose IAM user is named like the secret or repo — each step
 * only when it keeps at least one. If one key is left it gets medium and the others low; otherwise
 * all get low.
 */
export function timingClaims(ctx: LinkContext): Claim[] {
  const keys = [...ctx.keys.values()].sort((a, b) => Date.parse(a.createDate) - Date.parse(b.createDate));
  const claims: Claim[] = [];
  for (const use of storeUses(ctx)) {
    const candidates = keysCreatedBefore(keys, writtenAt(use.store)).filter((k) => fitsWindow(k, use.store));
    if (candidates.length === 0) continue;
    const sets = [...use.repos.values()].flat();
    const repoNames = [...use.repos.keys()].map((r) => r.split("/")[1] ?? r);
    const preferred = narrow(narrow(narrow(candidates,
      (k) => sets.some((s) => s.accountIds.includes(k.accountId))),
      (k) => sameStage(k.userName, use.store.environment) || sameStage(k.userName, use.store.name)),
      (k) => namesMatch(k.userName, use.store.name) || repoNames.some((r) => namesMatch(k.userName, r)));
    const single = preferred.length === 1 ? preferred[0] : undefined;
    for (const key of candidates) {
      const confidence: Confidence = key === single ? "medium" : "low";
      const minutes = Math.round(((writtenAt(use.store) ?? 0) - Date.parse(key.createDate)) / 60_000);
      const where = use.store.scope === "organization" ? "organization secret" : use.store.scope === "environment" ? `environment ${use.store.environment} secret` : "repository secret";
      const others = candidates.length - 1;
      for (const [repo, repoSets] of use.repos) {
        claims.push({
          accessKeyId: key.accessKeyId,
          repo,
          evidence: {
            kind: "secret-timing",
            confidence,
            summary: `The ${where} ${use.store.name} was last written ${formatDelay(minutes)} after the key was created (${key.createDate})${others > 0 ? `; ${others} other key${others > 1 ? "s were" : " was"} created in the same ${SECRET_TIMING_WINDOW_MS / 3_600_000} hours` : ""}.`,
            refs: {
              secret: use.store.name,
              scope: use.store.scope,
              ...(use.store.environment ? { environment: use.store.environment } : {}),
              secretUpdatedAt: use.store.updatedAt ?? use.store.createdAt ?? "",
              keyCreatedAt: key.createDate,
              minutes,
              ...(others > 0 ? { otherCandidateKeys: others } : {}),
            },
          },
          store: use.store,
          sets: repoSets,
        });
      }
    }
  }
  return claims;
}

/** Keys (sorted by creation) created in the window before `written`. */
function keysCreatedBefore(keys: AccessKey[], written: number | undefined): AccessKey[] {
  if (written === undefined) return [];
  let lo = 0;
  let hi = keys.length;
  const from = written - SECRET_TIMING_WINDOW_MS;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Date.parse(keys[mid]?.createDate ?? "") < from) lo = mid + 1;
    else hi = mid;
  }
  const out: AccessKey[] = [];
  for (let i = lo; i < keys.length && Date.parse(keys[i]?.createDate ?? "") <= written; i++) {
    const key = keys[i];
    if (key) out.push(key);
  }
  return out;
}

function formatDelay(minutes: number): string {
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return `${Math.round(minutes / 60)} hours`;
}

/** Keeps the items that pass, unless none does. */
export function narrow<T>(items: T[], test: (item: T) => boolean): T[] {
  const kept = items.filter(test);
  return kept.length > 0 ? kept : items;
}

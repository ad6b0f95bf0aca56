// Timing evidence (medium): a secret that a workflow reads as its access key id was written shortly
// after the key was created — people create a key, then paste it into GitHub.
import type { AccessKey } from "../../inventory/schema.js";
import type { Confidence, Evidence } from "../model.js";
import type { Claim, LinkContext } from "./context.js";
import { storeKey, type CredentialSet, type StoredSecret } from "./credential-sets.js";
import { namesMatch, sameStage } from "./names.js";

/** A secret written within this long after the key was created counts. */
export const SECRET_TIMING_WINDOW_MS = 24 * 3_600_000;
/** More keys than this made in one window: only a key the narrowing singles out gets evidence. */
export const MAX_TIMING_CANDIDATES = 3;
/** Keys made per day, over the month around a write, from which a lone key in the window may be chance. */
export const BUSY_KEYS_PER_DAY = 0.25;
const BUSY_SPAN_MS = 30 * 86_400_000;
const DAY = 86_400_000;

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
 * only when it keeps at least one. The key left alone gets medium, the others low (none when more
 * than MAX_TIMING_CANDIDATES fit). Weaker still:
 * - where keys are made often (BUSY_KEYS_PER_DAY around the write), a lone key in the window may be
 *   chance: it keeps medium only if a name, stage or account singled it out, and others get nothing;
 * - a secret read with a stored session token most likely holds temporary (ASIA…) credentials, which
 *   no IAM key is: low at most;
 * - a secret that stronger evidence already places a key in (`taken`: store → key ids) gives
 *   evidence to those keys only.
 */
export function timingClaims(ctx: LinkContext, taken: Map<string, Set<string>> = new Map()): Claim[] {
  const keys = [...ctx.keys.values()].sort((a, b) => Date.parse(a.createDate) - Date.parse(b.createDate));
  const claims: Claim[] = [];
  for (const use of storeUses(ctx)) {
    const written = writtenAt(use.store);
    if (written === undefined) continue;
    const holders = taken.get(storeKey(use.store));
    const candidates = keysCreatedIn(keys, written - SECRET_TIMING_WINDOW_MS, written).filter((k) => !holders || holders.has(k.accessKeyId));
    if (candidates.length === 0) continue;
    const sets = [...use.repos.values()].flat();
    const repoNames = [...use.repos.keys()].map((r) => r.split("/")[1] ?? r);
    const byAccount = (k: AccessKey) => sets.some((s) => s.accountIds.includes(k.accountId));
    const byStage = (k: AccessKey) => sameStage(k.userName, use.store.environment) || sameStage(k.userName, use.store.name);
    const byName = (k: AccessKey) => namesMatch(k.userName, use.store.name) || repoNames.some((r) => namesMatch(k.userName, r));
    const preferred = narrow(narrow(narrow(candidates, byAccount), byStage), byName);
    const single = preferred.length === 1 ? preferred[0] : undefined;
    const singled = single !== undefined && (holders !== undefined || byAccount(single) || byStage(single) || byName(single));
    const busy = keysCreatedIn(keys, written - BUSY_SPAN_MS / 2, written + BUSY_SPAN_MS / 2).length / (BUSY_SPAN_MS / DAY) >= BUSY_KEYS_PER_DAY;
    // A stored session token next to it means the secret most likely holds temporary credentials.
    const temporary = sets.every((s) => s.sessionSecrets.length > 0);
    const medium = single !== undefined && !temporary && (singled || !busy) ? single : undefined;
    const others = busy ? [] : candidates.length <= MAX_TIMING_CANDIDATES ? candidates : [];
    for (const key of new Set([...(medium ? [medium] : []), ...others])) {
      const notes = [
        ...(candidates.length > 1 ? [`${candidates.length - 1} other key${candidates.length > 2 ? "s were" : " was"} created in the same ${SECRET_TIMING_WINDOW_MS / 3_600_000} hours`] : []),
        ...(busy && key !== medium ? ["keys are made often in this organization"] : []),
        ...(temporary ? ["the workflow also reads a stored session token, so the secret more likely holds temporary credentials"] : []),
      ];
      for (const [repo, repoSets] of use.repos) {
        claims.push({ accessKeyId: key.accessKeyId, repo, evidence: timingEvidence(key, use.store, key === medium ? "medium" : "low", notes, candidates.length - 1), store: use.store, sets: repoSets });
      }
    }
  }
  return claims;
}

function timingEvidence(key: AccessKey, store: StoredSecret, confidence: Confidence, notes: string[], others: number): Evidence {
  const minutes = Math.round(((writtenAt(store) ?? 0) - Date.parse(key.createDate)) / 60_000);
  const where = store.scope === "organization" ? "organization secret" : store.scope === "environment" ? `environment ${store.environment} secret` : "repository secret";
  return {
    kind: "secret-timing",
    confidence,
    summary: `The ${where} ${store.name} was last written ${formatDelay(minutes)} after the key was created (${key.createDate})${notes.map((n) => `; ${n}`).join("")}.`,
    refs: {
      secret: store.name,
      scope: store.scope,
      ...(store.environment ? { environment: store.environment } : {}),
      secretUpdatedAt: store.updatedAt ?? store.createdAt ?? "",
      keyCreatedAt: key.createDate,
      minutes,
      ...(others > 0 ? { otherCandidateKeys: others } : {}),
    },
  };
}

/** Keys (sorted by creation) created between two instants, both included. */
function keysCreatedIn(keys: AccessKey[], from: number, to: number): AccessKey[] {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Date.parse(keys[mid]?.createDate ?? "") < from) lo = mid + 1;
    else hi = mid;
  }
  const out: AccessKey[] = [];
  for (let i = lo; i < keys.length && Date.parse(keys[i]?.createDate ?? "") <= to; i++) {
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


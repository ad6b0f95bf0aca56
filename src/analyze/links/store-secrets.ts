// Dependabot and Codespaces secrets as link evidence. No workflow step reads them the way a job reads
// an Actions secret, so the evidence is the one keyless has for a secret on its own: one named like
// an access key id (the same names KL114 uses) and written just after a key was created (timing, as
// for Actions secrets). An organization secret counts for the repositories it is shared with by
// name ("selected"); one every repository sees is left to the organization-level report.
import type { AccessKey, OrgStoreSecret, Repo } from "../../inventory/schema.js";
import type { Evidence } from "../model.js";
import type { Claim, LinkContext } from "./context.js";
import type { StoredSecret } from "./credential-sets.js";
import { namesMatch, sameStage } from "./names.js";
import { MAX_TIMING_CANDIDATES, narrow, SECRET_TIMING_WINDOW_MS, writtenAt } from "./timing.js";

/** Names of secrets that hold an access key id (…AWS_ACCESS_KEY_ID…, …_KEY_ID). */
export const KEY_ID_NAME = /AWS_ACCESS_KEY_ID|_KEY_ID$/i;

const LABEL = { dependabot: "Dependabot", codespaces: "Codespaces" } as const;

/** The store secrets a repository holds or is shared by name. */
export function repoStoreSecrets(repo: Repo, orgStore: OrgStoreSecret[]): StoredSecret[] {
  const own = (repo.storeSecrets ?? []).map((s): StoredSecret => ({ name: s.name.toUpperCase(), scope: "repo", store: s.store, repo: repo.fullName, ...times(s) }));
  const shared = orgStore
    .filter((s) => s.visibility === "selected" && (s.selectedRepos ?? []).includes(repo.fullName))
    .map((s): StoredSecret => ({ name: s.name.toUpperCase(), scope: "organization", store: s.store, ...times(s) }));
  return [...own, ...shared];
}

function times(s: { createdAt?: string; updatedAt?: string }): { createdAt?: string; updatedAt?: string } {
  return { ...(s.createdAt ? { createdAt: s.createdAt } : {}), ...(s.updatedAt ? { updatedAt: s.updatedAt } : {}) };
}

export function storeSecretClaims(ctx: LinkContext): Claim[] {
  const keys = [...ctx.keys.values()];
  const claims: Claim[] = [];
  for (const repo of ctx.repos.values()) {
    for (const store of repo.storeSecrets) {
      if (!KEY_ID_NAME.test(store.name)) continue;
      const written = writtenAt(store);
      if (written === undefined) continue;
      const candidates = keys.filter((k) => {
        const delta = written - Date.parse(k.createDate);
        return delta >= 0 && delta <= SECRET_TIMING_WINDOW_MS;
      });
      if (candidates.length === 0) continue;
      const byName = (k: AccessKey) => namesMatch(k.userName, store.name) || namesMatch(k.userName, repo.repo.name);
      const byStage = (k: AccessKey) => sameStage(k.userName, store.name);
      const preferred = narrow(narrow(candidates, byStage), byName);
      const single = preferred.length === 1 ? preferred[0] : undefined;
      const medium = single && (candidates.length === 1 || byName(single) || byStage(single)) ? single : undefined;
      const others = candidates.length <= MAX_TIMING_CANDIDATES ? candidates : [];
      for (const key of new Set([...(medium ? [medium] : []), ...others])) {
        claims.push({ accessKeyId: key.accessKeyId, repo: repo.repo.fullName, evidence: evidence(key, store, key === medium ? "medium" : "low", candidates.length - 1), store });
      }
    }
  }
  return claims;
}

function evidence(key: AccessKey, store: StoredSecret, confidence: "medium" | "low", others: number): Evidence {
  const minutes = Math.round(((writtenAt(store) ?? 0) - Date.parse(key.createDate)) / 60_000);
  const where = `${LABEL[store.store ?? "dependabot"]} ${store.scope === "organization" ? "organization" : "repository"} secret`;
  const note = others > 0 ? `; ${others} other key${others > 1 ? "s were" : " was"} created in the same ${SECRET_TIMING_WINDOW_MS / 3_600_000} hours` : "";
  return {
    kind: "secret-timing",
    confidence,
    summary: `The ${where} ${store.name} was last written ${minutes} minutes after the key was created (${key.createDate})${note}.`,
    refs: {
      secret: store.name,
      store: store.store ?? "",
      scope: store.scope,
      secretUpdatedAt: store.updatedAt ?? store.createdAt ?? "",
      keyCreatedAt: key.createDate,
      minutes,
      ...(others > 0 ? { otherCandidateKeys: others } : {}),
    },
  };
}

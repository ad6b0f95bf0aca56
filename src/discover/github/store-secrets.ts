// Dependabot and Codespaces secrets: the organization's (with the repositories a "selected" one is
// shared with) and each repository's. Names and dates only, as for Actions secrets. A token without
// the store's permission is told 403 once: the store is then marked denied and not asked again for
// the other repositories (one skip, not one per repo).
import type { OrgStoreSecret, SecretStore, Skip, StoreSecret } from "../../inventory/schema.js";
import type { GithubClient } from "./client.js";
import { githubReason, statusOf } from "./errors.js";

export const STORES: readonly SecretStore[] = ["dependabot", "codespaces"];

const PERMISSION: Record<SecretStore, { org: string; repo: string }> = {
  dependabot: {
    org: "admin:org (classic) or Dependabot secrets: read at organization level (fine-grained)",
    repo: "repo (classic) or Dependabot secrets: read (fine-grained)",
  },
  codespaces: {
    org: "admin:org (classic) or Codespaces secrets: read at organization level (fine-grained)",
    repo: "repo (classic) or Codespaces secrets: read (fine-grained)",
  },
};

const LABEL: Record<SecretStore, string> = { dependabot: "Dependabot", codespaces: "Codespaces" };

interface Listed {
  name: string;
  created_at: string;
  updated_at: string;
  visibility?: "all" | "private" | "selected";
}

/** The two stores' REST calls, by store (the same shapes; Octokit names them per store). */
function api(octokit: GithubClient, store: SecretStore) {
  const rest = store === "dependabot" ? octokit.rest.dependabot : octokit.rest.codespaces;
  return {
    org: (org: string) => octokit.paginate(rest.listOrgSecrets, { org, per_page: 100 }) as Promise<Listed[]>,
    selected: (org: string, secret_name: string) =>
      octokit.paginate(rest.listSelectedReposForOrgSecret, { org, secret_name, per_page: 100 }) as Promise<Array<{ full_name: string }>>,
    repo: (owner: string, repo: string) => octokit.paginate(rest.listRepoSecrets, { owner, repo, per_page: 100 }) as Promise<Listed[]>,
  };
}

export async function readOrgStoreSecrets(octokit: GithubClient, org: string, skipped: Skip[]): Promise<OrgStoreSecret[]> {
  const out: OrgStoreSecret[] = [];
  for (const store of STORES) {
    const calls = api(octokit, store);
    let listed: Listed[];
    try {
      listed = await calls.org(org);
    } catch (error) {
      if (statusOf(error) === 401) throw error;
      skipped.push({ side: "github", target: `${org} organization ${LABEL[store]} secrets`, ...githubReason(error, PERMISSION[store].org) });
      continue;
    }
    for (const s of listed) {
      const secret: OrgStoreSecret = { name: s.name, store, createdAt: s.created_at, updatedAt: s.updated_at, ...(s.visibility ? { visibility: s.visibility } : {}) };
      if (s.visibility === "selected") {
        try {
          secret.selectedRepos = (await calls.selected(org, s.name)).map((r) => r.full_name);
        } catch (error) {
          if (statusOf(error) === 401) throw error;
          // Left undefined: "which repos see it" is unknown, which is not the same as "none".
          skipped.push({ side: "github", target: `${org} organization ${LABEL[store]} secret ${s.name} repositories`, ...githubReason(error, PERMISSION[store].org) });
        }
      }
      out.push(secret);
    }
  }
  return out;
}

/** Refusals in a row (no success between) after which a store is taken as denied for this token. */
export const DENIED_AFTER = 3;

/**
 * Remembers, across repositories, the stores the token may not read: after DENIED_AFTER refusals in a
 * row (403, not a rate limit) a store is not asked again. One refusal is not enough: a single 403 can
 * be a repository's own setting. Every repository not read still gets its own skip, so each gap is
 * explained where it is.
 */
export class StoreAccess {
  private readonly refusals = new Map<SecretStore, number>();

  async readRepo(octokit: GithubClient, owner: string, repo: string, skipped: Skip[]): Promise<StoreSecret[]> {
    const out: StoreSecret[] = [];
    for (const store of STORES) {
      const target = `${owner}/${repo} ${LABEL[store]} secrets`;
      if ((this.refusals.get(store) ?? 0) >= DENIED_AFTER) {
        skipped.push({ side: "github", target, code: "AccessDenied", reason: `not asked: the token was refused the ${LABEL[store]} secrets of ${DENIED_AFTER} repositories in a row (needs ${PERMISSION[store].repo})` });
        continue;
      }
      try {
        const listed = await api(octokit, store).repo(owner, repo);
        this.refusals.set(store, 0);
        out.push(...listed.map((s): StoreSecret => ({ name: s.name, store, createdAt: s.created_at, updatedAt: s.updated_at })));
      } catch (error) {
        if (statusOf(error) === 401) throw error;
        const reason = githubReason(error, PERMISSION[store].repo);
        if (reason.code === "AccessDenied") this.refusals.set(store, (this.refusals.get(store) ?? 0) + 1);
        skipped.push({ side: "github", target, ...reason });
      }
    }
    return out;
  }
}

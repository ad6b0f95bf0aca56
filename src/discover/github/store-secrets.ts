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

/** Remembers, across repositories, the stores the token may not read. */
export class StoreAccess {
  private readonly denied = new Set<SecretStore>();

  /** Each store's repository secrets; a 403 marks the store denied (recorded once) and stops asking. */
  async readRepo(octokit: GithubClient, owner: string, repo: string, skipped: Skip[]): Promise<StoreSecret[]> {
    const out: StoreSecret[] = [];
    for (const store of STORES) {
      if (this.denied.has(store)) continue;
      try {
        const listed = await api(octokit, store).repo(owner, repo);
        out.push(...listed.map((s): StoreSecret => ({ name: s.name, store, createdAt: s.created_at, updatedAt: s.updated_at })));
      } catch (error) {
        const status = statusOf(error);
        if (status === 401) throw error;
        const reason = githubReason(error, PERMISSION[store].repo);
        if (status === 403 && reason.code === "AccessDenied") {
          if (this.denied.has(store)) continue; // another repo, read at the same time, already said so
          this.denied.add(store);
          skipped.push({ side: "github", target: `${LABEL[store]} secrets of every repository (first refused: ${owner}/${repo})`, ...reason });
          continue;
        }
        skipped.push({ side: "github", target: `${owner}/${repo} ${LABEL[store]} secrets`, ...reason });
      }
    }
    return out;
  }
}

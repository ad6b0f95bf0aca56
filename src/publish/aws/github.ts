// GitHub reads and writes of verify and retire: keyless's pull request as GitHub sees it now, runs
// of a repository since a time, and deleting the secrets that held a retired key: Actions secrets and
// Dependabot and Codespaces ones (a secret already gone counts as deleted, so a second run changes nothing).
import type { GithubClient } from "../../discover/github/client.js";
import { statusOf } from "../../discover/github/errors.js";
import type { PrRecord } from "../../state/store.js";
import type { RunFact, SecretTarget } from "../../verify/index.js";
import type { SecretStore } from "../../verify/types.js";

function split(repo: string): { owner: string; repo: string } {
  const [owner = "", name = ""] = repo.split("/");
  return { owner, repo: name };
}

/** The record with GitHub's current state of the pull request; unchanged fields keep their values. */
export async function refreshPr(octokit: GithubClient, record: PrRecord, now: Date): Promise<PrRecord> {
  const { data } = await octokit.rest.pulls.get({ ...split(record.repo), pull_number: record.number });
  const state: PrRecord["state"] = data.merged || data.merged_at ? "merged" : data.state === "closed" ? "closed" : "open";
  const next: PrRecord = {
    ...record,
    state,
    ...(data.merged_at ? { mergedAt: new Date(data.merged_at).toISOString() } : {}),
    ...(data.merge_commit_sha && state === "merged" ? { mergeSha: data.merge_commit_sha } : {}),
    // Closed without merging: the owners opted out (the pr command never reopens it).
    ...(state === "closed" ? { optedOut: true } : {}),
  };
  const changed = next.state !== record.state || next.mergedAt !== record.mergedAt || next.optedOut !== record.optedOut;
  return changed ? { ...next, updatedAt: now.toISOString() } : record;
}

/** Runs created at or after `since`, newest first (at most 500: enough to find one success or failure). */
export async function runsSince(octokit: GithubClient, repo: string, options: { since: Date; status?: "failure" }): Promise<RunFact[]> {
  const out: RunFact[] = [];
  const iterator = octokit.paginate.iterator(octokit.rest.actions.listWorkflowRunsForRepo, {
    ...split(repo),
    per_page: 100,
    created: `>=${options.since.toISOString()}`,
    ...(options.status ? { status: options.status } : {}),
  });
  for await (const page of iterator) {
    for (const r of page.data) {
      if (Date.parse(r.created_at) < options.since.getTime()) continue;
      out.push({ id: r.id, path: r.path, headBranch: r.head_branch ?? "", event: r.event, status: r.status ?? "", conclusion: r.conclusion ?? null, createdAt: r.created_at, url: r.html_url });
    }
    if (out.length >= 500) break;
  }
  return out;
}

export async function deleteSecret(octokit: GithubClient, target: SecretTarget): Promise<"deleted" | "already-gone"> {
  try {
    if (target.scope !== "environment" && target.store) await deleteStoreSecret(octokit, { ...target, store: target.store });
    else if (target.scope === "organization") await octokit.rest.actions.deleteOrgSecret({ org: target.org, secret_name: target.name });
    else if (target.scope === "environment") {
      await octokit.rest.actions.deleteEnvironmentSecret({ ...split(target.repo), environment_name: target.environment, secret_name: target.name });
    } else await octokit.rest.actions.deleteRepoSecret({ ...split(target.repo), secret_name: target.name });
    return "deleted";
  } catch (error) {
    // GitHub answers 404 both for a secret that is gone and for a repository the token cannot see:
    // only the first is "already deleted".
    if (statusOf(error) === 404 && (await containerVisible(octokit, target))) return "already-gone";
    throw error;
  }
}

/** DELETE /repos/{owner}/{repo}/{store}/secrets/{name} or /orgs/{org}/{store}/secrets/{name}. */
async function deleteStoreSecret(octokit: GithubClient, target: Exclude<SecretTarget, { scope: "environment" }> & { store: SecretStore }): Promise<void> {
  const api = target.store === "dependabot" ? octokit.rest.dependabot : octokit.rest.codespaces;
  if (target.scope === "organization") await api.deleteOrgSecret({ org: target.org, secret_name: target.name });
  else await api.deleteRepoSecret({ ...split(target.repo), secret_name: target.name });
}

async function containerVisible(octokit: GithubClient, target: SecretTarget): Promise<boolean> {
  try {
    if (target.scope !== "environment" && target.store) {
      const api = target.store === "dependabot" ? octokit.rest.dependabot : octokit.rest.codespaces;
      if (target.scope === "organization") await api.listOrgSecrets({ org: target.org, per_page: 1 });
      else await api.listRepoSecrets({ ...split(target.repo), per_page: 1 });
      return true;
    }
    // An environment that is gone took its secrets with it: the repository is what must be visible.
    if (target.scope === "organization") await octokit.rest.actions.listOrgSecrets({ org: target.org, per_page: 1 });
    else await octokit.rest.actions.listRepoSecrets({ ...split(target.repo), per_page: 1 });
    return true;
  } catch {
    return false;
  }
}

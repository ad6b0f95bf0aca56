// Per-repository REST reads: secrets (repo and environment), variables, the OIDC subject
// setting and recent workflow runs. Names and dates only: secret values are never readable.
import type { Repo, Secret, Variable, WorkflowRun } from "../../inventory/schema.js";
import type { GithubClient } from "./client.js";
import type { RepoBase } from "./repos.js";

export interface DetailOptions {
  /** Read runs, variables and environment secrets (only for repos that look AWS-related). */
  deep: boolean;
  /** Workflow runs created after this date. */
  runsSince: Date;
  maxRuns: number;
}

const AWS_HINT = /aws|AKIA|ASIA|configure-aws-credentials/i;

/** True when a repo's workflows or secret names give any reason to look closer. */
export function looksAwsRelated(repo: RepoBase, secrets: Secret[]): boolean {
  return repo.workflows.some((w) => w.text && AWS_HINT.test(w.text)) || secrets.some((s) => AWS_HINT.test(s.name));
}

export async function readRepoDetails(octokit: GithubClient, repo: RepoBase, options: DetailOptions): Promise<Repo> {
  const owner = repo.owner;
  const name = repo.name;
  const secrets: Secret[] = (
    await octokit.paginate(octokit.rest.actions.listRepoSecrets, { owner, repo: name, per_page: 100 })
  ).map((s) => ({ name: s.name, scope: "repo", createdAt: s.created_at, updatedAt: s.updated_at }));

  const result: Repo = { ...repo, secrets, variables: [], secretScanningAlerts: [], workflowRuns: [] };
  if (!options.deep && !looksAwsRelated(repo, secrets)) return result;

  for (const environment of repo.environments) {
    const envSecrets = await octokit.paginate(octokit.rest.actions.listEnvironmentSecrets, {
      owner, repo: name, environment_name: environment, per_page: 100,
    });
    secrets.push(...envSecrets.map((s) => ({ name: s.name, scope: "environment" as const, environment, createdAt: s.created_at, updatedAt: s.updated_at })));
    const envVars = await octokit.paginate(octokit.rest.actions.listEnvironmentVariables, {
      owner, repo: name, environment_name: environment, per_page: 30,
    });
    result.variables.push(...envVars.map((v): Variable => ({ name: v.name, value: v.value, scope: "environment", environment })));
  }
  const repoVars = await octokit.paginate(octokit.rest.actions.listRepoVariables, { owner, repo: name, per_page: 30 });
  result.variables.push(...repoVars.map((v): Variable => ({ name: v.name, value: v.value, scope: "repo" })));

  const sub = await octokit.rest.actions.getCustomOidcSubClaimForRepo({ owner, repo: name });
  result.oidcSubject = { useDefault: sub.data.use_default, includeClaimKeys: sub.data.include_claim_keys };

  result.workflowRuns = await readRuns(octokit, repo, options);
  return result;
}

async function readRuns(octokit: GithubClient, repo: RepoBase, options: DetailOptions): Promise<WorkflowRun[]> {
  const runs: WorkflowRun[] = [];
  const created = `>=${options.runsSince.toISOString().slice(0, 10)}`;
  for await (const page of octokit.paginate.iterator(octokit.rest.actions.listWorkflowRunsForRepo, {
    owner: repo.owner, repo: repo.name, per_page: 100, created,
  })) {
    for (const run of page.data) {
      runs.push({
        id: run.id,
        workflowPath: run.path.replace(/@.*$/, ""),
        event: run.event,
        headBranch: run.head_branch ?? null,
        conclusion: run.conclusion ?? null,
        createdAt: run.created_at,
        updatedAt: run.updated_at,
      });
    }
    if (runs.length >= options.maxRuns) break;
  }
  return runs.slice(0, options.maxRuns);
}

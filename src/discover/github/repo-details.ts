// Per-repository REST reads: secrets (repo and environment), variables, the OIDC subject
// setting and recent workflow runs. Names and dates only: secret values are never readable.
// Each read stands alone: one the token may not make (403) is recorded and the others go on.
import type { Repo, Secret, Skip, Variable, WorkflowRun } from "../../inventory/schema.js";
import type { GithubClient } from "./client.js";
import { githubReason, statusOf } from "./errors.js";
import type { RepoBase } from "./repos.js";

export interface DetailOptions {
  /** Read runs, variables and environment secrets (only for repos that look AWS-related). */
  deep: boolean;
  /** Workflow runs created after this date. */
  runsSince: Date;
  maxRuns: number;
}

const AWS_HINT = /aws|AKIA|ASIA|configure-aws-credentials/i;

const SECRETS_PERMISSION = "repo (classic) or Secrets: read (fine-grained)";
const VARIABLES_PERMISSION = "repo (classic) or Variables: read (fine-grained)";
const ACTIONS_PERMISSION = "repo (classic) or Actions: read (fine-grained)";

/** True when a repo's workflows or secret names give any reason to look closer. */
export function looksAwsRelated(repo: RepoBase, secrets: Secret[]): boolean {
  return repo.workflows.some((w) => w.text && AWS_HINT.test(w.text)) || secrets.some((s) => AWS_HINT.test(s.name));
}

export interface RepoDetails {
  repo: Repo;
  skipped: Skip[];
  /** The repo itself is gone or hidden (404 on its secrets): nothing of it was read. */
  missing: boolean;
}

export async function readRepoDetails(octokit: GithubClient, base: RepoBase, options: DetailOptions): Promise<RepoDetails> {
  const owner = base.owner;
  const name = base.name;
  const repo: Repo = { ...base, secrets: [], variables: [], secretScanningAlerts: [], workflowRuns: [] };
  const skipped: Skip[] = [];
  const attempt = async <T>(what: string, permission: string, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (error) {
      if (statusOf(error) === 401) throw error; // the token itself stopped working
      skipped.push({ side: "github", target: `${base.fullName} ${what}`, ...githubReason(error, permission) });
      return undefined;
    }
  };

  try {
    const secrets = await octokit.paginate(octokit.rest.actions.listRepoSecrets, { owner, repo: name, per_page: 100 });
    repo.secrets.push(...secrets.map((s): Secret => ({ name: s.name, scope: "repo", createdAt: s.created_at, updatedAt: s.updated_at })));
  } catch (error) {
    const status = statusOf(error);
    if (status === 401) throw error;
    // Listed a moment ago: a 404 now means it was deleted, renamed or hidden since.
    if (status === 404) return { repo, skipped: [{ side: "github", target: base.fullName, ...githubReason(error, SECRETS_PERMISSION) }], missing: true };
    skipped.push({ side: "github", target: `${base.fullName} secrets`, ...githubReason(error, SECRETS_PERMISSION) });
  }
  if (!options.deep && !looksAwsRelated(base, repo.secrets)) return { repo, skipped, missing: false };

  for (const environment of base.environments) {
    const envSecrets = await attempt(`environment ${environment} secrets`, SECRETS_PERMISSION, () =>
      octokit.paginate(octokit.rest.actions.listEnvironmentSecrets, { owner, repo: name, environment_name: environment, per_page: 100 }),
    );
    repo.secrets.push(...(envSecrets ?? []).map((s): Secret => ({ name: s.name, scope: "environment", environment, createdAt: s.created_at, updatedAt: s.updated_at })));
    const envVars = await attempt(`environment ${environment} variables`, VARIABLES_PERMISSION, () =>
      octokit.paginate(octokit.rest.actions.listEnvironmentVariables, { owner, repo: name, environment_name: environment, per_page: 30 }),
    );
    repo.variables.push(...(envVars ?? []).map((v): Variable => ({ name: v.name, value: v.value, scope: "environment", environment })));
  }
  // Variables are listed at most 30 per page.
  const repoVars = await attempt("variables", VARIABLES_PERMISSION, () => octokit.paginate(octokit.rest.actions.listRepoVariables, { owner, repo: name, per_page: 30 }));
  repo.variables.push(...(repoVars ?? []).map((v): Variable => ({ name: v.name, value: v.value, scope: "repo" })));

  repo.oidcSubject = await attempt("OIDC subject", ACTIONS_PERMISSION, () => readOidcSubject(octokit, owner, name));

  repo.workflowRuns = (await attempt("workflow runs", ACTIONS_PERMISSION, () => readRuns(octokit, base, options))) ?? [];
  return { repo, skipped, missing: false };
}

/** A repo that never opted in to a custom subject answers 404: its tokens use the default subject. */
async function readOidcSubject(octokit: GithubClient, owner: string, repo: string): Promise<Repo["oidcSubject"]> {
  try {
    const { data } = await octokit.rest.actions.getCustomOidcSubClaimForRepo({ owner, repo });
    return {
      useDefault: data.use_default,
      includeClaimKeys: data.use_default ? undefined : data.include_claim_keys,
      // Newer than @octokit/rest's types; absent on Enterprise Server versions without it.
      useImmutableSubject: (data as { use_immutable_subject?: boolean }).use_immutable_subject,
    };
  } catch (error) {
    if (statusOf(error) === 404) return { useDefault: true };
    throw error;
  }
}

async function readRuns(octokit: GithubClient, repo: RepoBase, options: DetailOptions): Promise<WorkflowRun[]> {
  const runs: WorkflowRun[] = [];
  const since = options.runsSince.getTime();
  // Newest first, with no date filter: the same URL every scan, so an unchanged repo answers 304
  // (a `created>=` filter changes the URL every day). Stops at the first run older than `since`.
  for await (const page of octokit.paginate.iterator(octokit.rest.actions.listWorkflowRunsForRepo, {
    owner: repo.owner, repo: repo.name, per_page: 100,
  })) {
    let older = false;
    for (const run of page.data) {
      if (Date.parse(run.created_at) < since) {
        older = true;
        continue;
      }
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
    if (older || runs.length >= options.maxRuns) break;
  }
  return runs.slice(0, options.maxRuns);
}

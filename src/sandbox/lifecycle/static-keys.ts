// Static keys a simulated job still uses: the analyzer's usages for the job, the keys the scenario
// stored under those secret names (world.truth.links), and what happens when the job runs — an
// active key answers (CloudTrail event, last-used date); an inactive or deleted key, or a deleted
// secret, fails the job as it would on a real runner.

import { analyzeRepoWorkflows, type RepoWorkflowAnalysis, type Usage } from "../../analyze/workflows/index.js";
import type { GithubRepo, World } from "../world.js";

export interface KeyUse {
  accessKeyId: string;
  accountId: string;
  userName?: string;
  /** Why the job fails with this key, when it does. */
  failure?: string;
  usage: Usage;
}

/** The analyzer's view of the repo's workflow and action files. */
export function analyzeRepo(repo: GithubRepo): RepoWorkflowAnalysis {
  const files = Object.entries(repo.files)
    .filter(([path]) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) || /(^|\/)action\.ya?ml$/.test(path))
    .map(([path, text]) => ({ path, text }));
  return analyzeRepoWorkflows({ repo: repo.fullName, files });
}

/** The keys job `topJob` of `path` uses when it runs (in environment `environment`, if any). */
export function keyUses(world: World, repo: GithubRepo, analysis: RepoWorkflowAnalysis, path: string, topJob: string, environment: string | undefined): KeyUse[] {
  const usages = analysis.usages.filter((u) => u.path === path && (u.job === topJob || u.reachedJobs?.some((j) => j.job === topJob)) && u.kind !== "literal-key-id");
  const out: KeyUse[] = [];
  for (const usage of usages) {
    const names = new Set(usage.secretNames.map((n) => n.toUpperCase()));
    const links = world.truth.links.filter(
      (l) => l.repo === repo.fullName && l.secretNames.some((n) => names.has(n.toUpperCase())) && (l.scope !== "environment" || l.environment === environment),
    );
    for (const link of links) {
      if (out.some((o) => o.accessKeyId === link.accessKeyId)) continue;
      const key = world.aws.iam[link.accountId]?.accessKeys.find((k) => k.accessKeyId === link.accessKeyId);
      const present = link.secretNames.filter((n) => names.has(n.toUpperCase()) && secretExists(world, repo, n, link.scope, environment));
      const failure =
        present.length === 0
          ? `the secret ${link.secretNames.join(", ")} is no longer set, so the job gets no credentials`
          : !key || key.status !== "Active"
            ? "The security token included in the request is invalid. (InvalidClientTokenId)"
            : undefined;
      out.push({ accessKeyId: link.accessKeyId, accountId: link.accountId, ...(key ? { userName: key.userName } : {}), ...(failure ? { failure } : {}), usage });
    }
  }
  return out;
}

function secretExists(world: World, repo: GithubRepo, name: string, scope: string, environment: string | undefined): boolean {
  const is = (s: { name: string }) => s.name.toUpperCase() === name.toUpperCase();
  if (scope === "environment") return repo.environments.find((e) => e.name === environment)?.secrets.some(is) ?? false;
  if (scope === "repo") return repo.secrets.some(is);
  const org = world.github.orgs.find((o) => o.login === repo.owner);
  const visible = (s: { visibility: string; selectedRepos?: string[] }) =>
    s.visibility === "all" || (s.visibility === "private" ? repo.visibility !== "public" : (s.selectedRepos ?? []).includes(repo.fullName));
  return org?.secrets.some((s) => is(s) && visible(s)) ?? false;
}

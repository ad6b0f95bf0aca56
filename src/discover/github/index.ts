// Discover, GitHub side: the org, its repos with workflow files (GraphQL pages), then each repo's
// secrets and details over REST with bounded concurrency. A repo, or one read of it, that fails is
// recorded with its reason and the scan goes on.
import pLimit from "p-limit";
import type { Inventory, Repo, Skip } from "../../inventory/schema.js";
import type { DiscoverListener } from "../events.js";
import type { RequestCounter } from "../request-counter.js";
import { githubClient, type GithubConnection } from "./client.js";
import { githubReason } from "./errors.js";
import { scanEta } from "./eta.js";
import { checkOrg, readActionsRanges, readAwsAlerts, readOrgSecrets, readOrgVariables } from "./org.js";
import { readRepoDetails } from "./repo-details.js";
import { listRepos, workflowSkips } from "./repos.js";
import { ScanCache, type CacheStore } from "./scan-cache.js";
import { readOrgStoreSecrets, StoreAccess } from "./store-secrets.js";

export interface GithubDiscoverOptions {
  connection: GithubConnection;
  org: string;
  concurrency: number;
  /** Read every repo's details, not only AWS-related ones. */
  deep: boolean;
  /** Only these repos (names or full names); all when empty. */
  repos?: string[];
  /** Repos per GraphQL page at most (25; halved while GitHub times out). */
  pageSize?: number;
  now: Date;
  counter: RequestCounter;
  /** Where answers are kept between scans (the state store); no cache when absent. */
  cache?: CacheStore;
  onEvent?: DiscoverListener;
}

export type GithubInventory = NonNullable<Inventory["github"]>;

export async function discoverGithub(options: GithubDiscoverOptions): Promise<{ github: GithubInventory; skipped: Skip[] }> {
  const emit = options.onEvent ?? (() => {});
  const cache = options.cache ? new ScanCache(options.cache, () => new Date().toISOString()) : undefined;
  try {
    return await scanOrg(options, emit, cache);
  } finally {
    cache?.flush();
    if (cache) emit({ type: "github-cache", notModified: cache.notModified, reusedTrees: cache.reusedTrees });
  }
}

async function scanOrg(options: GithubDiscoverOptions, emit: DiscoverListener, cache: ScanCache | undefined): Promise<{ github: GithubInventory; skipped: Skip[] }> {
  // The ETA: repos read against repos listed, and the REST budget the headers report.
  const progress = { startedAt: Date.now(), done: 0, total: 0, saidAt: 0, rate: undefined as { limit: number; remaining: number; resetAt: number } | undefined };
  const windowMs = 3_600_000 / Math.max(1, options.connection.timeScale ?? 1);
  const sayEta = (force = false) => {
    const now = Date.now();
    if (!force && now - progress.saidAt < 1000) return;
    const at = scanEta({ now, startedAt: progress.startedAt, done: progress.done, total: progress.total, requests: options.counter.total("github") - (cache?.notModified ?? 0), rate: progress.rate, windowMs });
    if (at === undefined) return;
    progress.saidAt = now;
    emit({ type: "eta", side: "github", at: new Date(at).toISOString() });
  };
  const octokit = githubClient(
    options.connection,
    options.counter,
    (wait) => {
      emit({ type: "wait", side: "github", ...wait });
      sayEta(true);
    },
    {
      readOnly: true,
      ...(cache ? { wrapFetch: (send: typeof fetch) => cache.conditionalFetch(send) } : {}),
      onRate: (rate) => {
        if (rate.resource === "core") progress.rate = rate;
        emit({ type: "rate", side: "github", resource: rate.resource, limit: rate.limit, remaining: rate.remaining, resetAt: new Date(rate.resetAt).toISOString(), requests: options.counter.total("github") });
      },
    },
  );
  const skipped: Skip[] = [];
  const record = (skip: Skip) => {
    skipped.push(skip);
    emit({ type: "skip", ...skip });
  };
  await checkOrg(octokit, options.org);

  emit({ type: "phase", side: "github", phase: "organization" });
  const orgSkips: Skip[] = [];
  const [orgSecrets, orgVariables, alerts, actionsIpRanges, orgStoreSecrets] = await Promise.all([
    readOrgSecrets(octokit, options.org, orgSkips),
    readOrgVariables(octokit, options.org, orgSkips),
    readAwsAlerts(octokit, options.org, orgSkips),
    readActionsRanges(octokit, orgSkips),
    readOrgStoreSecrets(octokit, options.org, orgSkips),
  ]);
  const storeAccess = new StoreAccess();
  orgSkips.forEach(record);

  const wanted = options.repos?.length ? new Set(options.repos.map((r) => r.toLowerCase())) : undefined;
  const limit = pLimit(Math.max(1, options.concurrency));
  const pending: Array<Promise<Repo>> = [];
  const detailOptions = { deep: options.deep, runsSince: new Date(options.now.getTime() - 90 * 86_400_000), maxRuns: 300 };
  emit({ type: "phase", side: "github", phase: "repositories" });
  let announced = false;
  for await (const page of listRepos(octokit, options.org, { maxPageSize: options.pageSize, cache })) {
    if (!announced) {
      progress.total = wanted ? wanted.size : page.total;
      emit({ type: "github-repos", total: progress.total });
    }
    announced = true;
    page.skipped.forEach(record);
    for (const base of page.repos) {
      if (wanted && !wanted.has(base.fullName.toLowerCase()) && !wanted.has(base.name.toLowerCase())) continue;
      workflowSkips(base).forEach(record);
      const repoAlerts = alerts.get(base.fullName) ?? [];
      pending.push(
        limit(async () => {
          const finish = () => {
            progress.done++;
            sayEta();
          };
          try {
            const details = await readRepoDetails(octokit, base, detailOptions);
            details.repo.secretScanningAlerts = repoAlerts;
            // Dependabot and Codespaces secrets: not for a repo that is gone (its Actions secrets said so).
            if (!details.missing) details.repo.storeSecrets = await storeAccess.readRepo(octokit, base.owner, base.name, details.skipped);
            details.skipped.forEach(record);
            const first = details.skipped[0];
            emit({ type: "github-repo-done", repo: base.fullName, ok: !first, ...(first ? { reason: `${first.target}: ${first.reason}` } : {}) });
            finish();
            return details.repo;
          } catch (error) {
            const { code, reason } = githubReason(error, "repo (classic) or Secrets, Variables, Actions: read (fine-grained)");
            record({ side: "github", target: base.fullName, code, reason });
            emit({ type: "github-repo-done", repo: base.fullName, ok: false, reason });
            finish();
            return { ...base, secrets: [], variables: [], secretScanningAlerts: repoAlerts, workflowRuns: [] };
          }
        }),
      );
    }
  }
  const repos = await Promise.all(pending);
  return {
    github: { org: options.org, apiUrl: options.connection.apiUrl, repos, orgSecrets, orgVariables, orgStoreSecrets, actionsIpRanges },
    skipped,
  };
}

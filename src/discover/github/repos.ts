// Lists the organization's repositories with their workflow files and local composite actions,
// batched through GraphQL: one request returns a page of repos with every file's text. GitHub
// stops queries that run too long ("Something went wrong while executing your query. This may be
// the result of a timeout", 502s, or partial data with resource-limit errors), so the page shrinks
// when one fails and grows back after a run of good pages; a single repo too heavy even alone is
// listed without text, and its files are read one by one over REST.
import type { Repo, Skip, WorkflowFile } from "../../inventory/schema.js";
import type { GithubClient } from "./client.js";
import { githubReason, statusOf } from "./errors.js";
import type { ScanCache } from "./scan-cache.js";
import { DEPENDABOT_SELECTION, dependabotConfigOf, type DependabotNode } from "./dependabot-config.js";
import { readChangedTrees, treeTag } from "./workflow-texts.js";

/** Larger workflow files are recorded with a skip reason and not read. */
export const MAX_WORKFLOW_BYTES = 1024 * 1024;
export const DEFAULT_PAGE_SIZE = 25;
/** Good pages in a row before a shrunken page size is doubled again. */
const GROW_AFTER = 3;

/** Repos per page when the page carries no file text (a re-scan): GitHub's maximum, the same cost. */
const LIGHT_PAGE_SIZE = 100;

const ENTRY = "name path type oid size";
const BLOB = "object { ... on Blob { byteSize isBinary isTruncated text } }";

/** The workflow and local-action trees, with their ids (unchanged id: unchanged files). */
export function treesSelection(withText: boolean): string {
  const file = `${ENTRY} ${withText ? BLOB : ""}`;
  return `workflows: object(expression: "HEAD:.github/workflows") { ... on Tree { oid entries { ${file} } } }
          actions: object(expression: "HEAD:.github/actions") {
            ... on Tree { oid entries { name type object { ... on Tree { entries { ${file} } } } } }
          }`;
}

function repositoriesQuery(withText: boolean): string {
  return /* GraphQL */ `
  query ($org: String!, $first: Int!, $after: String) {
    organization(login: $org) {
      databaseId
      repositories(first: $first, after: $after, orderBy: { field: NAME, direction: ASC }) {
        pageInfo { hasNextPage endCursor }
        totalCount
        nodes {
          databaseId name nameWithOwner isArchived isFork visibility createdAt pushedAt
          owner { login }
          defaultBranchRef { name target { oid } }
          environments(first: 10) { totalCount nodes { name } }
          ${treesSelection(withText)}
          ${DEPENDABOT_SELECTION}
        }
      }
    }
  }`;
}
const FULL_QUERY = repositoriesQuery(true);
const LIGHT_QUERY = repositoriesQuery(false);

interface BlobNode { byteSize: number; isBinary: boolean | null; isTruncated: boolean; text: string | null }
export interface FileEntry { name: string; path: string | null; type: string; oid: string; size: number; object?: BlobNode | null }
export interface DirEntry { name: string; type: string; object: { entries?: FileEntry[] } | null }
export interface RepoNode extends DependabotNode {
  databaseId: number; name: string; nameWithOwner: string; isArchived: boolean; isFork: boolean;
  visibility: string; createdAt: string; pushedAt: string | null;
  owner: { login: string }; defaultBranchRef: { name: string; target?: { oid: string } | null } | null;
  environments: { totalCount: number; nodes: Array<{ name: string }> } | null;
  workflows: { oid?: string; entries?: FileEntry[] } | null;
  actions: { oid?: string; entries?: DirEntry[] } | null;
}
interface Connection { pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number; nodes: Array<RepoNode | null> }
interface Page { organization: { databaseId: number; repositories: Connection } | null }

export type RepoBase = Omit<Repo, "secrets" | "variables" | "oidcSubject" | "secretScanningAlerts" | "workflowRuns">;

export interface RepoPage {
  repos: RepoBase[];
  total: number;
  /** Files or environments that could not be read, and a listing that had to stop. */
  skipped: Skip[];
}

/** GraphQL error types that say something about access, not about the query's weight. */
const FINAL_TYPES = new Set(["NOT_FOUND", "FORBIDDEN", "INSUFFICIENT_SCOPES", "RATE_LIMITED", "UNAUTHENTICATED"]);

interface GraphqlProblem { type?: string; message?: string; path?: Array<string | number> }

function graphqlErrors(error: unknown): GraphqlProblem[] | undefined {
  const errors = (error as { errors?: unknown }).errors;
  return Array.isArray(errors) ? (errors as GraphqlProblem[]) : undefined;
}

/** A failure a smaller page may avoid: timeouts, 5xx, resource limits. */
export function isHeavyQueryFailure(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined) return status >= 500;
  const errors = graphqlErrors(error);
  if (errors) return errors.some((e) => !FINAL_TYPES.has(e.type ?? ""));
  return /timeout|timed out|something went wrong|resource limit/i.test(String((error as Error)?.message ?? error));
}

/** Data GitHub sent along with errors that only concern parts of it (e.g. one repo's files). */
function usablePartialData(error: unknown): Page | undefined {
  const errors = graphqlErrors(error);
  const data = (error as { data?: Page }).data;
  if (!errors || !data?.organization?.repositories || errors.some((e) => !FINAL_TYPES.has(e.type ?? ""))) return undefined;
  return data;
}

function problemSkips(org: string, error: unknown, page: Page): Skip[] {
  const nodes = page.organization?.repositories.nodes ?? [];
  return (graphqlErrors(error) ?? []).map((e) => {
    const index = e.path?.[3];
    const repo = typeof index === "number" ? nodes[index]?.nameWithOwner : undefined;
    return { side: "github" as const, target: repo ?? `${org} repositories`, code: e.type ?? "GraphQLError", reason: e.message ?? "GraphQL error" };
  });
}

export async function* listRepos(
  octokit: GithubClient,
  org: string,
  options: { maxPageSize?: number; cache?: ScanCache } = {},
): AsyncGenerator<RepoPage> {
  const cache = options.cache;
  // A re-scan lists trees without their text, and reads text only where a tree changed.
  const rescan = cache?.listedBefore(org) ?? false;
  const max = Math.min(100, Math.max(1, rescan ? LIGHT_PAGE_SIZE : (options.maxPageSize ?? DEFAULT_PAGE_SIZE)));
  let size = max;
  let goodPages = 0;
  let after: string | null = null;
  let listed = 0;
  for (;;) {
    let page: Page;
    let light = false;
    const skipped: Skip[] = [];
    try {
      // No plugin retries here: a query that timed out once will time out again at the same size.
      page = await octokit.graphql<Page>(rescan ? LIGHT_QUERY : FULL_QUERY, { org, first: size, after, request: { retries: 0 } });
    } catch (error) {
      const partial = usablePartialData(error);
      if (partial) {
        page = partial;
        skipped.push(...problemSkips(org, error, partial));
      } else if (!isHeavyQueryFailure(error)) {
        if (statusOf(error) === 401) throw error;
        yield stopped(org, listed, error);
        return;
      } else if (size > 1) {
        size = Math.max(1, Math.floor(size / 2));
        goodPages = 0;
        continue;
      } else {
        // One repo too heavy even alone: list it without file text (REST reads the files).
        light = true;
        try {
          page = await octokit.graphql<Page>(LIGHT_QUERY, { org, first: 1, after });
        } catch (lightError) {
          const lightPartial = usablePartialData(lightError);
          if (!lightPartial) {
            yield stopped(org, listed, lightError);
            return;
          }
          page = lightPartial;
          skipped.push(...problemSkips(org, lightError, lightPartial));
        }
      }
    }
    const connection = page.organization?.repositories;
    if (!page.organization || !connection) return;
    const ownerId = page.organization.databaseId;
    const repos: RepoBase[] = [];
    const nodes = connection.nodes.filter((n): n is RepoNode => n !== null);
    const known = new Map<string, WorkflowFile[]>();
    if (rescan && cache) {
      const changed: RepoNode[] = [];
      for (const node of nodes) {
        const kept = cache.workflows(node.nameWithOwner);
        if (kept && kept.tag === treeTag(node)) known.set(node.nameWithOwner, kept.files);
        else changed.push(node);
      }
      cache.reusedTrees += known.size;
      // Changed trees get their text in a few batched queries; what those cannot read goes over REST.
      const texts = await readChangedTrees(octokit, org, changed);
      for (const node of changed) {
        const withText = texts.get(node.nameWithOwner);
        if (withText) Object.assign(node, withText);
      }
      light = false;
      for (const node of changed) if (!texts.has(node.nameWithOwner)) known.set(node.nameWithOwner, await toFiles(octokit, node, true));
    }
    for (const node of nodes) {
      const repo = await toRepo(octokit, node, ownerId, light, skipped, known.get(node.nameWithOwner));
      cache?.keepWorkflows(repo.fullName, treeTag(node), repo.workflows);
      repos.push(repo);
    }
    listed += repos.length;
    yield { repos, total: connection.totalCount, skipped };
    if (!connection.pageInfo.hasNextPage) {
      cache?.markListed(org);
      return;
    }
    after = connection.pageInfo.endCursor;
    if (size < max && ++goodPages >= GROW_AFTER) {
      size = Math.min(max, size * 2);
      goodPages = 0;
    }
  }
}

/** The listing cannot go on: what was listed is kept, and the report says where it stopped. */
function stopped(org: string, listed: number, error: unknown): RepoPage {
  const { code, reason } = githubReason(error, "read access to the organization's repositories");
  return { repos: [], total: 0, skipped: [{ side: "github", target: `${org} repositories`, code, reason: `listing stopped after ${listed} repositories: ${reason}` }] };
}

async function toFiles(octokit: GithubClient, node: RepoNode, light: boolean): Promise<WorkflowFile[]> {
  const files: FileEntry[] = [];
  for (const entry of node.workflows?.entries ?? []) {
    if (entry.type === "blob" && /\.ya?ml$/i.test(entry.name)) files.push(entry);
  }
  for (const dir of node.actions?.entries ?? []) {
    for (const entry of dir.object?.entries ?? []) {
      if (entry.type === "blob" && /^action\.ya?ml$/i.test(entry.name)) files.push(entry);
    }
  }
  const workflows: WorkflowFile[] = [];
  for (const entry of files) workflows.push(await toFile(octokit, node.owner.login, node.name, entry, light));
  return workflows;
}

async function toRepo(octokit: GithubClient, node: RepoNode, ownerId: number, light: boolean, skipped: Skip[], known?: WorkflowFile[]): Promise<RepoBase> {
  const owner = node.owner.login;
  const workflows = known ?? (await toFiles(octokit, node, light));

  const environments = (node.environments?.nodes ?? []).map((e) => e.name);
  if (node.environments && node.environments.totalCount > environments.length) {
    try {
      // paginate() unwraps the { total_count, environments } pages; its types do not know that.
      const all = (await octokit.paginate(octokit.rest.repos.getAllEnvironments, { owner, repo: node.name, per_page: 100 })) as unknown as Array<{ name: string }>;
      environments.splice(0, environments.length, ...all.map((e) => e.name));
    } catch (error) {
      const { code, reason } = githubReason(error, "Actions or Environments: read");
      skipped.push({ side: "github", target: `${node.nameWithOwner} environments`, code, reason: `only the first ${environments.length} of ${node.environments.totalCount} environments read: ${reason}` });
    }
  }

  const dependabotConfig = dependabotConfigOf(node);
  return {
    fullName: node.nameWithOwner,
    id: node.databaseId,
    owner,
    ownerId,
    name: node.name,
    defaultBranch: node.defaultBranchRef?.name ?? "main",
    // The commit the workflow trees above were read at (same query, same HEAD): code scanning uploads name it.
    ...(node.defaultBranchRef?.target?.oid ? { headSha: node.defaultBranchRef.target.oid } : {}),
    archived: node.isArchived,
    fork: node.isFork,
    visibility: node.visibility.toLowerCase(),
    createdAt: node.createdAt,
    pushedAt: node.pushedAt ?? undefined,
    workflows,
    environments,
    ...(dependabotConfig ? { dependabotConfig } : {}),
  };
}

async function toFile(octokit: GithubClient, owner: string, repo: string, entry: FileEntry, light: boolean): Promise<WorkflowFile> {
  const path = entry.path ?? entry.name;
  const size = entry.object?.byteSize ?? entry.size ?? 0;
  const base = { path, sha: entry.oid, size };
  if (size > MAX_WORKFLOW_BYTES) return { ...base, skipped: `larger than ${MAX_WORKFLOW_BYTES} bytes` };
  const blob = entry.object;
  if (!light && blob) {
    if (blob.isBinary) return { ...base, skipped: "binary file" };
    if (blob.text !== null && !blob.isTruncated) return { ...base, text: blob.text };
  }
  // Listed without text, or GraphQL cut the text short: the REST blob has all of it.
  try {
    const { data } = await octokit.rest.git.getBlob({ owner, repo, file_sha: entry.oid });
    const bytes = Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8");
    if (bytes.includes(0)) return { ...base, skipped: "binary file" };
    return { ...base, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch (error) {
    if (error instanceof TypeError) return { ...base, skipped: "binary file" }; // not UTF-8
    return { ...base, skipped: `not readable: ${githubReason(error, "Contents: read").reason}` };
  }
}

export function workflowSkips(repo: RepoBase): Skip[] {
  return repo.workflows
    .filter((w) => w.skipped)
    .map((w) => ({ side: "github" as const, target: `${repo.fullName}/${w.path}`, code: w.skipped?.startsWith("larger") ? "TooLarge" : "Unreadable", reason: w.skipped ?? "" }));
}

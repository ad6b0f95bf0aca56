// Lists the organization's repositories with their workflow files and local composite actions,
// batched through GraphQL: one request returns a page of repos with every file's text.
import type { Repo, Skip, WorkflowFile } from "../../inventory/schema.js";
import type { GithubClient } from "./client.js";

/** Larger workflow files are recorded with a skip reason and not read. */
export const MAX_WORKFLOW_BYTES = 1024 * 1024;
const PAGE_SIZE = 25;

const BLOB = "... on Blob { oid byteSize isBinary text }";
const QUERY = /* GraphQL */ `
  query ($org: String!, $first: Int!, $after: String) {
    organization(login: $org) {
      databaseId
      repositories(first: $first, after: $after, orderBy: { field: NAME, direction: ASC }) {
        pageInfo { hasNextPage endCursor }
        totalCount
        nodes {
          databaseId name nameWithOwner isArchived isFork visibility createdAt pushedAt
          owner { login }
          defaultBranchRef { name }
          environments(first: 50) { nodes { name } }
          workflows: object(expression: "HEAD:.github/workflows") {
            ... on Tree { entries { name path type object { ${BLOB} } } }
          }
          actions: object(expression: "HEAD:.github/actions") {
            ... on Tree { entries { name path type object { ... on Tree { entries { name path type object { ${BLOB} } } } } } }
          }
        }
      }
    }
  }
`;

interface BlobNode { oid: string; byteSize: number; isBinary: boolean | null; text: string | null }
interface Entry { name: string; path: string; type: string; object: (BlobNode & { entries?: Entry[] }) | null }
interface RepoNode {
  databaseId: number; name: string; nameWithOwner: string; isArchived: boolean; isFork: boolean;
  visibility: string; createdAt: string; pushedAt: string | null;
  owner: { login: string }; defaultBranchRef: { name: string } | null;
  environments: { nodes: Array<{ name: string }> } | null;
  workflows: { entries?: Entry[] } | null;
  actions: { entries?: Entry[] } | null;
}
interface Page {
  organization: { databaseId: number; repositories: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number; nodes: RepoNode[] } } | null;
}

export type RepoBase = Omit<Repo, "secrets" | "variables" | "oidcSubject" | "secretScanningAlerts" | "workflowRuns">;

export async function* listRepos(octokit: GithubClient, org: string): AsyncGenerator<{ repos: RepoBase[]; total: number }> {
  let after: string | null = null;
  for (;;) {
    const page: Page = await octokit.graphql<Page>(QUERY, { org, first: PAGE_SIZE, after });
    const connection = page.organization?.repositories;
    if (!page.organization || !connection) return;
    const ownerId = page.organization.databaseId;
    yield { repos: connection.nodes.map((node) => toRepo(node, ownerId)), total: connection.totalCount };
    if (!connection.pageInfo.hasNextPage) return;
    after = connection.pageInfo.endCursor;
  }
}

function toRepo(node: RepoNode, ownerId: number): RepoBase {
  const workflows: WorkflowFile[] = [];
  for (const entry of node.workflows?.entries ?? []) {
    if (entry.type === "blob" && /\.ya?ml$/i.test(entry.name)) workflows.push(toFile(entry));
  }
  for (const dir of node.actions?.entries ?? []) {
    for (const entry of dir.object?.entries ?? []) {
      if (entry.type === "blob" && /^action\.ya?ml$/i.test(entry.name)) workflows.push(toFile(entry));
    }
  }
  return {
    fullName: node.nameWithOwner,
    id: node.databaseId,
    owner: node.owner.login,
    ownerId,
    name: node.name,
    defaultBranch: node.defaultBranchRef?.name ?? "main",
    archived: node.isArchived,
    fork: node.isFork,
    visibility: node.visibility.toLowerCase(),
    createdAt: node.createdAt,
    pushedAt: node.pushedAt ?? undefined,
    workflows,
    environments: (node.environments?.nodes ?? []).map((e) => e.name),
  };
}

function toFile(entry: Entry): WorkflowFile {
  const blob = entry.object;
  const size = blob?.byteSize ?? 0;
  if (!blob) return { path: entry.path, size, skipped: "not readable" };
  if (blob.isBinary) return { path: entry.path, sha: blob.oid, size, skipped: "binary file" };
  if (size > MAX_WORKFLOW_BYTES) return { path: entry.path, sha: blob.oid, size, skipped: `larger than ${MAX_WORKFLOW_BYTES} bytes` };
  if (blob.text === null) return { path: entry.path, sha: blob.oid, size, skipped: "no text returned" };
  return { path: entry.path, sha: blob.oid, size, text: blob.text };
}

export function workflowSkips(repo: RepoBase): Skip[] {
  return repo.workflows
    .filter((w) => w.skipped)
    .map((w) => ({ side: "github" as const, target: `${repo.fullName}/${w.path}`, code: w.skipped?.startsWith("larger") ? "TooLarge" : "Unreadable", reason: w.skipped ?? "" }));
}

// On a re-scan the repository pages carry tree ids but no file text; the repos whose workflow or
// local-action tree changed since the last scan get their text here, a few repos per GraphQL
// query (one point each, like a page). Repo names go in as variables, never into the query text.
import type { GithubClient } from "./client.js";
import { treesSelection, type RepoNode } from "./repos.js";

/** Repos per query: small enough that a repo with dozens of large files does not time the query out. */
const REPOS_PER_QUERY = 10;

/** The ids of the trees a repo's files come from: equal tags, equal files. */
export function treeTag(node: Pick<RepoNode, "workflows" | "actions">): string {
  return `${node.workflows?.oid ?? "-"}:${node.actions?.oid ?? "-"}`;
}

type Trees = Pick<RepoNode, "workflows" | "actions">;

/** Text-bearing trees of `nodes`, by full name; a repo missing from the answer is read over REST by the caller. */
export async function readChangedTrees(octokit: GithubClient, org: string, nodes: RepoNode[]): Promise<Map<string, Trees>> {
  const out = new Map<string, Trees>();
  for (let i = 0; i < nodes.length; i += REPOS_PER_QUERY) {
    const chunk = nodes.slice(i, i + REPOS_PER_QUERY);
    const variables: Record<string, string> = { org };
    const fields = chunk.map((node, j) => {
      variables[`n${j}`] = node.name;
      return `r${j}: repository(name: $n${j}) { nameWithOwner ${treesSelection(true)} }`;
    });
    const query = `query ($org: String!, ${chunk.map((_, j) => `$n${j}: String!`).join(", ")}) { organization(login: $org) { ${fields.join("\n")} } }`;
    let data: { organization: Record<string, (Trees & { nameWithOwner: string }) | null> | null } | undefined;
    try {
      data = await octokit.graphql(query, { ...variables, request: { retries: 0 } });
    } catch (error) {
      // Partial answers keep what they have; a failed query leaves its repos to REST.
      data = (error as { data?: typeof data }).data;
    }
    for (const tree of Object.values(data?.organization ?? {})) {
      if (tree) out.set(tree.nameWithOwner, { workflows: tree.workflows, actions: tree.actions });
    }
  }
  return out;
}

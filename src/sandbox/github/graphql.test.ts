// GraphQL through the real octokit.graphql: the query keyless sends (org repos with workflow
// trees and blob text, 100 a page), pagination, GitHub's limits, errors and cost.

import { GraphqlResponseError } from "@octokit/graphql";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../../test/support/sandbox/github.js";
import { testWorld, TOKENS } from "../../../test/support/sandbox/github-world.js";

let h: Harness;
afterEach(async () => {
  await h?.fake.close();
});

const WORKFLOWS_QUERY = `
  query ($org: String!, $cursor: String) {
    organization(login: $org) {
      repositories(first: 100, after: $cursor, orderBy: { field: NAME, direction: ASC }) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          id databaseId nameWithOwner isArchived isFork isPrivate visibility pushedAt
          owner { login id }
          defaultBranchRef { name target { oid ... on Commit { oid committedDate } } }
          environments(first: 10) { totalCount nodes { id databaseId name } pageInfo { hasNextPage } }
          object(expression: "HEAD:.github/workflows") {
            ... on Tree {
              entries { name path type mode extension isGenerated object { ... on Blob { oid byteSize text isBinary isTruncated } } }
            }
          }
        }
      }
    }
    rateLimit { limit cost remaining used nodeCount resetAt }
  }`;

interface WorkflowsPage {
  organization: {
    repositories: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: Array<{
        nameWithOwner: string;
        isPrivate: boolean;
        defaultBranchRef: { name: string; target: { oid: string } } | null;
        environments: { totalCount: number; nodes: Array<{ name: string }> };
        object: { entries: Array<{ path: string; mode: number; object: { text: string | null } | null }> } | null;
      }>;
    };
  };
  rateLimit: { cost: number; remaining: number; nodeCount: number; limit: number; used: number };
}

async function fetchAll(h: Harness, token: string = TOKENS.admin) {
  const o = h.client(token);
  const repos: WorkflowsPage["organization"]["repositories"]["nodes"] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: WorkflowsPage = await o.graphql<WorkflowsPage>(WORKFLOWS_QUERY, { org: "acme", cursor });
    repos.push(...page.organization.repositories.nodes);
    cursor = page.organization.repositories.pageInfo.hasNextPage ? page.organization.repositories.pageInfo.endCursor : null;
    pages++;
  } while (cursor);
  return { repos, pages };
}

describe("GraphQL", () => {
  it("serves keyless's workflow query across pages of 100, with blob text matching repo.files", async () => {
    h = await startHarness({}, testWorld(230));
    const { repos, pages } = await fetchAll(h);
    expect(pages).toBe(3);
    expect(repos).toHaveLength(230);
    const api = repos.find((r) => r.nameWithOwner === "acme/api")!;
    expect(api.environments.nodes.map((e) => e.name)).toEqual(["production", "staging"]);
    expect(api.object?.entries.map((e) => [e.path, e.mode])).toEqual([
      [".github/workflows/ci.yaml", 33188],
      [".github/workflows/deploy.yml", 33188],
    ]);
    const world = h.world.github.repos.find((r) => r.name === "api")!;
    expect(api.object?.entries[1]?.object?.text).toBe(world.files[".github/workflows/deploy.yml"]);
    const empty = repos.find((r) => r.nameWithOwner === "acme/empty")!;
    expect(empty.defaultBranchRef).toBeNull();
    expect(empty.object).toBeNull();
  });

  it("prices queries as GitHub does and charges the graphql limit", async () => {
    h = await startHarness();
    const o = h.client();
    const page = await o.graphql<WorkflowsPage>(WORKFLOWS_QUERY, { org: "acme" });
    // 1 repositories request + 100 environments requests → 101 / 100 → 1 point; nodes 100 + 100×10.
    expect(page.rateLimit).toMatchObject({ cost: 1, nodeCount: 1100, limit: 5000, used: 1, remaining: 4999 });
    const nested = await o.graphql<{ rateLimit: { cost: number; nodeCount: number } }>(
      `{ organization(login: "acme") { repositories(first: 100) { nodes { environments(first: 100) { nodes { name } } } } } rateLimit { cost nodeCount } }`,
    );
    expect(nested.rateLimit).toEqual({ cost: 1, nodeCount: 10100 });
    const dry = await o.graphql<{ rateLimit: { cost: number; remaining: number } }>(`{ rateLimit(dryRun: true) { cost remaining } }`);
    expect(dry.rateLimit.remaining).toBe(4998);
  });

  it("rejects connections without first/last or above 100, like GitHub", async () => {
    h = await startHarness();
    const o = h.client();
    const tooMany = await o.graphql(`{ organization(login: "acme") { repositories(first: 101) { totalCount } } }`).catch((e: unknown) => e);
    expect(tooMany).toBeInstanceOf(GraphqlResponseError);
    expect((tooMany as GraphqlResponseError<unknown>).errors?.[0]).toMatchObject({
      type: "EXCESSIVE_PAGINATION",
      message: "Requesting 101 records on the `repositories` connection exceeds the `first` limit of 100 records.",
    });
    const missing = (await o.graphql(`{ organization(login: "acme") { repositories { totalCount } } }`).catch((e: unknown) => e)) as GraphqlResponseError<unknown>;
    expect(missing.errors?.[0]?.type).toBe("MISSING_PAGINATION_BOUNDARIES");
    const invalid = (await o.graphql(`{ organization(login: "acme") { nope } }`).catch((e: unknown) => e)) as GraphqlResponseError<unknown>;
    expect(invalid.errors?.[0]?.message).toMatch(/Cannot query field "nope"/);
  });

  it("returns partial data with NOT_FOUND errors in GitHub's shape", async () => {
    h = await startHarness();
    const error = (await h
      .client()
      .graphql(`{ a: repository(owner: "acme", name: "api") { name } b: repository(owner: "acme", name: "ghost") { name } }`)
      .catch((e: unknown) => e)) as GraphqlResponseError<{ a: { name: string } | null; b: null }>;
    expect(error.data).toEqual({ a: { name: "api" }, b: null });
    expect(error.errors?.[0]).toMatchObject({ type: "NOT_FOUND", path: ["b"], message: "Could not resolve to a Repository with the name 'acme/ghost'." });
    expect(error.errors?.[0]?.locations).toEqual([{ line: 1, column: 54 }]);
  });

  it("hides private repos from a public_repo token and answers 401 to a bad one", async () => {
    h = await startHarness();
    const { repos } = await fetchAll(h, TOKENS.publicOnly);
    expect(repos.some((r) => r.isPrivate)).toBe(false);
    const response = await fetch(h.fake.graphqlUrl, { method: "POST", headers: { authorization: "bearer nope" }, body: JSON.stringify({ query: "{ viewer { login } }" }) });
    expect(response.status).toBe(401);
  });

  it("pages environments with cursors, resolves refs, commits, viewer and node ids", async () => {
    h = await startHarness();
    const o = h.client();
    const first = await o.graphql<{ repository: { id: string; environments: { pageInfo: { endCursor: string; hasNextPage: boolean }; nodes: Array<{ name: string }> } } }>(
      `{ repository(owner: "acme", name: "api") { id environments(first: 1) { pageInfo { endCursor hasNextPage } nodes { name } } } }`,
    );
    expect(first.repository.environments.nodes).toEqual([{ name: "production" }]);
    expect(first.repository.environments.pageInfo.hasNextPage).toBe(true);
    const second = await o.graphql<{ repository: { environments: { pageInfo: { hasNextPage: boolean }; nodes: Array<{ name: string }> } } }>(
      `query($after: String) { repository(owner: "acme", name: "api") { environments(first: 1, after: $after) { pageInfo { hasNextPage } nodes { name } } } }`,
      { after: first.repository.environments.pageInfo.endCursor },
    );
    expect(second.repository.environments).toEqual({ pageInfo: { hasNextPage: false }, nodes: [{ name: "staging" }] });
    const more = await o.graphql<{ viewer: { login: string }; node: { __typename: string; nameWithOwner: string }; repository: { head: { oid: string; tree: { entries: Array<{ name: string; type: string }> } } } }>(
      `query($id: ID!) { viewer { login } node(id: $id) { __typename ... on Repository { nameWithOwner } }
         repository(owner: "acme", name: "api") { head: object(expression: "main") { ... on Commit { oid tree { entries { name type } } } } } }`,
      { id: first.repository.id },
    );
    expect(more.viewer.login).toBe("octo-admin");
    expect(more.node).toEqual({ __typename: "Repository", nameWithOwner: "acme/api" });
    expect(more.repository.head.tree.entries.map((e) => `${e.type}:${e.name}`)).toEqual(["tree:.github", "blob:README.md", "tree:src"]);
  });
});

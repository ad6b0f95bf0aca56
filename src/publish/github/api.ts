// The GitHub calls publishing makes, over the shared Octokit client (throttling: writes one at a
// time and paced, retry-after honoured), each answer checked with zod where it enters. Only this
// file knows REST paths; the publisher sees plain values.
import { z } from "zod";
import type { GithubClient } from "../../discover/github/client.js";

const Repo = z.object({
  full_name: z.string(),
  default_branch: z.string(),
  archived: z.boolean(),
  private: z.boolean(),
  permissions: z.object({ push: z.boolean().optional(), admin: z.boolean().optional() }).optional(),
});
const Ref = z.object({ object: z.object({ sha: z.string() }) });
const Commit = z.object({
  sha: z.string(),
  tree: z.object({ sha: z.string() }),
  parents: z.array(z.object({ sha: z.string() })),
  author: z.object({ name: z.string().optional(), email: z.string().optional() }).nullable().optional(),
  message: z.string(),
});
const Tree = z.object({
  sha: z.string(),
  truncated: z.boolean().optional(),
  tree: z.array(z.object({ path: z.string(), mode: z.string(), type: z.string(), sha: z.string().nullable().optional() })),
});
const Pull = z.object({
  number: z.number(),
  html_url: z.string(),
  state: z.enum(["open", "closed"]),
  title: z.string(),
  body: z.string().nullable().optional(),
  draft: z.boolean().optional(),
  merged_at: z.string().nullable().optional(),
  merge_commit_sha: z.string().nullable().optional(),
  created_at: z.string(),
  updated_at: z.string(),
  head: z.object({ ref: z.string(), sha: z.string() }),
  base: z.object({ ref: z.string() }),
});

export type RepoInfo = { fullName: string; defaultBranch: string; archived: boolean; private: boolean; canPush: boolean | undefined };
export type CommitInfo = { sha: string; tree: string; parents: string[]; authorEmail?: string; message: string };
export type TreeEntries = Map<string, { mode: string; sha: string }>;
export type PullInfo = {
  number: number;
  url: string;
  state: "open" | "closed";
  merged: boolean;
  mergedAt?: string;
  mergeSha?: string;
  title: string;
  body: string;
  draft: boolean;
  createdAt: string;
  updatedAt: string;
  headRef: string;
  headSha: string;
  baseRef: string;
};

function pullInfo(raw: unknown): PullInfo {
  const p = Pull.parse(raw);
  return {
    number: p.number,
    url: p.html_url,
    state: p.state,
    merged: !!p.merged_at,
    ...(p.merged_at ? { mergedAt: p.merged_at } : {}),
    ...(p.merged_at && p.merge_commit_sha ? { mergeSha: p.merge_commit_sha } : {}),
    title: p.title,
    body: p.body ?? "",
    draft: p.draft ?? false,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    headRef: p.head.ref,
    headSha: p.head.sha,
    baseRef: p.base.ref,
  };
}

function split(repo: string): { owner: string; repo: string } {
  const [owner = "", name = ""] = repo.split("/");
  return { owner, repo: name };
}

export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" ? status : undefined;
}

async function orUndefined<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (httpStatus(error) === 404) return undefined;
    throw error;
  }
}

export interface Person {
  name: string;
  email: string;
}

export class PublishApi {
  constructor(private readonly octokit: GithubClient) {}

  /** Classic scopes from `x-oauth-scopes`; undefined when GitHub sends none (fine-grained tokens, apps). */
  /**
   * When the client authenticates as a GitHub App installation: the app's bot login (best effort)
   * and the installation's permissions. Undefined for any other token (or an installation token
   * given as GITHUB_TOKEN, whose permissions are unknown).
   */
  async appInstallation(): Promise<{ login?: string; permissions: Record<string, string> } | undefined> {
    const auth = (await this.octokit.auth()) as { tokenType?: string; permissions?: Record<string, string> };
    if (auth.tokenType !== "installation" || !auth.permissions) return undefined;
    const app = await this.octokit.request("GET /app").then(
      (response) => z.object({ slug: z.string() }).safeParse(response.data),
      () => undefined,
    );
    return { permissions: auth.permissions, ...(app?.success ? { login: `${app.data.slug}[bot]` } : {}) };
  }

  async tokenScopes(): Promise<{ login?: string; scopes?: string[] }> {
    const response = await this.octokit.request("GET /user");
    const header = response.headers["x-oauth-scopes"];
    const login = z.object({ login: z.string() }).safeParse(response.data);
    return {
      ...(login.success ? { login: login.data.login } : {}),
      ...(typeof header === "string" ? { scopes: header.split(",").map((s) => s.trim()).filter(Boolean) } : {}),
    };
  }

  async repo(fullName: string): Promise<RepoInfo | undefined> {
    const response = await orUndefined(this.octokit.request("GET /repos/{owner}/{repo}", split(fullName)));
    if (!response) return undefined;
    const r = Repo.parse(response.data);
    return { fullName: r.full_name, defaultBranch: r.default_branch, archived: r.archived, private: r.private, canPush: r.permissions?.push };
  }

  async branchHead(repo: string, branch: string): Promise<string | undefined> {
    const response = await orUndefined(this.octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...split(repo), ref: `heads/${branch}` }));
    return response ? Ref.parse(response.data).object.sha : undefined;
  }

  async commit(repo: string, sha: string): Promise<CommitInfo> {
    const response = await this.octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { ...split(repo), commit_sha: sha });
    const c = Commit.parse(response.data);
    return { sha: c.sha, tree: c.tree.sha, parents: c.parents.map((p) => p.sha), ...(c.author?.email ? { authorEmail: c.author.email } : {}), message: c.message };
  }

  /** Every file under a tree; throws when GitHub truncates the listing (the comparison would be wrong). */
  async tree(repo: string, sha: string): Promise<TreeEntries> {
    const response = await this.octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { ...split(repo), tree_sha: sha, recursive: "1" });
    const t = Tree.parse(response.data);
    if (t.truncated) throw new Error(`the tree of ${repo} is too large for GitHub to list at once`);
    // Submodules (commit entries) count too: a tree compared whole must not hide one.
    return new Map(t.tree.filter((e) => (e.type === "blob" || e.type === "commit") && e.sha).map((e) => [e.path, { mode: e.mode, sha: e.sha as string }]));
  }

  /** A blob's text, exactly as stored (UTF-8). */
  async blob(repo: string, sha: string): Promise<string> {
    const response = await this.octokit.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { ...split(repo), file_sha: sha });
    const b = z.object({ content: z.string(), encoding: z.string() }).parse(response.data);
    return Buffer.from(b.content, b.encoding === "base64" ? "base64" : "utf8").toString("utf8");
  }

  /** Pull requests whose head is `branch` of the same repo, any state, newest first. */
  async pullsFromBranch(repo: string, branch: string): Promise<PullInfo[]> {
    const { owner } = split(repo);
    const pulls = await this.octokit.paginate("GET /repos/{owner}/{repo}/pulls", { ...split(repo), head: `${owner}:${branch}`, state: "all", per_page: 100 });
    return (pulls as unknown[]).map(pullInfo).filter((p) => p.headRef === branch).sort((a, b) => b.number - a.number);
  }

  async pull(repo: string, number: number): Promise<PullInfo | undefined> {
    const response = await orUndefined(this.octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...split(repo), pull_number: number }));
    return response ? pullInfo(response.data) : undefined;
  }

  // ------------------------------------------------------------------ writes (one at a time: callers await each)

  async createBlob(repo: string, content: string): Promise<string> {
    const response = await this.octokit.request("POST /repos/{owner}/{repo}/git/blobs", { ...split(repo), content, encoding: "utf-8" });
    return z.object({ sha: z.string() }).parse(response.data).sha;
  }

  async createTree(repo: string, baseTree: string, entries: Array<{ path: string; mode: string; sha: string | null }>): Promise<string> {
    const tree = entries.map((e) => ({ path: e.path, mode: e.mode as "100644", type: "blob" as const, sha: e.sha }));
    const response = await this.octokit.request("POST /repos/{owner}/{repo}/git/trees", { ...split(repo), base_tree: baseTree, tree });
    return z.object({ sha: z.string() }).parse(response.data).sha;
  }

  async createCommit(repo: string, commit: { message: string; tree: string; parents: string[]; author?: Person }): Promise<string> {
    const response = await this.octokit.request("POST /repos/{owner}/{repo}/git/commits", {
      ...split(repo),
      message: commit.message,
      tree: commit.tree,
      parents: commit.parents,
      ...(commit.author ? { author: commit.author } : {}),
    });
    return z.object({ sha: z.string() }).parse(response.data).sha;
  }

  async createBranch(repo: string, branch: string, sha: string): Promise<void> {
    try {
      await this.octokit.request("POST /repos/{owner}/{repo}/git/refs", { ...split(repo), ref: `refs/heads/${branch}`, sha });
    } catch (error) {
      // A retry after a lost answer: the first attempt made the branch, at this very commit.
      if (httpStatus(error) === 422 && /already exists/i.test(String((error as Error).message)) && (await this.branchHead(repo, branch)) === sha) return;
      throw error;
    }
  }

  async moveBranch(repo: string, branch: string, sha: string): Promise<void> {
    await this.octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { ...split(repo), ref: `heads/${branch}`, sha, force: true });
  }

  async createPull(repo: string, pull: { title: string; body: string; head: string; base: string; draft: boolean }): Promise<PullInfo> {
    try {
      const response = await this.octokit.request("POST /repos/{owner}/{repo}/pulls", { ...split(repo), ...pull });
      return pullInfo(response.data);
    } catch (error) {
      // A retry after a lost answer: the first attempt opened it. Only an open PR from this branch
      // with exactly this title and body is taken for it; anything else stays an error.
      if (httpStatus(error) !== 422 || !/already exists/i.test(JSON.stringify((error as { response?: { data?: unknown } }).response?.data ?? (error as Error).message))) throw error;
      const existing = (await this.pullsFromBranch(repo, pull.head)).find((p) => p.state === "open" && p.title === pull.title && p.body === pull.body);
      if (!existing) throw error;
      return existing;
    }
  }

  async updatePull(repo: string, number: number, fields: { title?: string; body?: string }): Promise<PullInfo> {
    const response = await this.octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { ...split(repo), pull_number: number, ...fields });
    return pullInfo(response.data);
  }

  async addLabels(repo: string, number: number, labels: string[]): Promise<void> {
    await this.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...split(repo), issue_number: number, labels });
  }

  /** `login` asks a user, `org/team` a team. */
  async requestReviewers(repo: string, number: number, reviewers: string[]): Promise<void> {
    const teams = reviewers.filter((r) => r.includes("/")).map((r) => r.slice(r.indexOf("/") + 1));
    const users = reviewers.filter((r) => !r.includes("/"));
    await this.octokit.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", {
      ...split(repo),
      pull_number: number,
      ...(users.length ? { reviewers: users } : {}),
      ...(teams.length ? { team_reviewers: teams } : {}),
    });
  }
}

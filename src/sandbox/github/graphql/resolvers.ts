// GraphQL models of organizations, users, repositories and environments over the World, and the
// Query root. Private repos are invisible to a token without the `repo` scope, as on GitHub.

import type { Environment, GithubOrg, GithubRepo } from "../../world.js";
import { userIdFor } from "../auth.js";
import { canSee, findOrg, findRepo, reaches } from "../lookup.js";
import { gitFor } from "../repo-git.js";
import { userNodeId } from "../shapes/user.js";
import { connection, TypedError, type PageArgs } from "./connection.js";
import type { GqlContext } from "./context.js";
import { BlobModel, CommitModel, gitObject, RefModel, TreeModel } from "./git-objects.js";

interface RepositoryArgs extends PageArgs {
  isArchived?: boolean | null;
  isFork?: boolean | null;
  privacy?: "PUBLIC" | "PRIVATE" | null;
  visibility?: "PUBLIC" | "PRIVATE" | "INTERNAL" | null;
  orderBy?: { field: "CREATED_AT" | "NAME" | "PUSHED_AT" | "STARGAZERS" | "UPDATED_AT"; direction: "ASC" | "DESC" } | null;
}

const ORDER_KEYS: Record<string, (repo: GithubRepo) => string> = {
  CREATED_AT: (r) => r.createdAt,
  NAME: (r) => r.name.toLowerCase(),
  PUSHED_AT: (r) => r.pushedAt,
  UPDATED_AT: (r) => r.updatedAt,
  STARGAZERS: () => "",
};

function repositories(ctx: GqlContext, repos: GithubRepo[], args: RepositoryArgs) {
  const filtered = repos
    .filter((r) => canSee(ctx.token, r))
    .filter((r) => args.isArchived == null || r.archived === args.isArchived)
    .filter((r) => args.isFork == null || r.fork === args.isFork)
    .filter((r) => !args.privacy || (args.privacy === "PUBLIC") === (r.visibility === "public"))
    .filter((r) => !args.visibility || r.visibility === args.visibility.toLowerCase());
  const order = args.orderBy;
  const key = order ? ORDER_KEYS[order.field] : undefined;
  const sorted = key ? [...filtered].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (order?.direction === "DESC" ? -1 : 1) || a.id - b.id) : filtered;
  return { ...connection(sorted.map((r) => new RepositoryModel(ctx, r)), args), totalDiskUsage: 0 };
}

function notFoundRepo(owner: string, name: string): TypedError {
  return new TypedError("NOT_FOUND", `Could not resolve to a Repository with the name '${owner}/${name}'.`);
}

export class OrganizationModel {
  readonly __typename = "Organization";
  constructor(
    private readonly ctx: GqlContext,
    private readonly org: GithubOrg,
  ) {}
  get id() { return this.org.nodeId; }
  get login() { return this.org.login; }
  get databaseId() { return this.org.id; }
  get name() { return this.org.name; }
  get createdAt() { return this.org.createdAt; }
  get updatedAt() { return this.org.createdAt; }
  get description() { return null; }
  get email() { return null; }
  get isVerified() { return false; }
  get resourcePath() { return `/${this.org.login}`; }
  get url() { return `${this.ctx.state.baseUrl}/${this.org.login}`; }
  avatarUrl() { return `${this.ctx.state.baseUrl}/avatars/u/${this.org.id}?v=4`; }
  repositories(args: RepositoryArgs) {
    return repositories(this.ctx, this.ctx.state.world.github.repos.filter((r) => r.ownerId === this.org.id), args);
  }
  repository({ name }: { name: string }) {
    const repo = findRepo(this.ctx.state, this.org.login, name);
    if (!repo || !canSee(this.ctx.token, repo)) {
      throw notFoundRepo(this.org.login, name);
    }
    return new RepositoryModel(this.ctx, repo);
  }
}

export class UserModel {
  readonly __typename = "User";
  constructor(
    private readonly ctx: GqlContext,
    readonly login: string,
    readonly databaseId: number,
  ) {}
  get id() { return userNodeId(this.databaseId); }
  get name() { return this.login; }
  get email() { return ""; }
  get createdAt() { return this.ctx.state.world.github.orgs[0]?.createdAt ?? this.ctx.state.world.now; }
  get updatedAt() { return this.createdAt; }
  get resourcePath() { return `/${this.login}`; }
  get url() { return `${this.ctx.state.baseUrl}/${this.login}`; }
  avatarUrl() { return `${this.ctx.state.baseUrl}/avatars/u/${this.databaseId}?v=4`; }
  /** Users own no repositories in the sandbox world; organizations do. */
  repositories(args: RepositoryArgs) {
    return repositories(this.ctx, [], args);
  }
  repository({ name }: { name: string }): never {
    throw notFoundRepo(this.login, name);
  }
}

export class EnvironmentModel {
  readonly __typename = "Environment";
  constructor(private readonly env: Environment) {}
  get id() { return this.env.nodeId; }
  get databaseId() { return this.env.id; }
  get name() { return this.env.name; }
  get isPinned() { return false; }
  get pinnedPosition() { return null; }
}

export class RepositoryModel {
  readonly __typename = "Repository";
  constructor(
    private readonly ctx: GqlContext,
    private readonly repo: GithubRepo,
  ) {}
  private get store() { return gitFor(this.ctx.state, this.repo); }
  get id() { return this.repo.nodeId; }
  get databaseId() { return this.repo.id; }
  get name() { return this.repo.name; }
  get nameWithOwner() { return this.repo.fullName; }
  get description() { return this.repo.description; }
  get isArchived() { return this.repo.archived; }
  get archivedAt() { return this.repo.archived ? this.repo.updatedAt : null; }
  get isFork() { return this.repo.fork; }
  get isPrivate() { return this.repo.visibility !== "public"; }
  get visibility() { return this.repo.visibility.toUpperCase(); }
  get isDisabled() { return false; }
  get isLocked() { return false; }
  get isTemplate() { return false; }
  get isInOrganization() { return true; }
  get isEmpty() { return this.store.refs.size === 0; }
  get createdAt() { return this.repo.createdAt; }
  get pushedAt() { return this.repo.pushedAt; }
  get updatedAt() { return this.repo.updatedAt; }
  get resourcePath() { return `/${this.repo.fullName}`; }
  get url() { return `${this.ctx.state.baseUrl}/${this.repo.fullName}`; }
  get owner() {
    const org = this.ctx.state.world.github.orgs.find((o) => o.id === this.repo.ownerId);
    return org ? new OrganizationModel(this.ctx, org) : new UserModel(this.ctx, this.repo.owner, this.repo.ownerId);
  }
  get defaultBranchRef() {
    return this.ref({ qualifiedName: `refs/heads/${this.repo.defaultBranch}` });
  }
  ref({ qualifiedName }: { qualifiedName: string }) {
    const store = this.store;
    const name = qualifiedName.startsWith("refs/") ? qualifiedName : `refs/heads/${qualifiedName}`;
    return store.refs.has(name) ? new RefModel(this.ctx, this.repo, store, name) : null;
  }
  /** A rev-parse expression ("HEAD:.github/workflows", "main", "<sha>:path") or an oid. */
  object({ expression, oid }: { expression?: string | null; oid?: string | null }) {
    const store = this.store;
    if (oid) {
      return store.has(oid) ? gitObject(this.ctx, this.repo, store, { path: "", mode: "", type: "blob", sha: oid }) : null;
    }
    if (!expression) {
      return null;
    }
    const colon = expression.indexOf(":");
    const rev = colon < 0 ? expression : expression.slice(0, colon) || "HEAD";
    const commit = store.resolve(rev, this.repo.defaultBranch);
    if (!commit) {
      return null;
    }
    if (colon < 0) {
      return gitObject(this.ctx, this.repo, store, { path: "", mode: "", type: "commit", sha: commit });
    }
    const tree = store.treeOf(commit);
    const entry = tree ? store.lookup(tree, expression.slice(colon + 1)) : undefined;
    return entry ? gitObject(this.ctx, this.repo, store, entry) : null;
  }
  environments(args: PageArgs & { names?: string[] | null; orderBy?: { direction: "ASC" | "DESC" } | null }) {
    const names = args.names?.length ? new Set(args.names) : undefined;
    const direction = args.orderBy?.direction === "DESC" ? -1 : 1;
    const envs = this.repo.environments
      .filter((e) => !names || names.has(e.name))
      .sort((a, b) => a.name.localeCompare(b.name) * direction);
    return connection(envs.map((e) => new EnvironmentModel(e)), args);
  }
  environment({ name }: { name: string }) {
    const env = this.repo.environments.find((e) => e.name === name);
    return env ? new EnvironmentModel(env) : null;
  }
}

/** Resolves a global node id: world ids for orgs, repos and environments; legacy ids for git data. */
function resolveNode(ctx: GqlContext, id: string): unknown {
  const { orgs, repos } = ctx.state.world.github;
  const org = orgs.find((o) => o.nodeId === id);
  if (org) return new OrganizationModel(ctx, org);
  const repo = repos.find((r) => r.nodeId === id && canSee(ctx.token, r));
  if (repo) return new RepositoryModel(ctx, repo);
  for (const r of repos.filter((candidate) => canSee(ctx.token, candidate))) {
    const env = r.environments.find((e) => e.nodeId === id);
    if (env) return new EnvironmentModel(env);
  }
  const legacy = /^0\d+:(Blob|Tree|Commit)(\d+):([0-9a-f]{40})$/.exec(Buffer.from(id, "base64").toString("utf8"));
  const owner = legacy ? repos.find((r) => r.id === Number(legacy[2]) && canSee(ctx.token, r)) : undefined;
  if (legacy && owner) {
    const store = gitFor(ctx.state, owner);
    const [kind, sha] = [legacy[1]!, legacy[3]!];
    if (store.typeOf(sha) === kind.toLowerCase()) {
      return kind === "Tree" ? new TreeModel(ctx, owner, store, sha, "") : kind === "Blob" ? new BlobModel(ctx, owner, store, sha) : new CommitModel(ctx, owner, store, sha);
    }
  }
  return null;
}

export function rootValue(ctx: GqlContext) {
  const viewer = new UserModel(ctx, ctx.token.login, ctx.token.userId);
  const user = (login: string) => {
    const token = ctx.state.world.github.tokens.find((t) => t.login.toLowerCase() === login.toLowerCase());
    return token ? new UserModel(ctx, token.login, userIdFor(token.login)) : undefined;
  };
  return {
    viewer,
    enterprise({ slug }: { slug: string }) {
      // GitHub lists the enterprise's organizations the viewer is a member of; the sandbox's tokens belong to all.
      const found = (ctx.state.world.github.enterprises ?? []).find((e) => e.slug.toLowerCase() === slug.toLowerCase());
      if (!found) throw new TypedError("NOT_FOUND", `Could not resolve to Enterprise with the slug of '${slug}'.`);
      const orgs = found.orgs.flatMap((login) => findOrg(ctx.state, login) ?? []);
      return {
        __typename: "Enterprise",
        id: found.nodeId,
        databaseId: found.id,
        name: found.name,
        slug: found.slug,
        organizations: (args: PageArgs) => connection(orgs.map((o) => new OrganizationModel(ctx, o)), args),
      };
    },
    organization({ login }: { login: string }) {
      const org = findOrg(ctx.state, login);
      // Another organization than an installation token's own is one it cannot see.
      if (!org || !reaches(ctx.token, org.login)) {
        throw new TypedError("NOT_FOUND", `Could not resolve to an Organization with the login of '${login}'.`);
      }
      return new OrganizationModel(ctx, org);
    },
    repository({ owner, name }: { owner: string; name: string }) {
      const repo = findRepo(ctx.state, owner, name);
      if (!repo || !canSee(ctx.token, repo)) {
        throw notFoundRepo(owner, name);
      }
      return new RepositoryModel(ctx, repo);
    },
    user({ login }: { login: string }) {
      const found = user(login);
      if (!found) {
        throw new TypedError("NOT_FOUND", `Could not resolve to a User with the login of '${login}'.`);
      }
      return found;
    },
    repositoryOwner({ login }: { login: string }) {
      const org = findOrg(ctx.state, login);
      return org && reaches(ctx.token, org.login) ? new OrganizationModel(ctx, org) : (user(login) ?? null);
    },
    node({ id }: { id: string }) {
      const found = resolveNode(ctx, id);
      if (!found) {
        throw new TypedError("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
      }
      return found;
    },
    nodes({ ids }: { ids: string[] }) {
      return ids.map((id) => resolveNode(ctx, id));
    },
    rateLimit() {
      const { cost, nodeCount, window } = ctx.cost;
      if (!Number.isFinite(window.limit)) {
        return null;
      }
      return {
        cost,
        nodeCount,
        limit: window.limit,
        used: window.used,
        remaining: Math.max(0, window.limit - window.used),
        resetAt: new Date(window.reset * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      };
    },
  };
}

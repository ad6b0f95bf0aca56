// Finding orgs and repos in the world the way GitHub does (case-insensitive names), and the
// visibility rule for classic tokens: private and internal repos need the `repo` scope. An App
// installation's token reaches only its own organization's private resources: another owner's
// organization and private repos answer 404 to it, its public repos stay readable (not writable).

import type { GithubOrg, GithubRepo } from "../world.js";
import { hasAnyScope, hasScope, type TokenInfo } from "./auth.js";
import { forbidden, notFound, type Ctx, type FakeState } from "./context.js";

export function findOrg(state: FakeState, login: string): GithubOrg | undefined {
  const wanted = login.toLowerCase();
  return state.world.github.orgs.find((org) => org.login.toLowerCase() === wanted);
}

/** Repos by lower-case full name, rebuilt when the repo list changes length (large worlds). */
const indexes = new WeakMap<GithubRepo[], { length: number; byName: Map<string, GithubRepo> }>();

export function findRepo(state: FakeState, owner: string, name: string): GithubRepo | undefined {
  const repos = state.world.github.repos;
  const wanted = `${owner}/${name}`.toLowerCase();
  let index = indexes.get(repos);
  if (!index || index.length !== repos.length) {
    index = { length: repos.length, byName: new Map(repos.map((repo) => [repo.fullName.toLowerCase(), repo])) };
    indexes.set(repos, index);
  }
  const hit = index.byName.get(wanted);
  if (hit && hit.fullName.toLowerCase() === wanted && repos.includes(hit)) {
    return hit;
  }
  // A repo renamed or replaced in place since the index was built: fall back to a scan.
  return repos.find((repo) => repo.fullName.toLowerCase() === wanted);
}

export function repoById(state: FakeState, id: number): GithubRepo | undefined {
  return state.world.github.repos.find((repo) => repo.id === id);
}

/** Whether the token reaches `owner`'s private resources: an installation token only its installation's organization. */
export function reaches(token: TokenInfo, owner: string): boolean {
  return token.account === undefined || token.account.toLowerCase() === owner.toLowerCase();
}

export function canSee(token: TokenInfo, repo: GithubRepo): boolean {
  return repo.visibility === "public" || (hasScope(token, "repo") && reaches(token, repo.owner));
}

export function orgRepos(state: FakeState, org: GithubOrg): GithubRepo[] {
  return state.world.github.repos.filter((repo) => repo.ownerId === org.id);
}

/** The org named by `{org}`, or 404. */
export function requireOrg(ctx: Ctx): GithubOrg {
  const org = findOrg(ctx.state, ctx.params["org"] ?? "");
  if (!org || !reaches(ctx.token, org.login)) {
    throw notFound();
  }
  return org;
}

export interface RepoAccess {
  /** Needs write access (git writes, pull requests): `public_repo` for public repos, else `repo`. */
  write?: boolean;
  /** Needs the full `repo` scope even on a public repo (secrets, variables, OIDC settings). */
  admin?: boolean;
}

/** The repo named by `{owner}/{repo}`; 404 when absent or invisible, 403 when the scope is short. */
export function requireRepo(ctx: Ctx, access: RepoAccess = {}): GithubRepo {
  const repo = findRepo(ctx.state, ctx.params["owner"] ?? "", ctx.params["repo"] ?? "");
  if (!repo || !canSee(ctx.token, repo)) {
    throw notFound();
  }
  // Another owner's public repo: readable by an installation token, but nothing more.
  if ((access.admin || access.write) && !reaches(ctx.token, repo.owner)) {
    throw notFound();
  }
  if (access.admin && !hasScope(ctx.token, "repo")) {
    throw forbidden("Must have admin rights to Repository.");
  }
  if (access.write && !hasAnyScope(ctx.token, repo.visibility === "public" ? ["public_repo"] : ["repo"])) {
    // GitHub hides write failures of a read-only token behind 404 on most repo write endpoints.
    throw notFound();
  }
  if (access.write && repo.archived) {
    throw forbidden("Repository was archived so is read-only.");
  }
  return repo;
}

/** Org admin endpoints (org secrets and variables) need `admin:org`. */
export function requireOrgAdmin(ctx: Ctx): GithubOrg {
  const org = requireOrg(ctx);
  if (!hasScope(ctx.token, "admin:org")) {
    throw forbidden("You must be an org admin or have the actions secrets fine-grained permission.");
  }
  return org;
}

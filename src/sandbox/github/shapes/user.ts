// User and organization bodies (simple-user, private-user, organization-full) from world data.

import type { components } from "@octokit/openapi-types";
import type { GithubOrg } from "../../world.js";
import type { TokenInfo } from "../auth.js";
import { apiUrl, htmlUrl, type FakeState } from "../context.js";

type S = components["schemas"];

export function userNodeId(id: number): string {
  return `U_${Buffer.from(String(id)).toString("base64url")}`;
}

export function simpleUser(state: FakeState, login: string, id: number, nodeId: string, type: "User" | "Organization" | "Bot"): S["simple-user"] {
  const api = apiUrl(state, `/users/${login}`);
  return {
    login,
    id,
    node_id: nodeId,
    avatar_url: `${state.baseUrl}/avatars/u/${id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: htmlUrl(state, login),
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    site_admin: false,
    user_view_type: "public",
  };
}

export function orgAsUser(state: FakeState, org: { login: string; id: number; nodeId: string }): S["simple-user"] {
  return simpleUser(state, org.login, org.id, org.nodeId, "Organization");
}

export function tokenUser(state: FakeState, token: { login: string; userId: number }): S["simple-user"] {
  return simpleUser(state, token.login, token.userId, userNodeId(token.userId), "User");
}

export function privateUser(state: FakeState, token: TokenInfo): S["private-user"] {
  const created = state.world.github.orgs[0]?.createdAt ?? state.world.now;
  return {
    ...tokenUser(state, token),
    name: token.login,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: created,
    updated_at: created,
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
  };
}

export function organizationFull(state: FakeState, org: GithubOrg, publicRepos: number, privateRepos: number): S["organization-full"] {
  const api = apiUrl(state, `/orgs/${org.login}`);
  return {
    login: org.login,
    id: org.id,
    node_id: org.nodeId,
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${state.baseUrl}/avatars/u/${org.id}?v=4`,
    description: null,
    name: org.name,
    is_verified: false,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: publicRepos,
    public_gists: 0,
    followers: 0,
    following: 0,
    html_url: htmlUrl(state, org.login),
    type: "Organization",
    total_private_repos: privateRepos,
    owned_private_repos: privateRepos,
    created_at: org.createdAt,
    updated_at: org.createdAt,
    archived_at: null,
  };
}

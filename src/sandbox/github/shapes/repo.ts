// Repository bodies: minimal-repository (lists), full-repository (GET repo), simple-repository.

import type { components } from "@octokit/openapi-types";
import type { GithubRepo } from "../../world.js";
import { apiUrl, htmlUrl, type FakeState } from "../context.js";
import { orgAsUser } from "./user.js";

type S = components["schemas"];

export function ownerOf(state: FakeState, repo: GithubRepo): S["simple-user"] {
  const org = state.world.github.orgs.find((o) => o.id === repo.ownerId);
  return orgAsUser(state, { login: repo.owner, id: repo.ownerId, nodeId: org?.nodeId ?? `O_${repo.ownerId}` });
}

export function simpleRepository(state: FakeState, repo: GithubRepo): S["simple-repository"] {
  const api = apiUrl(state, `/repos/${repo.fullName}`);
  return {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: repo.fullName,
    owner: ownerOf(state, repo),
    private: repo.private,
    html_url: htmlUrl(state, repo.fullName),
    description: repo.description,
    fork: repo.fork,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    hooks_url: `${api}/hooks`,
  };
}

function cloneUrls(state: FakeState, repo: GithubRepo) {
  const host = new URL(state.baseUrl).host;
  return {
    git_url: `git://${host}/${repo.fullName}.git`,
    ssh_url: `git@${host}:${repo.fullName}.git`,
    clone_url: `${state.baseUrl}/${repo.fullName}.git`,
    svn_url: htmlUrl(state, repo.fullName),
  };
}

const PERMISSIONS = { admin: true, maintain: true, push: true, triage: true, pull: true };

export function minimalRepository(state: FakeState, repo: GithubRepo): S["minimal-repository"] {
  return repositoryFields(state, repo);
}

/**
 * The fields minimal-repository and full-repository share, with their values' own types: full-repository
 * requires some that minimal-repository types as optional, so it cannot build on the typed minimal one.
 */
function repositoryFields(state: FakeState, repo: GithubRepo) {
  return {
    ...simpleRepository(state, repo),
    ...cloneUrls(state, repo),
    mirror_url: null,
    homepage: null,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: Object.values(repo.files).reduce((sum, text) => sum + text.length, 0) >> 10,
    default_branch: repo.defaultBranch,
    open_issues_count: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: repo.archived,
    disabled: false,
    visibility: repo.visibility,
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    permissions: PERMISSIONS,
    forks: 0,
    open_issues: 0,
    watchers: 0,
    allow_forking: !repo.private,
    web_commit_signoff_required: false,
    license: null,
  };
}

export function fullRepository(state: FakeState, repo: GithubRepo): S["full-repository"] {
  return {
    ...repositoryFields(state, repo),
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    temp_clone_token: null,
    subscribers_count: 0,
    network_count: 0,
    organization: ownerOf(state, repo),
  };
}

/** The `repository` schema (pull request head and base). */
export function repositoryBody(state: FakeState, repo: GithubRepo): S["repository"] {
  // `repository` types temp_clone_token as a plain string: leave it out rather than send null.
  const { temp_clone_token: _token, ...full } = fullRepository(state, repo);
  return { ...full, has_downloads: true, permissions: PERMISSIONS, license: null, forks: 0 };
}

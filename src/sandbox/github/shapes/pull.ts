// Pull request bodies: pull-request, pull-request-simple, label.

import type { components } from "@octokit/openapi-types";
import type { GithubRepo } from "../../world.js";
import { userIdFor } from "../auth.js";
import { apiUrl, htmlUrl, type FakeState } from "../context.js";
import type { LabelRecord, PullRecord } from "../pull-state.js";
import { ownerOf, repositoryBody } from "./repo.js";
import { simpleUser, userNodeId } from "./user.js";

type S = components["schemas"];

export function userByLogin(state: FakeState, login: string): S["simple-user"] {
  const id = userIdFor(login);
  // A GitHub App acts as its bot user, `slug[bot]`, of type Bot.
  return simpleUser(state, login, id, userNodeId(id), login.endsWith("[bot]") ? "Bot" : "User");
}

export function labelBody(state: FakeState, repo: GithubRepo, label: LabelRecord): S["label"] {
  return {
    id: label.id,
    node_id: Buffer.from(`05:Label${label.id}`).toString("base64"),
    url: apiUrl(state, `/repos/${repo.fullName}/labels/${encodeURIComponent(label.name)}`),
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  };
}

function link(href: string): S["link"] {
  return { href };
}

function branches(state: FakeState, repo: GithubRepo, pull: PullRecord, headSha: string, baseSha: string) {
  const owner = ownerOf(state, repo);
  const body = repositoryBody(state, repo);
  return {
    head: { label: `${repo.owner}:${pull.head}`, ref: pull.head, sha: headSha, user: owner, repo: body },
    base: { label: `${repo.owner}:${pull.base}`, ref: pull.base, sha: baseSha, user: owner, repo: body },
  };
}

export function pullSimple(state: FakeState, repo: GithubRepo, pull: PullRecord, headSha: string, baseSha: string, labels: LabelRecord[]): S["pull-request-simple"] {
  const api = apiUrl(state, `/repos/${repo.fullName}/pulls/${pull.number}`);
  const issue = apiUrl(state, `/repos/${repo.fullName}/issues/${pull.number}`);
  const html = htmlUrl(state, `${repo.fullName}/pull/${pull.number}`);
  return {
    url: api,
    id: pull.id,
    node_id: Buffer.from(`011:PullRequest${pull.id}`).toString("base64"),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: apiUrl(state, `/repos/${repo.fullName}/pulls/comments{/number}`),
    comments_url: `${issue}/comments`,
    statuses_url: apiUrl(state, `/repos/${repo.fullName}/statuses/${headSha}`),
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: userByLogin(state, pull.user),
    body: pull.body,
    labels: labels.map((l) => ({ ...labelBody(state, repo, l), description: l.description ?? "" })),
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: pull.requestedReviewers.map((login) => userByLogin(state, login)),
    requested_teams: [],
    ...branches(state, repo, pull, headSha, baseSha),
    _links: {
      self: link(api),
      html: link(html),
      issue: link(issue),
      comments: link(`${issue}/comments`),
      review_comments: link(`${api}/comments`),
      review_comment: link(apiUrl(state, `/repos/${repo.fullName}/pulls/comments{/number}`)),
      commits: link(`${api}/commits`),
      statuses: link(apiUrl(state, `/repos/${repo.fullName}/statuses/${headSha}`)),
    },
    author_association: "MEMBER",
    auto_merge: null,
    draft: pull.draft,
  };
}

export function pullFull(
  state: FakeState,
  repo: GithubRepo,
  pull: PullRecord,
  headSha: string,
  baseSha: string,
  labels: LabelRecord[],
  diff: { commits: number; changedFiles: number; mergeable: boolean | null },
): S["pull-request"] {
  const simple = pullSimple(state, repo, pull, headSha, baseSha, labels);
  return {
    ...simple,
    state: pull.state,
    user: userByLogin(state, pull.user),
    labels: simple.labels,
    ...branches(state, repo, pull, headSha, baseSha),
    merged: pull.merged,
    mergeable: pull.state === "open" ? diff.mergeable : null,
    rebaseable: pull.state === "open" ? diff.mergeable : null,
    mergeable_state: pull.state !== "open" ? "unknown" : diff.mergeable === false ? "dirty" : "clean",
    merged_by: pull.mergedBy ? userByLogin(state, pull.mergedBy) : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: diff.commits,
    additions: 0,
    deletions: 0,
    changed_files: diff.changedFiles,
  };
}

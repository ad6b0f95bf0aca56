// Pull requests through the real @octokit/rest: open from a branch, find again by head, label,
// request reviewers, merge into the default branch (which updates repo.files), and conflicts.

import type { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, statusOf, type Harness } from "../../../test/support/sandbox/github.js";

let h: Harness;
afterEach(async () => {
  await h?.fake.close();
});

const repo = { owner: "acme", repo: "api" };

/** Commits `files` on a new branch cut from main; returns the new commit sha. */
async function branchWith(o: Octokit, branch: string, files: Record<string, string>): Promise<string> {
  const main = (await o.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
  const base = (await o.git.getCommit({ ...repo, commit_sha: main })).data.tree.sha;
  const tree = await o.git.createTree({ ...repo, base_tree: base, tree: Object.entries(files).map(([path, content]) => ({ path, mode: "100644" as const, type: "blob" as const, content })) });
  const commit = await o.git.createCommit({ ...repo, message: `Change on ${branch}`, tree: tree.data.sha, parents: [main] });
  await o.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.data.sha });
  return commit.data.sha;
}

describe("pull requests", () => {
  it("opens, finds by head, labels, requests review and merges into the default branch", async () => {
    h = await startHarness();
    const o = h.client();
    const sha = await branchWith(o, "keyless/oidc", { ".github/workflows/deploy.yml": "name: Deploy\npermissions:\n  id-token: write\n" });
    const created = await o.pulls.create({ ...repo, title: "Use OIDC", head: "keyless/oidc", base: "main", body: "<!-- keyless -->" });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ number: 1, state: "open", merged: false, mergeable: true, commits: 1, changed_files: 1 });
    expect(created.data.head).toMatchObject({ ref: "keyless/oidc", sha, label: "acme:keyless/oidc" });

    const found = await o.pulls.list({ ...repo, head: "acme:keyless/oidc", state: "open" });
    expect(found.data.map((p) => p.number)).toEqual([1]);
    expect((await o.pulls.list({ ...repo, head: "acme:other" })).data).toEqual([]);

    await o.issues.addLabels({ ...repo, issue_number: 1, labels: ["security", "keyless"] });
    await o.pulls.requestReviewers({ ...repo, pull_number: 1, reviewers: ["octo-member"] });
    const again = await o.pulls.get({ ...repo, pull_number: 1 });
    expect(again.data.labels.map((l) => l.name)).toEqual(["security", "keyless"]);
    expect(again.data.requested_reviewers?.map((u) => u.login)).toEqual(["octo-member"]);

    const duplicate = await statusOf(o.pulls.create({ ...repo, title: "Again", head: "keyless/oidc", base: "main" }));
    expect(duplicate.status).toBe(422);

    const merged = await o.pulls.merge({ ...repo, pull_number: 1, merge_method: "merge" });
    expect(merged.data.merged).toBe(true);
    const commit = await o.git.getCommit({ ...repo, commit_sha: merged.data.sha });
    expect(commit.data.parents).toHaveLength(2);
    expect(h.world.github.repos.find((r) => r.name === "api")!.files[".github/workflows/deploy.yml"]).toContain("id-token: write");
    const after = await o.pulls.get({ ...repo, pull_number: 1 });
    expect(after.data).toMatchObject({ state: "closed", merged: true, merge_commit_sha: merged.data.sha, merged_by: { login: "octo-admin" } });
    expect((await statusOf(o.pulls.merge({ ...repo, pull_number: 1 }))).status).toBe(405);
  });

  it("squash-merges on top of unrelated changes and refuses a conflicting merge", async () => {
    h = await startHarness();
    const o = h.client();
    await branchWith(o, "a", { "README.md": "# from a\n" });
    await branchWith(o, "b", { "README.md": "# from b\n", "docs/b.md": "b\n" });
    await branchWith(o, "c", { "docs/c.md": "c\n" });
    const a = await o.pulls.create({ ...repo, title: "PR a", head: "a", base: "main" });
    const b = await o.pulls.create({ ...repo, title: "PR b", head: "b", base: "main" });
    const c = await o.pulls.create({ ...repo, title: "PR c", head: "c", base: "main" });
    await o.pulls.merge({ ...repo, pull_number: a.data.number, merge_method: "squash" });
    const squashed = await o.pulls.merge({ ...repo, pull_number: c.data.number, merge_method: "squash" });
    expect((await o.git.getCommit({ ...repo, commit_sha: squashed.data.sha })).data.message).toBe("PR c (#3)");
    const files = h.world.github.repos.find((r) => r.name === "api")!.files;
    expect(files["README.md"]).toBe("# from a\n");
    expect(files["docs/c.md"]).toBe("c\n");
    expect((await o.pulls.get({ ...repo, pull_number: b.data.number })).data.mergeable).toBe(false);
    const conflict = await statusOf(o.pulls.merge({ ...repo, pull_number: b.data.number }));
    expect(conflict).toMatchObject({ status: 405, message: expect.stringContaining("not mergeable") });
  });

  it("closes a pull request whose head branch is deleted and rejects an empty one", async () => {
    h = await startHarness();
    const o = h.client();
    await branchWith(o, "gone", { "x.md": "x\n" });
    await o.pulls.create({ ...repo, title: "Gone", head: "gone", base: "main" });
    await o.git.deleteRef({ ...repo, ref: "heads/gone" });
    expect((await o.pulls.get({ ...repo, pull_number: 1 })).data.state).toBe("closed");
    const main = (await o.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    await o.git.createRef({ ...repo, ref: "refs/heads/same", sha: main });
    const empty = await statusOf(o.pulls.create({ ...repo, title: "Nothing", head: "same", base: "main" }));
    expect(empty.status).toBe(422);
    const closed = await o.pulls.update({ ...repo, pull_number: 1, title: "Renamed" });
    expect(closed.data.title).toBe("Renamed");
  });
});

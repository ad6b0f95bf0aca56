// The git store hashes as git does (checked against the git binary), and the git data API writes
// commits that the contents API, GraphQL and `repo.files` all see once the default branch moves.

import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GitStore } from "./git-store.js";
import { startHarness, statusOf, type Harness } from "../../../test/support/sandbox/github.js";
import { TOKENS } from "../../../test/support/sandbox/github-world.js";

let h: Harness;
afterEach(async () => {
  await h?.fake.close();
});

function gitAvailable(): boolean {
  try {
    execFileSync("git", ["--version"]);
    return true;
  } catch {
    return false;
  }
}

describe("git object hashing", () => {
  it.runIf(gitAvailable())("gives the same blob, tree and commit ids as the git binary", () => {
    const files = { "README.md": "# demo\n", ".github/workflows/a.yml": "on: push\n", "src/a-b.ts": "x\n", "src/a/b.ts": "y\n", "src.txt": "z\n" };
    const dir = mkdtempSync(join(tmpdir(), "keyless-git-"));
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(dir, path, ".."), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const date = "2025-01-02T03:04:05Z";
      const env = { ...process.env, GIT_AUTHOR_NAME: "A", GIT_AUTHOR_EMAIL: "a@x", GIT_AUTHOR_DATE: `${date}`, GIT_COMMITTER_NAME: "A", GIT_COMMITTER_EMAIL: "a@x", GIT_COMMITTER_DATE: `${date}` };
      const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, env }).toString().trim();
      git("init", "-q");
      git("add", "-A");
      git("-c", "commit.gpgsign=false", "commit", "-q", "-m", "Initial commit");
      const store = new GitStore();
      const tree = store.treeFromFiles(files);
      expect(tree).toBe(git("rev-parse", "HEAD^{tree}"));
      const commit = store.putCommit({ tree, parents: [], author: { name: "A", email: "a@x", date }, committer: { name: "A", email: "a@x", date }, message: "Initial commit\n" });
      expect(commit).toBe(git("rev-parse", "HEAD"));
      expect(store.putBlob("# demo\n")).toBe(git("rev-parse", "HEAD:README.md"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("git data API", () => {
  it("creates a branch commit with content, sha and deletion entries, then fast-forwards main", async () => {
    h = await startHarness();
    const o = h.client();
    const repo = { owner: "acme", repo: "api" };
    const main = await o.git.getRef({ ...repo, ref: "heads/main" });
    const head = await o.git.getCommit({ ...repo, commit_sha: main.data.object.sha });
    const blob = await o.git.createBlob({ ...repo, content: Buffer.from("bin\u0000ary").toString("base64"), encoding: "base64" });
    const tree = await o.git.createTree({
      ...repo,
      base_tree: head.data.tree.sha,
      tree: [
        { path: ".github/workflows/deploy.yml", mode: "100644", type: "blob", content: "name: Deploy\non: push\n" },
        { path: "assets/logo.bin", mode: "100644", type: "blob", sha: blob.data.sha },
        { path: "src", mode: "040000", type: "tree", sha: null },
      ],
    });
    const paths = (await o.git.getTree({ ...repo, tree_sha: tree.data.sha, recursive: "1" })).data.tree.map((e) => e.path);
    expect(paths).toEqual([".github", ".github/workflows", ".github/workflows/ci.yaml", ".github/workflows/deploy.yml", "README.md", "assets", "assets/logo.bin"]);
    const commit = await o.git.createCommit({ ...repo, message: "Move to OIDC", tree: tree.data.sha, parents: [head.data.sha] });
    expect(commit.data.parents.map((p) => p.sha)).toEqual([head.data.sha]);
    await o.git.createRef({ ...repo, ref: "refs/heads/keyless/oidc", sha: commit.data.sha });
    const matching = await o.git.listMatchingRefs({ ...repo, ref: "heads/keyless" });
    expect(matching.data.map((r) => r.ref)).toEqual(["refs/heads/keyless/oidc"]);
    // The default branch has not moved yet: files still hold the old workflow.
    expect(h.world.github.repos.find((r) => r.name === "api")!.files[".github/workflows/deploy.yml"]).toContain("configure-aws-credentials");

    await o.git.updateRef({ ...repo, ref: "heads/main", sha: commit.data.sha });
    const files = h.world.github.repos.find((r) => r.name === "api")!.files;
    expect(files[".github/workflows/deploy.yml"]).toBe("name: Deploy\non: push\n");
    expect(files["src/main.ts"]).toBeUndefined();
    expect(files["assets/logo.bin"]).toBeUndefined(); // binary: not text, left out of repo.files
    const content = await o.repos.getContent({ ...repo, path: ".github/workflows/deploy.yml" });
    expect(Array.isArray(content.data) ? "" : content.data.type === "file" ? Buffer.from(content.data.content, "base64").toString() : "").toBe("name: Deploy\non: push\n");
    const gql = await o.graphql<{ repository: { object: { text: string } } }>(`{ repository(owner: "acme", name: "api") { object(expression: "HEAD:.github/workflows/deploy.yml") { ... on Blob { text } } } }`);
    expect(gql.repository.object.text).toBe("name: Deploy\non: push\n");
  });

  it("refuses a non-fast-forward update unless forced, and unknown or duplicate refs", async () => {
    h = await startHarness();
    const o = h.client();
    const repo = { owner: "acme", repo: "api" };
    const main = (await o.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    const head = await o.git.getCommit({ ...repo, commit_sha: main });
    const side = await o.git.createCommit({ ...repo, message: "side", tree: head.data.tree.sha, parents: [] });
    const refused = await statusOf(o.git.updateRef({ ...repo, ref: "heads/main", sha: side.data.sha }));
    expect(refused).toMatchObject({ status: 422, message: expect.stringContaining("Update is not a fast forward") });
    await o.git.updateRef({ ...repo, ref: "heads/main", sha: side.data.sha, force: true });
    expect((await o.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha).toBe(side.data.sha);
    expect((await statusOf(o.git.createRef({ ...repo, ref: "refs/heads/main", sha: main }))).status).toBe(422);
    expect((await statusOf(o.git.updateRef({ ...repo, ref: "heads/nope", sha: main }))).status).toBe(422);
    await o.git.createRef({ ...repo, ref: "refs/heads/tmp", sha: main });
    await o.git.deleteRef({ ...repo, ref: "heads/tmp" });
    expect((await statusOf(o.git.getRef({ ...repo, ref: "heads/tmp" }))).status).toBe(404);
  });

  it("refuses workflow file changes from a token without the workflow scope", async () => {
    h = await startHarness();
    const o = h.client(TOKENS.noWorkflow);
    const repo = { owner: "acme", repo: "api" };
    const main = (await o.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    const base = (await o.git.getCommit({ ...repo, commit_sha: main })).data.tree.sha;
    const change = async (path: string) => {
      const tree = await o.git.createTree({ ...repo, base_tree: base, tree: [{ path, mode: "100644", type: "blob", content: "x\n" }] });
      return (await o.git.createCommit({ ...repo, message: "edit", tree: tree.data.sha, parents: [main] })).data.sha;
    };
    const refused = await statusOf(o.git.createRef({ ...repo, ref: "refs/heads/wf", sha: await change(".github/workflows/deploy.yml") }));
    expect(refused).toMatchObject({ status: 422, message: expect.stringContaining("without `workflow` scope") });
    await o.git.createRef({ ...repo, ref: "refs/heads/docs", sha: await change("docs/readme.md") });
  });

  it("reports truncated for recursive trees past the limit and 409 for an empty repository", async () => {
    h = await startHarness({ treeEntryLimit: 3 });
    const o = h.client();
    const tree = await o.git.getTree({ owner: "acme", repo: "api", tree_sha: "main", recursive: "1" });
    expect(tree.data.truncated).toBe(true);
    expect(tree.data.tree).toHaveLength(3);
    expect((await statusOf(o.git.getRef({ owner: "acme", repo: "empty", ref: "heads/main" }))).status).toBe(409);
  });

  it("commits direct edits of repo.files so every API sees them", async () => {
    h = await startHarness();
    const o = h.client();
    const before = (await o.git.getRef({ owner: "acme", repo: "api", ref: "heads/main" })).data.object.sha;
    h.world.github.repos.find((r) => r.name === "api")!.files["NEW.md"] = "new\n";
    const after = (await o.git.getRef({ owner: "acme", repo: "api", ref: "heads/main" })).data.object.sha;
    expect(after).not.toBe(before);
    expect((await o.git.getCommit({ owner: "acme", repo: "api", commit_sha: after })).data.parents[0]?.sha).toBe(before);
  });
});

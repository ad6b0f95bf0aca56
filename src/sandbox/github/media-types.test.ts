// The GitHub fake answers the media types GitHub documents for the routes it serves, through the
// real @octokit/rest as a client asks for them (mediaType.format), and 415 for the rest.
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGithubFake, type GithubFake } from "./server.js";
import { testWorld, TOKENS } from "../../../test/support/sandbox/github-world.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let fake: GithubFake;
let octokit: Octokit;
const repo = { owner: "acme", repo: "api" };

beforeAll(async () => {
  fake = await startGithubFake(testWorld());
  octokit = new Octokit({ baseUrl: fake.url, auth: TOKENS.admin, log: quiet });
});
afterAll(async () => {
  await fake?.close();
});

const get = (path: string, accept: string) => fetch(`${fake.url}${path}`, { headers: { authorization: `token ${TOKENS.admin}`, accept } });

describe("GitHub fake media types", () => {
  it("contents: raw+json answers the file's bytes, the default the JSON object with base64 content", async () => {
    const raw = await octokit.repos.getContent({ ...repo, path: "README.md", mediaType: { format: "raw" } });
    expect(raw.data).toBe("# api\n");
    expect(raw.headers["x-github-media-type"]).toBe("github.v3; param=raw");
    const json = await octokit.repos.getContent({ ...repo, path: "README.md" });
    expect(Buffer.from((json.data as { content: string }).content, "base64").toString()).toBe("# api\n");
    const plain = await get("/repos/acme/api/contents/README.md", "application/vnd.github.raw");
    expect(await plain.text()).toBe("# api\n");
  });

  it("contents: object+json answers a directory as one object with its entries", async () => {
    const listing = await octokit.repos.getContent({ ...repo, path: ".github" });
    expect(Array.isArray(listing.data)).toBe(true);
    const object = await octokit.repos.getContent({ ...repo, path: ".github", mediaType: { format: "object" } });
    const data = object.data as unknown as { type: string; path: string; entries: Array<{ name: string }> };
    expect(data).toMatchObject({ type: "dir", path: ".github" });
    expect(data.entries.map((e) => e.name)).toEqual((listing.data as Array<{ name: string }>).map((e) => e.name));
  });

  it("blobs: raw answers the blob's bytes", async () => {
    const file = await octokit.repos.getContent({ ...repo, path: "README.md" });
    const raw = await octokit.git.getBlob({ ...repo, file_sha: (file.data as { sha: string }).sha, mediaType: { format: "raw" } });
    expect(Buffer.from(raw.data as unknown as ArrayBuffer).toString()).toBe("# api\n");
  });

  it("pulls: diff and patch answer the change as git prints it", async () => {
    const head = (await octokit.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    const base = await octokit.git.getCommit({ ...repo, commit_sha: head });
    const blob = await octokit.git.createBlob({ ...repo, content: "# api\nmore\n", encoding: "utf-8" });
    const tree = await octokit.git.createTree({ ...repo, base_tree: base.data.tree.sha, tree: [{ path: "README.md", mode: "100644", type: "blob", sha: blob.data.sha }] });
    const commit = await octokit.git.createCommit({ ...repo, message: "More readme\n\nWhy it matters.", tree: tree.data.sha, parents: [head] });
    await octokit.git.createRef({ ...repo, ref: "refs/heads/media", sha: commit.data.sha });
    const pull = await octokit.pulls.create({ ...repo, head: "media", base: "main", title: "More" });
    const diff = await octokit.pulls.get({ ...repo, pull_number: pull.data.number, mediaType: { format: "diff" } });
    expect(diff.data as unknown as string).toMatch(/^diff --git a\/README\.md b\/README\.md\nindex [0-9a-f]{7}\.\.[0-9a-f]{7} 100644\n--- a\/README\.md\n\+\+\+ b\/README\.md\n@@ -1 \+1,2 @@\n # api\n\+more\n$/);
    const patch = await octokit.pulls.get({ ...repo, pull_number: pull.data.number, mediaType: { format: "patch" } });
    expect(patch.data as unknown as string).toMatch(new RegExp(`^From ${commit.data.sha} Mon Sep 17 00:00:00 2001\\nFrom: .+\\nDate: .+\\nSubject: \\[PATCH\\] More readme\\n\\nWhy it matters\\.\\n---\\ndiff --git a/README.md`));
  });

  it("answers 415 as GitHub does for a type the route does not serve, and JSON for any JSON type", async () => {
    const refused = await get("/repos/acme/api", "application/vnd.github.diff");
    expect(refused.status).toBe(415);
    expect(await refused.json()).toMatchObject({ message: "Unsupported 'Accept' header: 'application/vnd.github.diff'. Must accept 'application/json'.", documentation_url: "https://docs.github.com/v3/media" });
    expect((await get("/repos/acme/api/contents/README.md", "application/vnd.github.patch")).status).toBe(415);
    for (const accept of ["application/vnd.github+json", "application/json", "*/*", "application/vnd.github.v3.raw+json, application/json"]) {
      expect((await get("/repos/acme/api", accept)).status).toBe(200);
    }
  });
});

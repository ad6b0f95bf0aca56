// GET /repos/{owner}/{repo}/contents/{path}: a file (base64, wrapped as GitHub wraps it) or a
// directory listing, read from the git store at `?ref=` or the default branch.

import { wanted } from "../media-types.js";
import type { components } from "@octokit/openapi-types";
import { apiUrl, HttpError, htmlUrl, notFound, type Ctx } from "../context.js";
import type { PathEntry } from "../git-store.js";
import { requireRepo } from "../lookup.js";
import { gitFor } from "../repo-git.js";
import type { Route } from "../router.js";

type S = components["schemas"];
type DirectoryItem = S["content-directory"][number];

/** GitHub serves file content only up to 1 MB through this endpoint; larger files get encoding "none". */
const MAX_INLINE_BYTES = 1024 * 1024;

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

function wrapBase64(data: Buffer): string {
  const encoded = data.toString("base64");
  return encoded.length === 0 ? "" : `${encoded.match(/.{1,60}/g)!.join("\n")}\n`;
}

function item(ctx: Ctx, fullName: string, ref: string, entry: PathEntry, size: number): DirectoryItem {
  const type: DirectoryItem["type"] = entry.type === "tree" ? "dir" : entry.type === "commit" ? "submodule" : entry.mode === "120000" ? "symlink" : "file";
  const self = apiUrl(ctx.state, `/repos/${fullName}/contents/${encodePath(entry.path)}?ref=${encodeURIComponent(ref)}`);
  const git = apiUrl(ctx.state, `/repos/${fullName}/git/${entry.type === "tree" ? "trees" : "blobs"}/${entry.sha}`);
  const html = htmlUrl(ctx.state, `${fullName}/${entry.type === "tree" ? "tree" : "blob"}/${ref}/${encodePath(entry.path)}`);
  return {
    type,
    size,
    name: entry.path.split("/").pop() ?? entry.path,
    path: entry.path,
    sha: entry.sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: type === "file" ? `${ctx.state.baseUrl}/raw/${fullName}/${ref}/${encodePath(entry.path)}` : null,
    _links: { self, git, html },
  };
}

export const contentRoutes: Route[] = [
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/contents/{path}",
    accepted: [],
    media: ["raw", "object"],
    handler: (ctx) => {
      const repo = requireRepo(ctx);
      const store = gitFor(ctx.state, repo);
      const ref = ctx.query.get("ref") ?? repo.defaultBranch;
      if (store.refs.size === 0) {
        throw new HttpError(404, "This repository is empty.");
      }
      const commit = store.resolve(ref, repo.defaultBranch);
      const tree = commit ? store.treeOf(commit) : undefined;
      if (!tree) {
        throw new HttpError(404, `No commit found for the ref ${ref}`);
      }
      const path = (ctx.params["path"] ?? "").replace(/^\/+|\/+$/g, "");
      const entry = store.lookup(tree, path);
      if (!entry) {
        throw notFound();
      }
      const as = wanted(ctx.accept ?? [], ["raw", "object"]);
      if (entry.type === "tree") {
        const body: S["content-directory"] = (store.tree(entry.sha) ?? []).map((child) => {
          const childEntry = store.lookup(tree, path ? `${path}/${child.name}` : child.name)!;
          const size = childEntry.type === "blob" ? (store.blob(child.sha)?.length ?? 0) : 0;
          return item(ctx, repo.fullName, ref, childEntry, size);
        });
        // object: the directory as one object with its listing under `entries` (content-tree).
        if (as === "object") return { body: { ...item(ctx, repo.fullName, ref, entry, 0), type: "dir", entries: body } satisfies S["content-tree"] };
        return { body };
      }
      const data = store.blob(entry.sha) ?? Buffer.alloc(0);
      const inline = data.length <= MAX_INLINE_BYTES;
      const base = item(ctx, repo.fullName, ref, entry, data.length);
      const body: S["content-file"] = {
        ...base,
        type: "file",
        encoding: inline ? "base64" : "none",
        content: inline ? wrapBase64(data) : "",
      };
      // raw: the file's bytes (up to GitHub's 100 MB) instead of the JSON object.
      if (as === "raw" && entry.mode !== "120000") return { body, representation: { contentType: "application/vnd.github.raw; charset=utf-8", data, param: "param=raw" } };
      return { body };
    },
  },
];

// Content hashes computed locally, so that "is the branch already what we plan?" needs only reads:
// git's blob id of a file, and the plan hash that the PR marker and the state record carry.
import { createHash } from "node:crypto";
import { gitBlobSha } from "../../core/git-blob.js";

export { gitBlobSha };

/** Hash of what a branch holds: each file's blob id and each deletion, in path order. */
export function planHashOf(files: ReadonlyArray<{ path: string; content: string }>, deletedFiles: readonly string[] = []): string {
  const entries = [...files.map((f) => `${f.path}\0${gitBlobSha(f.content)}`), ...deletedFiles.map((p) => `${p}\0-`)].sort();
  return createHash("sha256").update(`keyless-plan-v1\n${entries.join("\n")}`).digest("hex").slice(0, 16);
}

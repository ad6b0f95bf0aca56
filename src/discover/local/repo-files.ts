// Reads a checkout's other files for AWS keys (the files file-keys.ts names), bounded: folders walked
// with lstat and no link followed, files opened with O_NOFOLLOW, at most MAX_FILE_BYTES each, binaries
// skipped, and a cap on how much of a huge checkout is walked. Only where a key sits is kept.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { readFileNoFollow } from "../../core/no-follow.js";
import type { FileKey, Skip } from "../../inventory/schema.js";
import { keysInText, SKIPPED_DIRS, wantedFile } from "./file-keys.js";
import { entryType, SYMLINK_REASON } from "./read-checkout.js";

export const MAX_FILE_BYTES = 1024 * 1024;
/** Directory entries looked at per checkout, and folder depth: a monorepo is read partly, and says so. */
export const MAX_ENTRIES = 50_000;
export const MAX_DEPTH = 12;

export async function readRepoFileKeys(dir: string, repoName: string, skipped: Skip[]): Promise<FileKey[]> {
  const skip = (rel: string, code: string, reason: string) => skipped.push({ side: "github", target: `${repoName}/${rel}`, code, reason });
  const out: FileKey[] = [];
  let entries = 0;
  const queue: Array<{ rel: string; depth: number }> = [{ rel: "", depth: 0 }];
  while (queue.length > 0) {
    const { rel, depth } = queue.shift() as { rel: string; depth: number };
    const listed = await readdir(join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const e of listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (++entries > MAX_ENTRIES) {
        skip(rel || ".", "TooManyFiles", `more than ${MAX_ENTRIES} files and folders: the rest of the checkout was not read for keys`);
        return out;
      }
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (SKIPPED_DIRS.has(e.name) || path === ".github/workflows" || path === ".github/actions") continue;
        if (depth + 1 <= MAX_DEPTH) queue.push({ rel: path, depth: depth + 1 });
        continue;
      }
      if (!wantedFile(path)) continue;
      if (e.isSymbolicLink()) {
        skip(path, "Symlink", SYMLINK_REASON);
        continue;
      }
      if (!e.isFile()) continue;
      const read = readFileNoFollow(join(dir, path), MAX_FILE_BYTES);
      if (!read) skip(path, "Symlink", SYMLINK_REASON); // swapped for a link since it was listed
      else if (read.text === undefined) skip(path, "TooLarge", `larger than ${MAX_FILE_BYTES} bytes: not read for keys`);
      else if (!read.text.includes("\u0000")) out.push(...keysInText(path, read.text));
    }
  }
  return out;
}

/** .github/dependabot.yml (or .yaml), read like a workflow: a regular file, no link, within the size limit. */
export async function readDependabotConfig(dir: string): Promise<{ path: string; text: string } | undefined> {
  for (const path of [".github/dependabot.yml", ".github/dependabot.yaml"]) {
    if ((await entryType(join(dir, path))) !== "file") continue;
    const text = readFileNoFollow(join(dir, path), MAX_FILE_BYTES)?.text;
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

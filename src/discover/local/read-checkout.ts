// Reads one local checkout's workflow and action files without ever leaving it: every folder on the
// way is checked with lstat and every file opened with O_NOFOLLOW, so a committed link (to another
// repository, to ~/.aws/credentials) is reported as skipped, never read.
import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import { readFileNoFollow } from "../../core/no-follow.js";
import type { Skip, WorkflowFile } from "../../inventory/schema.js";
import { MAX_WORKFLOW_BYTES } from "../github/repos.js";

export const SYMLINK_REASON = "a symbolic link: keyless reads and writes nothing through links, which can point outside the checkout";

export type Entry = "dir" | "file" | "link" | "other" | "missing";

export async function entryType(path: string): Promise<Entry> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return "missing";
  return info.isSymbolicLink() ? "link" : info.isDirectory() ? "dir" : info.isFile() ? "file" : "other";
}

/** owner/name from a remote URL (https, ssh or scp-like), or undefined. */
export function repoNameFromRemote(url: string): string | undefined {
  const m = /(?:[:/])([^/:\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(url.trim());
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/** The `origin` remote's owner/name from .git/config, read only when neither .git nor config is a link. */
export async function originName(dir: string): Promise<string | undefined> {
  if ((await entryType(join(dir, ".git"))) !== "dir") return undefined;
  const config = readFileNoFollow(join(dir, ".git", "config"), 1024 * 1024)?.text;
  if (!config) return undefined;
  const section = /\[remote "origin"\]([^[]*)/.exec(config)?.[1] ?? "";
  const url = /^\s*url\s*=\s*(.+)$/m.exec(section)?.[1];
  return url ? repoNameFromRemote(url) : undefined;
}

/** Workflows (.github/workflows/*.yml|yaml) and actions (.github/actions/<name>/action.yml|yaml). */
export async function readCheckout(dir: string, repoName: string, skipped: Skip[]): Promise<WorkflowFile[]> {
  const skip = (rel: string, code: string, reason: string) => skipped.push({ side: "github", target: `${repoName}/${rel}`, code, reason });
  // In reading order; `link` ones are reported, not read.
  const found: Array<{ rel: string; link: boolean }> = [];
  const listDir = async (rel: string) => {
    const type = await entryType(join(dir, rel));
    if (type === "link") skip(rel, "Symlink", SYMLINK_REASON);
    return type === "dir" ? (await readdir(join(dir, rel), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : [];
  };
  for (const e of await listDir(".github/workflows")) {
    if (/\.ya?ml$/i.test(e.name) && (e.isSymbolicLink() || e.isFile())) found.push({ rel: `.github/workflows/${e.name}`, link: e.isSymbolicLink() });
  }
  for (const e of await listDir(".github/actions")) {
    const rel = `.github/actions/${e.name}`;
    if (e.isSymbolicLink()) skip(rel, "Symlink", SYMLINK_REASON);
    if (!e.isDirectory()) continue;
    for (const name of ["action.yml", "action.yaml"]) {
      const type = await entryType(join(dir, rel, name));
      if (type === "link" || type === "file") found.push({ rel: `${rel}/${name}`, link: type === "link" });
    }
  }
  const out: WorkflowFile[] = [];
  for (const { rel, link } of found) {
    const read = link ? undefined : readFileNoFollow(join(dir, rel), MAX_WORKFLOW_BYTES);
    if (link || !read) {
      // Not read: a link, or a file swapped for one since it was listed.
      skip(rel, "Symlink", SYMLINK_REASON);
      out.push({ path: rel, size: 0, skipped: SYMLINK_REASON });
    } else if (read.text === undefined) {
      const reason = `larger than ${MAX_WORKFLOW_BYTES} bytes`;
      skip(rel, "TooLarge", reason);
      out.push({ path: rel, size: read.size, skipped: reason });
    } else {
      out.push({ path: rel, size: read.size, text: read.text });
    }
  }
  return out;
}

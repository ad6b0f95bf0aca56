// A content-addressed git object store: blobs, trees and commits hashed exactly as git hashes
// them (SHA-1 of "<type> <size>\0<body>"), plus refs. One store per repository.

import { createHash } from "node:crypto";

export type ObjectType = "blob" | "tree" | "commit";

export interface TreeEntry {
  /** Git's tree-object mode: "100644", "100755", "120000", "160000" or "40000" for a tree. */
  mode: string;
  name: string;
  sha: string;
}

export interface Person {
  name: string;
  email: string;
  /** ISO-8601. */
  date: string;
}

export interface CommitData {
  tree: string;
  parents: string[];
  author: Person;
  committer: Person;
  message: string;
}

export interface PathEntry {
  path: string;
  mode: string;
  type: ObjectType;
  sha: string;
}

interface StoredObject {
  type: ObjectType;
  data: Buffer;
  tree?: TreeEntry[];
  commit?: CommitData;
}

export function typeOfMode(mode: string): ObjectType {
  if (mode === "40000" || mode === "040000") {
    return "tree";
  }
  return mode === "160000" ? "commit" : "blob";
}

/** Git orders tree entries by name bytes, a tree's name compared as if it ended with "/". */
function sortKey(entry: TreeEntry): Buffer {
  return Buffer.from(typeOfMode(entry.mode) === "tree" ? `${entry.name}/` : entry.name, "utf8");
}

function formatPerson(person: Person): string {
  const seconds = Math.floor(Date.parse(person.date) / 1000);
  return `${person.name} <${person.email}> ${seconds} +0000`;
}

export class GitStore {
  private readonly objects = new Map<string, StoredObject>();
  readonly refs = new Map<string, string>();

  private put(type: ObjectType, data: Buffer, parsed: Partial<StoredObject> = {}): string {
    const header = Buffer.from(`${type} ${data.length}\0`, "utf8");
    const sha = createHash("sha1").update(header).update(data).digest("hex");
    if (!this.objects.has(sha)) {
      this.objects.set(sha, { type, data, ...parsed });
    }
    return sha;
  }

  putBlob(content: Buffer | string): string {
    return this.put("blob", typeof content === "string" ? Buffer.from(content, "utf8") : content);
  }

  putTree(entries: TreeEntry[]): string {
    const sorted = [...entries].sort((a, b) => Buffer.compare(sortKey(a), sortKey(b)));
    const parts = sorted.map((e) =>
      Buffer.concat([Buffer.from(`${e.mode === "040000" ? "40000" : e.mode} ${e.name}\0`, "utf8"), Buffer.from(e.sha, "hex")]),
    );
    return this.put("tree", Buffer.concat(parts), { tree: sorted });
  }

  putCommit(commit: CommitData): string {
    const lines = [`tree ${commit.tree}`, ...commit.parents.map((p) => `parent ${p}`)];
    lines.push(`author ${formatPerson(commit.author)}`, `committer ${formatPerson(commit.committer)}`);
    const text = `${lines.join("\n")}\n\n${commit.message}`;
    return this.put("commit", Buffer.from(text, "utf8"), { commit });
  }

  has(sha: string): boolean {
    return this.objects.has(sha);
  }

  typeOf(sha: string): ObjectType | undefined {
    return this.objects.get(sha)?.type;
  }

  blob(sha: string): Buffer | undefined {
    const object = this.objects.get(sha);
    return object?.type === "blob" ? object.data : undefined;
  }

  tree(sha: string): TreeEntry[] | undefined {
    const object = this.objects.get(sha);
    return object?.type === "tree" ? object.tree : undefined;
  }

  commit(sha: string): CommitData | undefined {
    const object = this.objects.get(sha);
    return object?.type === "commit" ? object.commit : undefined;
  }

  /** Builds nested trees from a flat path → content map; returns the root tree sha. */
  treeFromFiles(files: Record<string, Buffer | string>): string {
    const entries: Record<string, { mode: string; sha: string }> = {};
    for (const [path, content] of Object.entries(files)) {
      entries[path] = { mode: "100644", sha: this.putBlob(content) };
    }
    return this.treeFromPaths(entries);
  }

  /** Builds nested trees from a flat path → (mode, sha) map of non-tree entries. */
  treeFromPaths(paths: Record<string, { mode: string; sha: string }>): string {
    interface Dir { entries: TreeEntry[]; dirs: Map<string, Dir> }
    const root: Dir = { entries: [], dirs: new Map() };
    for (const [path, { mode, sha }] of Object.entries(paths)) {
      const parts = path.split("/").filter((p) => p.length > 0);
      const name = parts.pop();
      if (name === undefined) {
        continue;
      }
      let dir = root;
      for (const part of parts) {
        let next = dir.dirs.get(part);
        if (!next) {
          next = { entries: [], dirs: new Map() };
          dir.dirs.set(part, next);
        }
        dir = next;
      }
      dir.entries.push({ mode, name, sha });
    }
    const write = (dir: Dir): string => {
      const subtrees = [...dir.dirs].map(([name, sub]) => ({ mode: "40000", name, sha: write(sub) }));
      return this.putTree([...dir.entries, ...subtrees]);
    };
    return write(root);
  }

  /** Flat path → (mode, sha) of every non-tree entry under a tree. */
  pathsOf(treeSha: string): Record<string, { mode: string; sha: string }> {
    const out: Record<string, { mode: string; sha: string }> = {};
    for (const entry of this.walk(treeSha)) {
      if (entry.type !== "tree") {
        out[entry.path] = { mode: entry.mode, sha: entry.sha };
      }
    }
    return out;
  }

  /** Every entry under a tree, depth first, trees before their contents (as `git ls-tree -r -t`). */
  walk(treeSha: string, prefix = ""): PathEntry[] {
    const out: PathEntry[] = [];
    for (const entry of this.tree(treeSha) ?? []) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      const type = typeOfMode(entry.mode);
      out.push({ path, mode: entry.mode, type, sha: entry.sha });
      if (type === "tree") {
        out.push(...this.walk(entry.sha, path));
      }
    }
    return out;
  }

  /** The entry at `path` under a tree ("" is the tree itself). */
  lookup(treeSha: string, path: string): PathEntry | undefined {
    const parts = path.split("/").filter((p) => p.length > 0);
    let current: PathEntry = { path: "", mode: "40000", type: "tree", sha: treeSha };
    for (const part of parts) {
      if (current.type !== "tree") {
        return undefined;
      }
      const entry = this.tree(current.sha)?.find((e) => e.name === part);
      if (!entry) {
        return undefined;
      }
      current = { path: current.path ? `${current.path}/${part}` : part, mode: entry.mode, type: typeOfMode(entry.mode), sha: entry.sha };
    }
    return current;
  }

  /** True when `ancestor` is reachable from `descendant` through parents. */
  isAncestor(ancestor: string, descendant: string): boolean {
    const seen = new Set<string>();
    const stack = [descendant];
    while (stack.length > 0) {
      const sha = stack.pop()!;
      if (sha === ancestor) {
        return true;
      }
      if (!seen.has(sha)) {
        seen.add(sha);
        stack.push(...(this.commit(sha)?.parents ?? []));
      }
    }
    return false;
  }

  /** Nearest common ancestor of two commits (first found breadth-first from `b`). */
  mergeBase(a: string, b: string): string | undefined {
    const queue = [b];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const sha = queue.shift()!;
      if (seen.has(sha)) {
        continue;
      }
      seen.add(sha);
      if (this.isAncestor(sha, a)) {
        return sha;
      }
      queue.push(...(this.commit(sha)?.parents ?? []));
    }
    return undefined;
  }

  /**
   * Resolves a revision as rev-parse would for the forms clients use: a full or abbreviated sha,
   * "HEAD", a branch or tag name, or a full ref name.
   */
  resolve(rev: string, head: string): string | undefined {
    if (rev === "HEAD") {
      return this.refs.get(`refs/heads/${head}`);
    }
    for (const name of [rev, `refs/heads/${rev}`, `refs/tags/${rev}`]) {
      const sha = this.refs.get(name);
      if (sha) {
        return sha;
      }
    }
    if (/^[0-9a-f]{40}$/.test(rev)) {
      return this.objects.has(rev) ? rev : undefined;
    }
    if (/^[0-9a-f]{4,39}$/.test(rev)) {
      const matches = [...this.objects.keys()].filter((sha) => sha.startsWith(rev));
      return matches.length === 1 ? matches[0] : undefined;
    }
    return undefined;
  }

  /** The tree sha of a commit, or the tree itself when given a tree sha. */
  treeOf(sha: string): string | undefined {
    return this.commit(sha)?.tree ?? (this.typeOf(sha) === "tree" ? sha : undefined);
  }
}

// A pull request as `application/vnd.github.diff` (git's unified diff from the merge base to the
// head) and `application/vnd.github.patch` (one mbox message per commit, as git format-patch).
import { createTwoFilesPatch } from "diff";
import type { GitStore } from "./git-store.js";

function treeDiff(store: GitStore, from: string | undefined, to: string | undefined): string {
  const [a, b] = [from, to].map((c) => (c ? store.pathsOf(store.treeOf(c) ?? "") : {})) as [Record<string, { mode: string; sha: string }>, Record<string, { mode: string; sha: string }>];
  const paths = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((p) => a[p]?.sha !== b[p]?.sha).sort();
  return paths
    .map((path) => {
      const before = a[path];
      const after = b[path];
      const text = (e: typeof before) => (e ? (store.blob(e.sha)?.toString("utf8") ?? "") : "");
      const head = [`diff --git a/${path} b/${path}`];
      if (!before) head.push(`new file mode ${after!.mode}`, `index 0000000..${after!.sha.slice(0, 7)}`);
      else if (!after) head.push(`deleted file mode ${before.mode}`, `index ${before.sha.slice(0, 7)}..0000000`);
      else head.push(`index ${before.sha.slice(0, 7)}..${after.sha.slice(0, 7)} ${after.mode}`);
      // createTwoFilesPatch's own header ("Index:", "===") is replaced by git's.
      const body = createTwoFilesPatch(before ? `a/${path}` : "/dev/null", after ? `b/${path}` : "/dev/null", text(before), text(after), undefined, undefined, { context: 3 })
        .split("\n")
        .filter((l) => !/^(Index: |={10,})/.test(l))
        .map((l) => l.replace(/^(---|\+\+\+) (\S+)\t$/, "$1 $2").replace(/^@@ -(\d+),1 \+(\d+)(,\d+)? @@/, "@@ -$1 +$2$3 @@").replace(/^(@@ -\d+(?:,\d+)?) \+(\d+),1 @@/, "$1 +$2 @@"))
        .join("\n");
      return `${head.join("\n")}\n${body}`;
    })
    .join("");
}

export function pullDiff(store: GitStore, ancestor: string | undefined, head: string | undefined): string {
  return treeDiff(store, ancestor, head);
}

export function pullPatch(store: GitStore, ancestor: string | undefined, head: string | undefined): string {
  const commits: string[] = [];
  for (let sha = head; sha && sha !== ancestor && commits.length < 250; sha = store.commit(sha)?.parents[0]) commits.push(sha);
  return commits
    .reverse()
    .map((sha, i) => {
      const c = store.commit(sha)!;
      const [subject = "", ...rest] = c.message.split("\n");
      const n = commits.length > 1 ? ` ${i + 1}/${commits.length}` : "";
      return [
        `From ${sha} Mon Sep 17 00:00:00 2001`,
        `From: ${c.author.name} <${c.author.email}>`,
        `Date: ${new Date(c.author.date).toUTCString()}`,
        `Subject: [PATCH${n}] ${subject}`,
        "",
        `${rest.join("\n").trim()}${rest.join("").trim() ? "\n" : ""}---`,
        treeDiff(store, c.parents[0], sha),
      ].join("\n");
    })
    .join("\n");
}

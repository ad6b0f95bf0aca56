// Carrying out a decision: blobs → tree (on the base's tree) → one commit → branch → pull request,
// each request awaited before the next (GitHub asks for content-creating requests one at a time),
// and the state recorded as soon as each thing exists, so a crash never loses track of a branch or PR.
import { KeylessError } from "../../core/errors.js";
import { terminalSafe } from "../../core/terminal.js";
import type { PrRecord, StateStore } from "../../state/store.js";
import { httpStatus, type Person, type PublishApi, type PullInfo } from "./api.js";
import type { ChangeFile, ChangeSet } from "./change-set.js";
import { exactAfter } from "./exact-bytes.js";
import { gitBlobSha } from "./hash.js";
import type { Base, Decision } from "./inspect.js";
import { commitTrailer } from "./marker.js";
import { touchesWorkflows, type TreeChanges } from "./tree-diff.js";

export interface ExecuteContext {
  api: PublishApi;
  store: StateStore;
  now: () => Date;
  author?: Person;
}

export type WriteOutcome = "opened" | "updated" | "completed" | "body-updated" | "unchanged";

export interface Written {
  outcome: WriteOutcome;
  pr: PullInfo;
  headSha: string;
  /** What did not go through after the PR was opened (a label, a reviewer). */
  warnings?: string[];
}

/** GitHub's answers when a token may write contents but not workflow files. */
function isWorkflowRefusal(error: unknown): boolean {
  const status = httpStatus(error);
  const message = String((error as { message?: unknown }).message ?? "");
  if (status === 422 || status === 403) {
    return /workflow/i.test(message) || (status === 403 && /not accessible by (personal access token|integration)/i.test(message));
  }
  return false;
}

function workflowPermissionError(cs: ChangeSet, error: unknown): KeylessError {
  return new KeylessError(
    "MissingWorkflowPermission",
    `GitHub refused to write workflow files to ${cs.repo}: the token lacks the Workflows permission (fine-grained token or GitHub App) or the workflow scope (classic). Stopped before any other repository.`,
    "Give the token Workflows: read and write (fine-grained), or the workflow scope (classic), or the app the workflows permission; then run again: keyless picks up where it stopped.",
    { cause: error },
  );
}

export function commitMessage(cs: ChangeSet): string {
  // A path is a repository's text: a line break in it could forge a line (a trailer), a control
  // character would act on the terminal of whoever runs git log. Each path stays one visible line.
  const paths = cs.files.map((f) => `- ${terminalSafe(f.path.replace(/\n/g, "\\n").replace(/\r/g, "\\r"))}`).join("\n");
  const what = cs.kind === "terraform" ? "IAM roles for the GitHub OIDC migration" : "Assume AWS roles with GitHub OIDC instead of access keys";
  return `${what}\n\n${paths}\n\n${commitTrailer(cs.planHash)}\n`;
}

async function writeCommit(ctx: ExecuteContext, cs: ChangeSet, base: Base, changes: TreeChanges): Promise<string> {
  const entries: Array<{ path: string; mode: string; sha: string | null }> = [];
  for (const [path, change] of [...changes].sort((a, b) => a[0].localeCompare(b[0]))) {
    const file = cs.files.find((f) => f.path === path);
    entries.push({ path, mode: change.mode, sha: file ? await ctx.api.createBlob(cs.repo, await exactContent(ctx, cs, base, file)) : null });
  }
  const tree = await ctx.api.createTree(cs.repo, base.tree, entries);
  return ctx.api.createCommit(cs.repo, { message: commitMessage(cs), tree, parents: [base.sha], ...(ctx.author ? { author: ctx.author } : {}) });
}

/**
 * What is written for a file: its planned content, or, where the scan kept the file masked, the
 * edit applied to the base's real bytes (read again now, and the blob the scan saw).
 */
async function exactContent(ctx: ExecuteContext, cs: ChangeSet, base: Base, file: ChangeFile): Promise<string> {
  if (!file.maskedSha || typeof file.before !== "string") return file.content;
  const where = `${cs.repo}: ${file.path}`;
  const current = base.entries.get(file.path)?.sha;
  const real = current === file.maskedSha ? await ctx.api.blob(cs.repo, current) : undefined;
  if (real === undefined || gitBlobSha(real) !== file.maskedSha) {
    throw new KeylessError("FileChangedSinceScan", `${where} changed on ${cs.baseBranch} since the scan: not written.`, "Run the audit again, then keyless pr.");
  }
  const exact = exactAfter(where, file.before, file.content, real);
  if (exact !== file.content) {
    throw new KeylessError("FileChangedSinceScan", `The patch of ${where} does not apply to the file's real bytes: not written.`, "Run the audit again, then keyless pr.");
  }
  return exact;
}

/** Moves (or creates) the branch; a refusal to touch workflow files stops the whole run. */
async function pointBranch(ctx: ExecuteContext, cs: ChangeSet, sha: string, expected: string | undefined): Promise<void> {
  try {
    if (expected === undefined) {
      await ctx.api.createBranch(cs.repo, cs.branch, sha);
    } else {
      // Checked again right before the forced move: a push since the inspection is a human's.
      const now = await ctx.api.branchHead(cs.repo, cs.branch);
      if (now !== expected) throw new KeylessError("BranchMoved", `${cs.branch} of ${cs.repo} moved while keyless was writing: left alone.`, "Run keyless pr again to see who pushed.");
      await ctx.api.moveBranch(cs.repo, cs.branch, sha);
    }
  } catch (error) {
    if (touchesWorkflows(cs) && isWorkflowRefusal(error)) throw workflowPermissionError(cs, error);
    throw error;
  }
  const at = ctx.now().toISOString();
  ctx.store.transaction(() => {
    ctx.store.recordBranch({ repo: cs.repo, branch: cs.branch, headSha: sha, planHash: cs.planHash, at });
    const known = ctx.store.getPr(cs.repo, cs.branch);
    if (known && known.state === "open") ctx.store.upsertPr({ ...known, headSha: sha, planHash: cs.planHash, updatedAt: at });
  });
}

export function prRecord(cs: ChangeSet, pr: PullInfo, headSha: string, known: PrRecord | undefined, at: string): PrRecord {
  return {
    repo: cs.repo,
    number: pr.number,
    url: pr.url,
    branch: cs.branch,
    baseBranch: pr.baseRef,
    headSha,
    planHash: cs.planHash,
    state: pr.merged ? "merged" : pr.state,
    openedAt: known?.number === pr.number ? known.openedAt : pr.createdAt,
    updatedAt: at,
    ...(pr.mergedAt ? { mergedAt: pr.mergedAt } : {}),
    ...(pr.mergeSha ? { mergeSha: pr.mergeSha } : {}),
    ...(pr.state === "closed" && !pr.merged ? { optedOut: true } : {}),
    kind: cs.kind,
  };
}

async function openPull(ctx: ExecuteContext, cs: ChangeSet, headSha: string): Promise<{ pr: PullInfo; warnings?: string[] }> {
  const pr = await ctx.api.createPull(cs.repo, { title: cs.title, body: cs.body, head: cs.branch, base: cs.baseBranch, draft: cs.draft ?? false });
  ctx.store.upsertPr(prRecord(cs, pr, headSha, undefined, ctx.now().toISOString()));
  // Labels and reviewers only at creation: a team that removes a label or a reviewer is not
  // overruled. The PR exists by now, so a refusal here is a warning, not a failure.
  const warnings: string[] = [];
  const attempt = async (what: string, call: () => Promise<void>) => {
    try {
      await call();
    } catch (error) {
      warnings.push(`${what} not set: ${String((error as Error).message).split("\n")[0]}`);
    }
  };
  if (cs.labels?.length) await attempt("labels", () => ctx.api.addLabels(cs.repo, pr.number, cs.labels ?? []));
  if (cs.reviewers?.length) await attempt("reviewers", () => ctx.api.requestReviewers(cs.repo, pr.number, cs.reviewers ?? []));
  return { pr, ...(warnings.length ? { warnings } : {}) };
}

export async function execute(ctx: ExecuteContext, cs: ChangeSet, decision: Exclude<Decision, { action: "skip" }>): Promise<Written> {
  const at = () => ctx.now().toISOString();
  switch (decision.action) {
    case "unchanged": {
      ctx.store.upsertPr(prRecord(cs, decision.pr, decision.headSha, ctx.store.getPr(cs.repo, cs.branch), at()));
      return { outcome: "unchanged", pr: decision.pr, headSha: decision.headSha };
    }
    case "update-body": {
      const pr = await ctx.api.updatePull(cs.repo, decision.pr.number, { title: cs.title, body: cs.body });
      ctx.store.upsertPr(prRecord(cs, pr, decision.headSha, ctx.store.getPr(cs.repo, cs.branch), at()));
      return { outcome: "body-updated", pr, headSha: decision.headSha };
    }
    case "create-pr": {
      if (!ctx.store.getBranch(cs.repo, cs.branch)) ctx.store.recordBranch({ repo: cs.repo, branch: cs.branch, headSha: decision.headSha, planHash: cs.planHash, at: at() });
      return { outcome: "completed", ...(await openPull(ctx, cs, decision.headSha)), headSha: decision.headSha };
    }
    case "open": {
      const sha = await writeCommit(ctx, cs, decision.base, decision.changes);
      await pointBranch(ctx, cs, sha, undefined);
      return { outcome: "opened", ...(await openPull(ctx, cs, sha)), headSha: sha };
    }
    case "rewrite": {
      const sha = await writeCommit(ctx, cs, decision.base, decision.changes);
      await pointBranch(ctx, cs, sha, decision.headSha);
      if (!decision.pr) return { outcome: "updated", ...(await openPull(ctx, cs, sha)), headSha: sha };
      const pr = await ctx.api.updatePull(cs.repo, decision.pr.number, { title: cs.title, body: cs.body });
      ctx.store.upsertPr(prRecord(cs, pr, sha, ctx.store.getPr(cs.repo, cs.branch), at()));
      return { outcome: "updated", pr, headSha: sha };
    }
  }
}

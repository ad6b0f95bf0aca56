// What publishing one change set needs to do, decided from reads only (the dry run stops here):
// find keyless's PR by branch and marker, tell keyless's branch from one a human pushed to, and
// compare the planned tree with the branch's, so an unchanged plan writes nothing.
import type { StateStore } from "../../state/store.js";
import type { PublishApi, PullInfo, RepoInfo, TreeEntries } from "./api.js";
import type { ChangeSet } from "./change-set.js";
import { readCommitTrailer, readMarker } from "./marker.js";
import { driftedFiles, plannedChanges, sameChanges, sameEntries, treeChanges, withChanges, type TreeChanges } from "./tree-diff.js";

export type SkipOutcome = "not-found" | "archived" | "no-access" | "opted-out" | "merged" | "foreign-pr" | "human-pushed" | "base-changed" | "base-missing" | "nothing-to-change";

export interface Base {
  sha: string;
  tree: string;
  entries: TreeEntries;
}

export type Decision =
  | { action: "skip"; outcome: SkipOutcome; message: string; pr?: PullInfo }
  | { action: "unchanged"; pr: PullInfo; headSha: string }
  | { action: "update-body"; pr: PullInfo; headSha: string }
  /** The branch holds keyless's commit with the planned tree but no PR exists (a crash before the PR). */
  | { action: "create-pr"; headSha: string }
  | { action: "open"; base: Base; changes: TreeChanges }
  /** A new commit on top of the base replaces keyless's own commit on the branch. */
  | { action: "rewrite"; base: Base; changes: TreeChanges; headSha: string; pr?: PullInfo };

export interface InspectContext {
  api: PublishApi;
  store: StateStore;
  /** Commits whose author has this e-mail (and the trailer) count as keyless's when the state has no record. */
  authorEmail?: string;
  /** The token's classic scopes, when GitHub tells them. */
  scopes?: string[];
}

const short = (sha: string) => sha.slice(0, 7);

export function normalizeBody(body: string): string {
  return body.replace(/\r\n/g, "\n").trim();
}

async function baseOf(api: PublishApi, repo: string, sha: string): Promise<Base> {
  const commit = await api.commit(repo, sha);
  return { sha, tree: commit.tree, entries: await api.tree(repo, commit.tree) };
}

function accessProblem(info: RepoInfo | undefined, ctx: InspectContext): Decision | undefined {
  if (!info) return { action: "skip", outcome: "not-found", message: "not found, or the token cannot see it" };
  if (info.archived) return { action: "skip", outcome: "archived", message: "archived (read-only): retire its secrets instead" };
  if (info.canPush === false) return { action: "skip", outcome: "no-access", message: "the token cannot push to it (permissions.push is false): ask for write access" };
  if (info.private && ctx.scopes && !ctx.scopes.includes("repo")) return { action: "skip", outcome: "no-access", message: "private, and the token has no `repo` scope" };
  return undefined;
}

export async function inspect(ctx: InspectContext, cs: ChangeSet): Promise<Decision> {
  const { api, store } = ctx;
  const problem = accessProblem(await api.repo(cs.repo), ctx);
  if (problem) return problem;

  const pulls = await api.pullsFromBranch(cs.repo, cs.branch);
  const open = pulls.find((p) => p.state === "open");
  if (open && readMarker(open.body)?.kind !== cs.kind) {
    return { action: "skip", outcome: "foreign-pr", message: `#${open.number} from ${cs.branch} was not opened by keyless: left alone`, pr: open };
  }
  const latest = pulls.find((p) => readMarker(p.body)?.kind === cs.kind);
  // A merged PR of this same plan is done; a different plan after a merge (a fresh scan found more) goes on below.
  if (!open && latest?.merged && readMarker(latest.body)?.planHash === cs.planHash) return { action: "skip", outcome: "merged", message: `#${latest.number} was merged`, pr: latest };
  const record = store.getPr(cs.repo, cs.branch);
  if (!open && ((latest && latest.state === "closed" && !latest.merged) || record?.optedOut)) {
    const which = latest ? `#${latest.number}` : `#${record?.number}`;
    return { action: "skip", outcome: "opted-out", message: `${which} was closed without merging: opted out, not reopened`, ...(latest ? { pr: latest } : {}) };
  }

  const baseSha = await api.branchHead(cs.repo, cs.baseBranch);
  if (!baseSha) return { action: "skip", outcome: "base-missing", message: `its base branch ${cs.baseBranch} does not exist` };
  const base = await baseOf(api, cs.repo, baseSha);
  const changes = plannedChanges(cs, base.entries);
  const headSha = await api.branchHead(cs.repo, cs.branch);

  if (headSha) {
    const head = await api.commit(cs.repo, headSha);
    const known = store.getBranch(cs.repo, cs.branch)?.headSha ?? record?.headSha;
    // The state's record decides when there is one. Without it a message proves nothing (anyone can
    // write the trailer): the head must be exactly the commit keyless would write now, one parent
    // that is the base and the base's tree with the planned changes, so adopting it adds nothing.
    // A human's commit on top, or an amend, is never keyless's.
    const ours = known
      ? known === headSha
      : readCommitTrailer(head.message) !== undefined &&
        head.parents.length === 1 &&
        head.parents[0] === base.sha &&
        (!ctx.authorEmail || head.authorEmail === ctx.authorEmail) &&
        sameEntries(await api.tree(cs.repo, head.tree), withChanges(base.entries, changes));
    if (!ours) {
      return { action: "skip", outcome: "human-pushed", message: `someone else pushed to ${cs.branch} (head ${short(headSha)} is not keyless's last commit): left alone`, ...(open ? { pr: open } : {}) };
    }
    const parent = head.parents[0];
    const parentEntries = parent === base.sha ? base.entries : parent ? (await baseOf(api, cs.repo, parent)).entries : new Map();
    const current = treeChanges(parentEntries, await api.tree(cs.repo, head.tree));
    if (sameChanges(current, plannedChanges(cs, parentEntries))) {
      if (!open) return { action: "create-pr", headSha };
      const same = normalizeBody(open.body) === normalizeBody(cs.body) && open.title === cs.title;
      return same ? { action: "unchanged", pr: open, headSha } : { action: "update-body", pr: open, headSha };
    }
  }

  if (changes.size === 0) return { action: "skip", outcome: "nothing-to-change", message: `${cs.baseBranch} already holds these files`, ...(open ? { pr: open } : {}) };
  const drifted = driftedFiles(cs, base.entries);
  if (drifted.length > 0) {
    return { action: "skip", outcome: "base-changed", message: `${drifted.join(", ")} changed on ${cs.baseBranch} since the scan: run the audit again`, ...(open ? { pr: open } : {}) };
  }
  return headSha ? { action: "rewrite", base, changes, headSha, ...(open ? { pr: open } : {}) } : { action: "open", base, changes };
}

// Publishing change sets: preflight the token, refresh the PRs the state knows, inspect every repo
// (reads only), and — with `apply` — write each decision, one repository after another. Renovate's
// rules: same PR found again by branch and marker; nothing changed, nothing written; a branch
// someone else pushed to, or a PR closed unmerged, is left alone and reported.
import pLimit from "p-limit";
import { isKeylessError } from "../../core/errors.js";
import type { PrRecord, StateStore } from "../../state/store.js";
import type { Person, PublishApi, PullInfo } from "./api.js";
import type { ChangeSet } from "./change-set.js";
import { execute, prRecord, type WriteOutcome } from "./execute.js";
import { inspect, type Decision, type SkipOutcome } from "./inspect.js";
import { preflightToken, type TokenCheck } from "./preflight.js";

export type DryOutcome = "would-open" | "would-update" | "would-complete" | "would-update-body";
export type Outcome = WriteOutcome | DryOutcome | SkipOutcome | "failed";

export interface PublishResult {
  repo: string;
  branch: string;
  kind: ChangeSet["kind"];
  outcome: Outcome;
  message?: string;
  pr?: { number: number; url: string };
}

export interface PrStateChange {
  repo: string;
  number: number;
  from: PrRecord["state"];
  to: PrRecord["state"];
}

export interface PublishReport {
  token: TokenCheck;
  /** PRs of earlier runs whose state changed on GitHub (merged, closed). */
  refreshed: PrStateChange[];
  results: PublishResult[];
}

export interface PublishContext {
  api: PublishApi;
  store: StateStore;
  now: () => Date;
  apply: boolean;
  /** Author of keyless's commits; GitHub uses the token's user when absent. */
  author?: Person;
  /** Told of each repository as soon as it is done (progress). */
  onResult?: (result: PublishResult) => void;
  /** Repositories inspected at once (reads only; writes are always one at a time). Default 4. */
  readConcurrency?: number;
}

const DRY: Record<Exclude<Decision["action"], "skip" | "unchanged">, DryOutcome> = {
  open: "would-open",
  rewrite: "would-update",
  "create-pr": "would-complete",
  "update-body": "would-update-body",
};

/** Asks GitHub for every open PR the state knows and records merges and closes. */
export async function refreshPrs(api: PublishApi, store: StateStore, now: Date, write: boolean, concurrency = 4): Promise<PrStateChange[]> {
  const changes: PrStateChange[] = [];
  const open = store.listPrs().filter((p) => p.state === "open");
  const limit = pLimit(concurrency);
  const pulls = await Promise.all(open.map((known) => limit(() => api.pull(known.repo, known.number))));
  for (const [i, known] of open.entries()) {
    const pr = pulls[i];
    if (!pr) continue;
    const state = pr.merged ? "merged" : pr.state;
    if (state === known.state) continue;
    changes.push({ repo: known.repo, number: known.number, from: known.state, to: state });
    if (write) {
      store.upsertPr({
        ...known,
        state,
        updatedAt: now.toISOString(),
        ...(pr.mergedAt ? { mergedAt: pr.mergedAt } : {}),
        ...(pr.mergeSha ? { mergeSha: pr.mergeSha } : {}),
        ...(state === "closed" ? { optedOut: true } : {}),
      });
    }
  }
  return changes;
}

function link(pr: PullInfo | undefined): PublishResult["pr"] {
  return pr ? { number: pr.number, url: pr.url } : undefined;
}

/** A PR seen while skipping (merged, opted out, a human's push): the state learns its status, keyless's last head stays. */
function noteSkipped(ctx: PublishContext, cs: ChangeSet, decision: Extract<Decision, { action: "skip" }>): void {
  if (!decision.pr || decision.outcome === "foreign-pr") return;
  const known = ctx.store.getPr(cs.repo, cs.branch);
  const record = prRecord(cs, decision.pr, known?.headSha ?? decision.pr.headSha, known, ctx.now().toISOString());
  ctx.store.upsertPr({ ...record, planHash: known?.planHash ?? cs.planHash });
}

export async function publish(ctx: PublishContext, changeSets: readonly ChangeSet[]): Promise<PublishReport> {
  const token = await preflightToken(ctx.api, changeSets);
  const concurrency = ctx.readConcurrency ?? 4;
  const refreshed = await refreshPrs(ctx.api, ctx.store, ctx.now(), ctx.apply, concurrency);
  const results: PublishResult[] = [];
  const done = (result: PublishResult) => {
    results.push(result);
    ctx.onResult?.(result);
  };
  const base = (cs: ChangeSet) => ({ repo: cs.repo, branch: cs.branch, kind: cs.kind });

  // Every repository is inspected (reads, a few at once) before the first write: a permission
  // problem shows up front.
  const limit = pLimit(concurrency);
  const inspected = await Promise.all(
    changeSets.map((cs) =>
      limit(async () => {
        try {
          return { cs, decision: await inspect({ api: ctx.api, store: ctx.store, authorEmail: ctx.author?.email, scopes: token.scopes }, cs) };
        } catch (error) {
          return { cs, error };
        }
      }),
    ),
  );
  const decisions: Array<{ cs: ChangeSet; decision: Decision }> = [];
  for (const item of inspected) {
    if (item.decision) decisions.push({ cs: item.cs, decision: item.decision });
    else done({ ...base(item.cs), outcome: "failed", message: reason(item.error) });
  }

  for (const { cs, decision } of decisions) {
    if (decision.action === "skip") {
      if (ctx.apply) noteSkipped(ctx, cs, decision);
      done({ ...base(cs), outcome: decision.outcome, message: decision.message, pr: link(decision.pr) });
      continue;
    }
    if (!ctx.apply || decision.action === "unchanged") {
      if (ctx.apply) await execute(ctx, cs, decision);
      const pr = "pr" in decision ? decision.pr : undefined;
      done({ ...base(cs), outcome: decision.action === "unchanged" ? "unchanged" : DRY[decision.action], pr: link(pr) });
      continue;
    }
    try {
      const written = await execute(ctx, cs, decision);
      done({ ...base(cs), outcome: written.outcome, pr: link(written.pr), ...(written.warnings ? { message: written.warnings.join("; ") } : {}) });
    } catch (error) {
      // A token that may not write workflows fails the same way everywhere: stop.
      if (isKeylessError(error) && error.code === "MissingWorkflowPermission") throw error;
      done({ ...base(cs), outcome: "failed", message: reason(error) });
    }
  }
  return { token, refreshed, results };
}

function reason(error: unknown): string {
  const status = (error as { status?: unknown }).status;
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return typeof status === "number" ? `GitHub answered ${status}: ${message}` : (message ?? "failed");
}

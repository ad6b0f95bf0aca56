// The act step's Publisher over `keyless pr`'s publisher: the preview is its dry run (what it
// would write to each repo, after reading what exists), publishing is the same call with apply.
import { createTwoFilesPatch } from "diff";
import { redactSecrets } from "../../analyze/workflows/index.js";
import { publish, type ChangeFile, type ChangeSet, type Outcome, type PublishApi, type PublishResult, type Skip } from "../../publish/github/index.js";
import { ATTENTION, resultLine } from "../../publish/github/render.js";
import type { StateStore } from "../../state/store.js";
import type { Publisher, PrOutcome, PrPreview } from "./ports.js";

export interface GithubPublisherDeps {
  api: PublishApi;
  store: StateStore;
  now: () => Date;
  /** Migration change sets of every publishable repo, and why the others have none. */
  changeSets: ChangeSet[];
  skipped: Skip[];
  /** After a publish that wrote something (the command saves its snapshots here). */
  onWritten?: () => void;
}

const ACTION: Partial<Record<Outcome, PrPreview["action"]>> = {
  "would-open": "create",
  "would-complete": "create",
  "would-update": "update",
  "would-update-body": "update",
  opened: "create",
  completed: "create",
  updated: "update",
  "body-updated": "update",
  unchanged: "none",
};

const WROTE = new Set<Outcome>(["opened", "updated", "completed", "body-updated"]);

function fileDiff(f: ChangeFile): string {
  // A secret key written in a file never shows in a preview.
  return redactSecrets(f.diff ?? createTwoFilesPatch(f.before == null ? "/dev/null" : `a/${f.path}`, `b/${f.path}`, f.before ?? "", f.content, "", "", { context: 3 }));
}

function preview(cs: ChangeSet, result: PublishResult | undefined): PrPreview {
  const action = result ? (ACTION[result.outcome] ?? "skip") : "skip";
  const note = !result ? "not inspected" : action === "skip" || result.outcome === "failed" ? resultLine(result).replace(`${cs.repo}: `, "") : result.outcome === "would-complete" ? "keyless's branch exists without a PR" : undefined;
  return {
    repo: cs.repo,
    action,
    branch: cs.branch,
    base: cs.baseBranch,
    title: cs.title,
    body: cs.body,
    files: [...cs.files.map((f) => ({ path: f.path, diff: fileDiff(f) })), ...(cs.deletedFiles ?? []).map((p) => ({ path: p, diff: `deleted: ${p}\n` }))],
    ...(note ? { note } : {}),
  };
}

export function githubPublisher(deps: GithubPublisherDeps): Publisher {
  const pick = (repos: string[]) => {
    const wanted = new Set(repos);
    return deps.changeSets.filter((cs) => cs.kind === "migration" && wanted.has(cs.repo));
  };
  const unknown = (repos: string[]) => repos.filter((r) => !deps.changeSets.some((cs) => cs.repo === r));
  const skipReason = (repo: string) => deps.skipped.find((s) => s.repo === repo)?.reason ?? "no change set";
  return {
    async preview(repos) {
      const sets = pick(repos);
      const report = await publish({ api: deps.api, store: deps.store, now: deps.now, apply: false }, sets);
      const previews = sets.map((cs) => preview(cs, report.results.find((r) => r.repo === cs.repo && r.branch === cs.branch)));
      const none = unknown(repos).map((repo): PrPreview => ({ repo, action: "skip", branch: "", base: "", title: "", body: "", files: [], note: skipReason(repo) }));
      return [...previews, ...none];
    },
    async publish(repos) {
      const report = await publish({ api: deps.api, store: deps.store, now: deps.now, apply: true }, pick(repos));
      if (report.results.some((r) => WROTE.has(r.outcome))) deps.onWritten?.();
      const outcomes = report.results.map(
        (r): PrOutcome => ({
          repo: r.repo,
          ok: r.outcome !== "failed" && !ATTENTION.has(r.outcome),
          action: ACTION[r.outcome] ?? "skip",
          ...(r.pr ? { number: r.pr.number, url: r.pr.url } : {}),
          ...(r.message || ATTENTION.has(r.outcome) ? { message: resultLine(r).replace(`${r.repo}: `, "") } : {}),
        }),
      );
      return [...outcomes, ...unknown(repos).map((repo): PrOutcome => ({ repo, ok: false, action: "skip", message: skipReason(repo) }))];
    },
  };
}

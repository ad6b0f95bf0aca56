// Normalises a workflow's `on:` (scalar, list or mapping) into events, filters and exposure flags.
import type { Document, Node } from "yaml";
import type { SourceFile } from "./source.js";
import type { TriggerEvent, Triggers } from "./types.js";
import { entries, entrySpan, items, str, strings, type Entry } from "./yaml-nodes.js";

/** Events someone outside the repository can start: fork pull requests, comments, issues. */
const FORK_REACHABLE = new Set([
  "pull_request",
  "pull_request_target",
  "pull_request_review",
  "pull_request_review_comment",
  "issue_comment",
  "issues",
  "discussion",
  "discussion_comment",
  "workflow_run",
]);

/**
 * Of those, the ones that run in the base repository with its secrets. Fork `pull_request` and
 * review events get no secrets by default; workflow_run may be chained from a fork's run.
 */
const SECRETS_FROM_FORKS = new Set(["pull_request_target", "workflow_run", "issue_comment", "issues", "discussion", "discussion_comment"]);

export function readTriggers(doc: Document, src: SourceFile, on: Entry | undefined): Triggers {
  const details = on ? eventsOf(doc, on.value) : [];
  const events = details.map((d) => d.name);
  return {
    events,
    details,
    pullRequestTarget: events.includes("pull_request_target"),
    workflowRun: events.includes("workflow_run"),
    forkReachable: events.some((e) => FORK_REACHABLE.has(e)),
    secretsReachableFromForks: events.some((e) => SECRETS_FROM_FORKS.has(e)),
    reusable: events.includes("workflow_call"),
    ...(on ? { span: entrySpan(src, on) } : {}),
  };
}

function eventsOf(doc: Document, node: Node | null): TriggerEvent[] {
  const single = str(node);
  if (single !== undefined) return [{ name: single }];
  const list = items(doc, node);
  if (list.length > 0) return list.map((n) => str(n)).filter((s): s is string => !!s).map((name) => ({ name }));
  return entries(doc, node).map((e) => eventOf(doc, e));
}

function eventOf(doc: Document, e: Entry): TriggerEvent {
  const event: TriggerEvent = { name: e.key };
  if (e.key === "schedule") {
    const crons = items(doc, e.value).flatMap((n) => entries(doc, n).filter((c) => c.key === "cron").map((c) => str(c.value)));
    const cron = crons.filter((c): c is string => !!c);
    if (cron.length > 0) event.cron = cron;
    return event;
  }
  const filters: Array<[string, keyof TriggerEvent]> = [
    ["branches", "branches"],
    ["branches-ignore", "branchesIgnore"],
    ["tags", "tags"],
    ["tags-ignore", "tagsIgnore"],
    ["types", "types"],
    ["workflows", "workflows"],
  ];
  for (const f of entries(doc, e.value)) {
    const field = filters.find(([key]) => key === f.key)?.[1];
    if (field && field !== "name" && field !== "cron") event[field] = strings(doc, f.value);
  }
  return event;
}

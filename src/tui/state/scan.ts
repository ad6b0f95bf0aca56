// Scan progress per side, folded from discover's events: what finished goes to a log (drawn once,
// in ink's <Static>), what is still running stays in the counters.
import type { DiscoverEvent } from "../../discover/events.js";

export interface SideProgress {
  enabled: boolean;
  phase?: string;
  /** Accounts or repositories to read, once known. */
  total?: number;
  done: number;
  failed: number;
  /** AWS: access keys found so far. */
  keys: number;
  /** Reads that were skipped (a file, a secret list…), each with a reason in the log. */
  skipped: number;
  requests?: number;
  rateLimit?: { remaining: number; limit: number; resetAt?: string };
  waiting?: { seconds: number; reason: string; until?: string };
  /** When the scan should end (GitHub: at the pace so far and as the rate limit allows). */
  eta?: string;
}

export interface LogItem {
  id: number;
  side: "aws" | "github";
  ok: boolean;
  text: string;
}

export interface ScanState {
  aws: SideProgress;
  github: SideProgress;
  log: LogItem[];
}

const side = (enabled: boolean): SideProgress => ({ enabled, done: 0, failed: 0, keys: 0, skipped: 0 });

export function initialScan(sides: { aws: boolean; github: boolean }): ScanState {
  return { aws: side(sides.aws), github: side(sides.github), log: [] };
}

export function errorsSoFar(scan: ScanState): number {
  return scan.aws.failed + scan.aws.skipped + scan.github.skipped;
}

/** Folds a batch of events (the session batches them, so a 10,000-repo scan re-renders a few times a second, not 10,000 times). */
export function applyScanEvents(state: ScanState, events: readonly DiscoverEvent[]): ScanState {
  const aws = { ...state.aws };
  const github = { ...state.github };
  const added: LogItem[] = [];
  let id = state.log.length;
  const log = (s: "aws" | "github", ok: boolean, text: string) => added.push({ id: id++, side: s, ok, text });
  for (const event of events) {
    switch (event.type) {
      case "aws-accounts":
        aws.total = event.total;
        break;
      case "aws-account-done":
        aws.done++;
        aws.keys += event.keys;
        aws.waiting = undefined;
        if (event.ok) log("aws", true, `account ${event.accountId}: ${event.keys} access key${event.keys === 1 ? "" : "s"}`);
        else {
          aws.failed++;
          log("aws", false, `account ${event.accountId} not read: ${event.reason ?? "unknown reason"}`);
        }
        break;
      case "github-repos":
        github.total = event.total;
        break;
      case "github-repo-done":
        github.done++;
        // A wait for a reset outlasts the repos that were in flight when it began.
        if (!github.waiting?.until) github.waiting = undefined;
        if (event.ok) log("github", true, event.repo);
        else github.failed++;
        break;
      case "skip": {
        const target = event.side === "aws" ? aws : github;
        target.skipped++;
        log(event.side, false, `${event.target} skipped (${event.code}): ${event.reason}`);
        break;
      }
      case "phase":
        (event.side === "aws" ? aws : github).phase = event.phase;
        break;
      case "wait":
        (event.side === "aws" ? aws : github).waiting = { seconds: event.seconds, reason: event.reason, ...(event.until ? { until: event.until } : {}) };
        break;
      case "rate": {
        // An answer from the next window: the wait is over.
        const until = github.waiting?.until;
        if (until && event.remaining > 0 && Date.parse(event.resetAt) > Date.parse(until)) github.waiting = undefined;
        break;
      }
      case "eta":
        github.eta = event.at;
        break;
    }
  }
  return { aws, github, log: added.length ? [...state.log, ...added] : state.log };
}

export function applyMeter(state: ScanState, s: "aws" | "github", requests: number, rateLimit?: SideProgress["rateLimit"]): ScanState {
  const next = { ...state[s], requests, ...(rateLimit ? { rateLimit } : {}) };
  return { ...state, [s]: next };
}

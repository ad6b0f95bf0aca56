// The whole state of the TUI as one plain value, and the actions that change it. Screens are a
// projection of this; the reducer is the only thing that changes it.
import type { DiscoverEvent } from "../../discover/events.js";
import type { KeyTarget, PrOutcome, PrPreview, ActOutcome } from "../session/ports.js";
import type { TuiData } from "./model.js";
import type { KeySort, RepoSort } from "./query.js";
import type { ScanState } from "./scan.js";
import { initialScan } from "./scan.js";

export type Tab = "overview" | "repos" | "keys";
export const TABS: Tab[] = ["overview", "repos", "keys"];

export interface ListState {
  text: string;
  editing: boolean;
  sort: RepoSort | KeySort;
  reverse: boolean;
  cursor: number;
  offset: number;
}

/** A scrollable text: a cursor for screens whose lines lead somewhere, an offset for the rest. */
export interface Pager {
  cursor: number;
  offset: number;
}

export type Overlay =
  | ({ screen: "repo"; id: string } & Pager)
  | ({ screen: "key"; id: string } & Pager)
  | ({ screen: "diff"; repo: string } & Pager)
  | ({ screen: "confirm-prs"; repos: string[]; previews?: PrPreview[]; error?: string } & Pager)
  | ({ screen: "deactivate"; keys: KeyTarget[]; step: 1 | 2 } & Pager)
  | ({ screen: "results"; title: string; lines: string[] } & Pager);

/** Work the session must do outside the reducer; set by the reducer, run once per new object. */
export type Effect =
  | { kind: "preview"; repos: string[] }
  | { kind: "publish"; repos: string[] }
  | { kind: "verify" }
  | { kind: "deactivate"; keys: KeyTarget[] };

export type Phase = "scanning" | "analysing" | "ready" | "failed";

export interface Mode {
  /** Writes (PRs, key changes) happen only with --apply. */
  dryRun: boolean;
  sandbox: boolean;
  /** What the data came from: "acme (sandbox)", "reports/inventory.json"… */
  source: string;
  color: boolean;
}

export interface AppState {
  size: { columns: number; rows: number };
  mode: Mode;
  phase: Phase;
  phaseDetail?: string;
  scan: ScanState;
  data?: TuiData;
  tab: Tab;
  lists: { repos: ListState; keys: ListState };
  stack: Overlay[];
  selected: ReadonlySet<string>;
  help: boolean;
  busy?: string;
  message?: { text: string; level: "info" | "warn" | "error" };
  pending?: Effect;
  quit: boolean;
}

export type Action =
  | { type: "resize"; columns: number; rows: number }
  | { type: "scan-events"; events: DiscoverEvent[] }
  | { type: "meter"; side: "aws" | "github"; requests: number; rateLimit?: { remaining: number; limit: number; resetAt?: string } }
  | { type: "phase"; phase: Phase; detail?: string }
  | { type: "loaded"; data: TuiData }
  | { type: "tab"; tab: Tab }
  | { type: "next-tab"; delta: 1 | -1 }
  | { type: "move"; delta: number }
  | { type: "move-to"; where: "top" | "bottom" }
  | { type: "page"; delta: 1 | -1 }
  | { type: "open" }
  | { type: "back" }
  | { type: "search-start" }
  | { type: "search-input"; text: string }
  | { type: "search-end"; keep: boolean }
  | { type: "sort-next" }
  | { type: "sort-reverse" }
  | { type: "toggle-select" }
  | { type: "diff" }
  | { type: "prs-request" }
  | { type: "prs-previewed"; previews: PrPreview[] }
  | { type: "prs-confirm" }
  | { type: "prs-done"; outcomes: PrOutcome[]; dryRun: boolean }
  | { type: "verify" }
  | { type: "deactivate-request" }
  | { type: "deactivate-confirm" }
  | { type: "act-done"; title: string; outcomes: ActOutcome[] }
  | { type: "act-failed"; message: string }
  | { type: "busy"; text?: string }
  | { type: "message"; text: string; level?: "info" | "warn" | "error" }
  | { type: "help" }
  | { type: "quit" };

const list = (sort: RepoSort | KeySort): ListState => ({ text: "", editing: false, sort, reverse: false, cursor: 0, offset: 0 });

export function initialState(mode: Mode, size: { columns: number; rows: number }, sides: { aws: boolean; github: boolean }): AppState {
  return {
    size,
    mode,
    phase: "scanning",
    scan: initialScan(sides),
    tab: "overview",
    lists: { repos: list("severity"), keys: list("severity") },
    stack: [],
    selected: new Set(),
    help: false,
    quit: false,
  };
}

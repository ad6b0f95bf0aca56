// The state keyless keeps across runs (under .keyless/): scan snapshots, pull requests opened and
// their status, key deactivations and deletions, verification verdicts. Migration spans weeks;
// `verify`, `retire`, the reports and the TUI pick up from here. Every write is atomic.

/**
 * "scan": the facts an audit keeps for the next one to compare with (see ScanFacts). "sarif": the
 * repositories whose code scanning holds a non-empty keyless analysis (see report/sarif/closing.ts).
 */
export type SnapshotKind = "inventory" | "audit" | "plan" | "scan" | "sarif";

export interface Snapshot {
  id: number;
  kind: SnapshotKind;
  at: string; // ISO time
  json: string;
}

export interface PrRecord {
  repo: string; // owner/name
  number: number;
  url: string;
  branch: string;
  baseBranch: string;
  /** The commit keyless last wrote to the branch. A different head means a human pushed. */
  headSha: string;
  /** Hash of the planned change, to tell "nothing changed" from "plan changed". */
  planHash: string;
  state: "open" | "merged" | "closed";
  openedAt: string;
  updatedAt: string;
  mergedAt?: string;
  mergeSha?: string;
  /** The owners closed it unmerged: treated as opted out, never reopened. */
  optedOut?: boolean;
  /** What the PR carries: the workflow migration of `repo` (default) or the Terraform for the infra repo. */
  kind?: "migration" | "terraform";
}

/**
 * The commit keyless last wrote to a branch, recorded as soon as the ref moves — before the PR
 * exists — so that a run that crashed between the commit and the PR still knows the branch is its own.
 */
export interface BranchRecord {
  repo: string;
  branch: string;
  headSha: string;
  planHash: string;
  at: string;
}

/** "deactivating" is recorded before the call: a run killed after IAM applied it still knows the key is its own. */
export type KeyAction = "deactivating" | "deactivated" | "reactivated" | "deleted" | "secret-deleted";

export interface KeyEvent {
  accessKeyId: string;
  accountId: string;
  action: KeyAction;
  at: string;
  /** e.g. the secret name and scope for secret-deleted; never a secret value. */
  detail?: string;
}

export type Verdict = "ready" | "waiting" | "blocked" | "done";

export interface Verification {
  accessKeyId: string;
  at: string;
  verdict: Verdict;
  reasons: string[];
}

/**
 * What a scan keeps to ask GitHub again cheaply: a REST answer with its ETag (kind "http"), or a
 * repo's workflow files with the tree ids they were read from (kind "workflows").
 */
export interface ScanCacheEntry {
  kind: "http" | "workflows";
  key: string;
  /** The ETag, or the tree ids. */
  tag: string;
  body: string;
  at: string;
}

export interface StateStore {
  saveSnapshot(kind: SnapshotKind, json: string, at: string): number;
  latestSnapshot(kind: SnapshotKind): Snapshot | undefined;
  /** Snapshots of one kind, oldest first, without their json (for progress over time). */
  snapshotTimes(kind: SnapshotKind): Array<{ id: number; at: string }>;
  snapshot(id: number): Snapshot | undefined;

  /** One PR per repo and branch: a new record for the same pair replaces the old one. */
  upsertPr(record: PrRecord): void;
  /** The repo's migration PR; with `branch`, the PR of that branch (e.g. the Terraform PR of the infra repo). */
  getPr(repo: string, branch?: string): PrRecord | undefined;
  listPrs(): PrRecord[];

  recordBranch(record: BranchRecord): void;
  getBranch(repo: string, branch: string): BranchRecord | undefined;

  recordKeyEvent(event: KeyEvent): void;
  keyEvents(accessKeyId?: string): KeyEvent[];

  recordVerification(verification: Verification): void;
  latestVerifications(): Verification[];

  cachedAnswer(kind: ScanCacheEntry["kind"], key: string): ScanCacheEntry | undefined;
  /** Writes (replacing) many entries in one transaction. */
  cacheAnswers(entries: ScanCacheEntry[]): void;

  /** Runs fn in one transaction: all of its writes happen, or none. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

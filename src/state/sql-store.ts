// The StateStore in SQL, written once for SQLite and PostgreSQL (the drivers differ, the
// statements do not). Each public write is one statement or one transaction, so a process killed
// mid-run leaves every earlier write whole and no later one half done.
import { first, type SqlDriver } from "./sql-driver.js";
import type { BranchRecord, KeyAction, KeyEvent, PrRecord, ScanCacheEntry, Snapshot, SnapshotKind, StateStore, Verdict, Verification } from "./store.js";
import { redactStoredJson } from "./redact.js";

interface PrRow {
  repo: string;
  branch: string;
  kind: string;
  number: number;
  url: string;
  base_branch: string;
  head_sha: string;
  plan_hash: string;
  state: PrRecord["state"];
  opened_at: string;
  updated_at: string;
  merged_at: string | null;
  merge_sha: string | null;
  opted_out: number;
}

function prFromRow(row: PrRow): PrRecord {
  return {
    repo: row.repo,
    number: row.number,
    url: row.url,
    branch: row.branch,
    baseBranch: row.base_branch,
    headSha: row.head_sha,
    planHash: row.plan_hash,
    state: row.state,
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    ...(row.merged_at ? { mergedAt: row.merged_at } : {}),
    ...(row.merge_sha ? { mergeSha: row.merge_sha } : {}),
    ...(row.opted_out ? { optedOut: true } : {}),
    kind: row.kind === "terraform" ? "terraform" : "migration",
  };
}

export class SqlStateStore implements StateStore {
  private readonly before: Array<() => void> = [];
  private readonly after: Array<() => void> = [];
  private closed = false;

  constructor(private readonly db: SqlDriver) {}

  /** Runs as the store closes, while the database is still open (e.g. to forget a lock's holder). */
  beforeClose(fn: () => void): void {
    this.before.push(fn);
  }

  /** Runs once the database is closed (e.g. to release a lock file). */
  afterClose(fn: () => void): void {
    this.after.push(fn);
  }

  saveSnapshot(kind: SnapshotKind, json: string, at: string): number {
    const row = first<{ id: number }>(this.db, "INSERT INTO snapshots (kind, at, json) VALUES (?, ?, ?) RETURNING id", [kind, at, redactStoredJson(json)]);
    return Number(row?.id);
  }

  latestSnapshot(kind: SnapshotKind): Snapshot | undefined {
    return first<Snapshot>(this.db, "SELECT id, kind, at, json FROM snapshots WHERE kind = ? ORDER BY at DESC, id DESC LIMIT 1", [kind]);
  }

  snapshotTimes(kind: SnapshotKind): Array<{ id: number; at: string }> {
    return this.db.all<{ id: number; at: string }>("SELECT id, at FROM snapshots WHERE kind = ? ORDER BY at, id", [kind]);
  }

  snapshot(id: number): Snapshot | undefined {
    return first<Snapshot>(this.db, "SELECT id, kind, at, json FROM snapshots WHERE id = ?", [id]);
  }

  upsertPr(r: PrRecord): void {
    this.db.all(
      `INSERT INTO pull_requests (repo, branch, kind, number, url, base_branch, head_sha, plan_hash, state, opened_at, updated_at, merged_at, merge_sha, opted_out)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (repo, branch) DO UPDATE SET kind = excluded.kind, number = excluded.number, url = excluded.url,
         base_branch = excluded.base_branch, head_sha = excluded.head_sha, plan_hash = excluded.plan_hash, state = excluded.state,
         opened_at = excluded.opened_at, updated_at = excluded.updated_at, merged_at = excluded.merged_at,
         merge_sha = excluded.merge_sha, opted_out = excluded.opted_out`,
      [r.repo, r.branch, r.kind ?? "migration", r.number, r.url, r.baseBranch, r.headSha, r.planHash, r.state, r.openedAt, r.updatedAt, r.mergedAt ?? null, r.mergeSha ?? null, r.optedOut ? 1 : 0],
    );
  }

  getPr(repo: string, branch?: string): PrRecord | undefined {
    const row = branch
      ? first<PrRow>(this.db, "SELECT * FROM pull_requests WHERE repo = ? AND branch = ?", [repo, branch])
      : first<PrRow>(this.db, "SELECT * FROM pull_requests WHERE repo = ? AND kind = 'migration' ORDER BY updated_at DESC LIMIT 1", [repo]);
    return row ? prFromRow(row) : undefined;
  }

  listPrs(): PrRecord[] {
    return this.db.all<PrRow>("SELECT * FROM pull_requests ORDER BY repo, branch").map(prFromRow);
  }

  recordBranch(r: BranchRecord): void {
    this.db.all(
      `INSERT INTO branches (repo, branch, head_sha, plan_hash, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (repo, branch) DO UPDATE SET head_sha = excluded.head_sha, plan_hash = excluded.plan_hash, at = excluded.at`,
      [r.repo, r.branch, r.headSha, r.planHash, r.at],
    );
  }

  getBranch(repo: string, branch: string): BranchRecord | undefined {
    // Quoted aliases: PostgreSQL folds unquoted names to lower case.
    return first<BranchRecord>(this.db, `SELECT repo, branch, head_sha AS "headSha", plan_hash AS "planHash", at FROM branches WHERE repo = ? AND branch = ?`, [repo, branch]);
  }

  recordKeyEvent(e: KeyEvent): void {
    this.db.all("INSERT INTO key_events (access_key_id, account_id, action, at, detail) VALUES (?, ?, ?, ?, ?)", [e.accessKeyId, e.accountId, e.action, e.at, e.detail ?? null]);
  }

  keyEvents(accessKeyId?: string): KeyEvent[] {
    const rows = accessKeyId
      ? this.db.all<KeyEventRow>("SELECT * FROM key_events WHERE access_key_id = ? ORDER BY at, id", [accessKeyId])
      : this.db.all<KeyEventRow>("SELECT * FROM key_events ORDER BY at, id");
    return rows.map((r) => ({ accessKeyId: r.access_key_id, accountId: r.account_id, action: r.action, at: r.at, ...(r.detail !== null ? { detail: r.detail } : {}) }));
  }

  recordVerification(v: Verification): void {
    this.db.all("INSERT INTO verifications (access_key_id, at, verdict, reasons) VALUES (?, ?, ?, ?)", [v.accessKeyId, v.at, v.verdict, JSON.stringify(v.reasons)]);
  }

  latestVerifications(): Verification[] {
    // The newest row per key: ties on `at` go to the later insert.
    const rows = this.db.all<{ access_key_id: string; at: string; verdict: Verdict; reasons: string }>(
      `SELECT access_key_id, at, verdict, reasons FROM verifications v
       WHERE id = (SELECT id FROM verifications w WHERE w.access_key_id = v.access_key_id ORDER BY at DESC, id DESC LIMIT 1)
       ORDER BY access_key_id`,
    );
    return rows.map((r) => ({ accessKeyId: r.access_key_id, at: r.at, verdict: r.verdict, reasons: JSON.parse(r.reasons) as string[] }));
  }

  cachedAnswer(kind: ScanCacheEntry["kind"], key: string): ScanCacheEntry | undefined {
    return first<ScanCacheEntry>(this.db, "SELECT kind, key, tag, body, at FROM scan_cache WHERE kind = ? AND key = ?", [kind, key]);
  }

  cacheAnswers(entries: ScanCacheEntry[]): void {
    // The scan cache itself refuses any answer that looks like it holds a secret (scan-cache.ts).
    if (entries.length === 0) return;
    this.db.transaction(() => {
      for (const e of entries) {
        this.db.all(
          `INSERT INTO scan_cache (kind, key, tag, body, at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (kind, key) DO UPDATE SET tag = excluded.tag, body = excluded.body, at = excluded.at`,
          [e.kind, e.key, e.tag, e.body, e.at],
        );
      }
    });
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      for (const fn of this.before) {
        try {
          fn();
        } catch {
          // Closing must not fail over housekeeping: the lock goes with the connection anyway.
        }
      }
      this.db.close();
    } finally {
      for (const fn of this.after) fn();
    }
  }
}

interface KeyEventRow {
  access_key_id: string;
  account_id: string;
  action: KeyAction;
  at: string;
  detail: string | null;
}

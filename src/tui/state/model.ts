// The TUI's data: rows for the repo and key lists and what the detail, diff and overview screens
// read, all derived from the stages' outputs (audit, plan, generated files) and the state store's
// records. Plain data; built once per scan (or after an action changes the records).
import type { Audit } from "../../analyze/audit.js";
import type { Confidence, Finding, Link, Severity } from "../../analyze/model.js";
import type { Usage } from "../../analyze/workflows/index.js";
import type { Generated } from "../../generate/index.js";
import type { KeyPlan, Plan, RepoPlan, Step } from "../../plan/index.js";
import type { KeyEvent, PrRecord, Verification } from "../../state/store.js";

/** Where a repo stands in its migration, from the plan and the state store. */
export type RepoMigration =
  | "clean" // no static keys, no links
  | "on-oidc"
  | "ready" // planned, no PR yet
  | "pr-open"
  | "merged"
  | "opted-out"
  | "blocked"
  | "skipped"
  | "archived"
  | "secrets-only";

/** Where a key stands: the plan's disposition, then what verify and retire recorded. */
export type KeyMigration =
  | "to-retire"
  | "waiting"
  | "ready" // verify says it can be deactivated
  | "blocked"
  | "deactivated"
  | "deleted"
  | "delete-unused"
  | "keep" // used outside GitHub
  | "not-linked"
  | "inactive";

export type SeverityOrNone = Severity | "none";

export interface RepoRow {
  kind: "repo";
  id: string; // owner/name
  severity: SeverityOrNone;
  confidence?: Confidence;
  accounts: string[];
  migration: RepoMigration;
  usages: number;
  keys: number;
  /** One line: why this repo is in the list. */
  why: string;
  /** The plan migrates it and there are patches: a PR can be opened. */
  selectable: boolean;
}

export interface KeyRow {
  kind: "key";
  id: string; // access key id
  accountId: string;
  accountName: string;
  userName: string;
  status: "Active" | "Inactive";
  ageDays: number;
  idleDays?: number;
  severity: SeverityOrNone;
  confidence?: Confidence;
  repos: number;
  migration: KeyMigration;
  why: string;
}

export interface Records {
  prs: PrRecord[];
  keyEvents: KeyEvent[];
  verifications: Verification[];
  /** Times of earlier scans (audit snapshots), oldest first. */
  scans: string[];
}

export const NO_RECORDS: Records = { prs: [], keyEvents: [], verifications: [], scans: [] };

export interface TuiData {
  org?: string;
  generatedAt: string;
  audit: Audit;
  plan: Plan;
  generated: Generated;
  records: Records;
  repos: RepoRow[];
  keys: KeyRow[];
  /** Indexes for the detail screens. */
  index: {
    usagesByRepo: Map<string, Usage[]>;
    linksByRepo: Map<string, Link[]>;
    linksByKey: Map<string, Link[]>;
    findingsByRepo: Map<string, Finding[]>;
    findingsByKey: Map<string, Finding[]>;
    repoPlans: Map<string, RepoPlan>;
    keyPlans: Map<string, KeyPlan>;
    steps: Map<string, Step>;
    prs: Map<string, PrRecord>;
    verdicts: Map<string, Verification>;
    keyEvents: Map<string, KeyEvent[]>;
  };
}

export const SEVERITY_RANK: Record<SeverityOrNone, number> = { critical: 5, high: 4, medium: 3, low: 2, info: 1, none: 0 };
export const CONFIDENCE_RANK: Record<Confidence, number> = { certain: 4, high: 3, medium: 2, low: 1 };

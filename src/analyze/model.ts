// The analysis model: links between access keys and repositories (with the evidence behind each)
// and risk findings. Plain, JSON-serialisable data; every report renders from it.
import type { Inventory } from "../inventory/schema.js";
import type { RepoWorkflowAnalysis, Usage } from "./workflows/index.js";

export type Confidence = "certain" | "high" | "medium" | "low";
export const CONFIDENCE_ORDER: Confidence[] = ["certain", "high", "medium", "low"];

export type EvidenceKind =
  | "secret-scanning" // an alert whose matched string is the key id (certain)
  | "cloudtrail-run-id" // CloudTrail user agent of configure-aws-credentials naming one of the repo's runs (certain)
  | "cloudtrail-runner-ip" // CloudTrail use from GitHub-hosted runner ranges while the repo's key-using workflows ran (high)
  | "secret-timing" // the secret was updated shortly after the key was created (medium)
  | "name-match" // secret or repo name matches the IAM user name (low)
  | "last-used-service" // the key's last-used service matches what the workflow does (low)
  | "literal-key-id" // the key id is written in a workflow file (certain)
  | "mapping-file"; // the user said so (certain)

export interface Evidence {
  kind: EvidenceKind;
  confidence: Confidence;
  /** One sentence a reviewer can check, e.g. "CloudTrail event abc at 2026-11-01T10:00Z from run 123 of deploy.yml". */
  summary: string;
  /** Identifiers behind the claim (alert number, event id, run id, times, secret name…). Never a secret value. */
  refs: Record<string, string | number>;
}

export interface Link {
  accessKeyId: string;
  accountId: string;
  repo: string;
  /** The secrets (or variables) the key is believed to be stored in. */
  secretNames: string[];
  scope?: "repo" | "environment" | "organization";
  environment?: string;
  /**
   * Dependabot or Codespaces secrets the key is believed to sit in (never in `secretNames`: those are
   * Actions secrets, the ones retire deletes).
   */
  stores?: StoreSecretRef[];
  /** The strongest evidence's confidence. */
  confidence: Confidence;
  evidence: Evidence[];
}

/** A secret of one of GitHub's other stores, as a link or finding names it. */
export interface StoreSecretRef {
  store: "dependabot" | "codespaces";
  name: string;
  scope: "repo" | "organization";
}

/** How reports name the stores. */
export const STORE_LABEL: Record<StoreSecretRef["store"], string> = { dependabot: "Dependabot", codespaces: "Codespaces" };

export type Severity = "critical" | "high" | "medium" | "low" | "info";

export interface Location {
  repo: string;
  path: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export type Subject =
  | { type: "key"; accessKeyId: string; accountId: string }
  | { type: "repo"; repo: string }
  | {
      type: "secret";
      name: string;
      scope: "repo" | "environment" | "organization";
      repo?: string;
      environment?: string;
      store?: StoreSecretRef["store"];
      /** The organization of an organization secret, in a scan of several (absent when only one was scanned). */
      org?: string;
    }
  | { type: "role"; arn: string; accountId: string }
  | { type: "account"; accountId: string };

export interface Finding {
  ruleId: string; // KL101…
  severity: Severity;
  message: string;
  subject: Subject;
  /** Primary location in a workflow file, when there is one (SARIF needs it). */
  location?: Location;
  /** Evidence sentences behind the finding. */
  evidence: string[];
  /** Stable across runs for the same fact (SARIF partialFingerprints, suppression keys). */
  fingerprint: string;
  suppressed?: { by: "inline" | "config"; reason?: string };
}

export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  rationale: string;
  remediation: string;
  check(context: AnalysisContext): Finding[];
}

/** Suppressions from keyless.config.yaml: rule ids for given keys, repos or paths. */
export interface AllowlistEntry {
  rule: string; // rule id or "*"
  accessKeyId?: string;
  repo?: string;
  path?: string;
  reason: string;
}

/** A user-supplied mapping of keys to repos (certain evidence). */
export interface MappingEntry {
  accessKeyId: string;
  repo: string;
  secretNames?: string[];
}

export interface AnalysisConfig {
  allowlist: AllowlistEntry[];
  mappings: MappingEntry[];
  /** Thresholds (days). */
  maxKeyAgeDays: number;
  unusedDays: number;
}

export const DEFAULT_ANALYSIS_CONFIG: AnalysisConfig = { allowlist: [], mappings: [], maxKeyAgeDays: 90, unusedDays: 45 };

export interface AnalysisContext {
  inventory: Inventory;
  /** Workflow analysis per repo full name. */
  workflows: Map<string, RepoWorkflowAnalysis>;
  usages: Usage[];
  links: Link[];
  config: AnalysisConfig;
  now: Date;
}

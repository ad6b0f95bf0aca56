// The facts verify and retire decide from, gathered by the command (GitHub, IAM, CloudTrail, the
// state store), and the decisions they come to. Plain data: the deciding functions are pure.
import type { Confidence } from "../analyze/model.js";
import type { KeyPlan, RepoPlan } from "../plan/index.js";
import type { KeyEvent, PrRecord, Verdict } from "../state/store.js";

/** One workflow run on GitHub, as far as verification cares. */
export interface RunFact {
  id: number;
  path: string;
  headBranch: string;
  event: string;
  status: string; // completed, in_progress, queued…
  conclusion: string | null; // success, failure, cancelled… (null until completed)
  createdAt: string;
  url: string;
}

/** A role a migrated workflow assumes, and whether CloudTrail saw it assumed after the merge. */
export interface RoleFact {
  arn: string;
  /** web-identity: AssumeRoleWithWebIdentity with the OIDC token; chained: AssumeRole from the entry role. */
  via: "web-identity" | "chained";
  /** The first CloudTrail event at or after the merge that assumed it; absent when none was seen. */
  assumedAt?: string;
  eventId?: string;
}

/** What verify learned about one repository that uses a key. */
export interface RepoEvidence {
  repo: string;
  /** The plan's view of the repo; absent when the plan does not list it. */
  plan?: Pick<RepoPlan, "status" | "issues">;
  /** keyless's pull request, refreshed from GitHub. */
  pr?: Pick<PrRecord, "number" | "url" | "state" | "baseBranch" | "mergedAt" | "optedOut">;
  /**
   * Runs of the migrated workflows created at or after the merge, on any ref (a release workflow
   * runs on tags), except pull-request runs, which run the pull request's own version.
   */
  runs: RunFact[];
  roles: RoleFact[];
  /** Checks that could not be made (a denied or failed request): never read as "fine". */
  errors: string[];
}

export type KeyState = { status: "Active" | "Inactive" | "missing" } | { status: "unknown"; error: string };

/** A use of the key CloudTrail recorded (never a secret: the event name, time, source IP, agent). */
export interface KeyUse {
  at: string;
  what: string;
}

/** What verify learned about one access key. */
export interface KeyEvidence {
  plan: Pick<KeyPlan, "accessKeyId" | "accountId" | "userName" | "disposition" | "repos">;
  /** Links of the key to repositories, with their confidence. */
  links: Array<{ repo: string; confidence: Confidence }>;
  state: KeyState;
  /** IAM's last-used date now, and at the time of the inventory the plan was built from. */
  lastUsed?: string;
  lastUsedAtAudit?: string;
  /** CloudTrail events of the key since the first merge of its repos (or since keyless deactivated it). */
  uses: KeyUse[];
  /** keyless's own history of the key, from the state store. */
  events: KeyEvent[];
  /** Checks that could not be made (CloudTrail denied…): never read as "not used". */
  errors: string[];
}

export interface VerifyPolicy {
  /** Links weaker than this keep the key from ever being ready. */
  minConfidence: Confidence;
}

export type RepoState = "verified" | "waiting" | "blocked";

export interface RepoCheck {
  repo: string;
  state: RepoState;
  /** One sentence: what was proven, what it waits for, or why it is blocked. */
  reason: string;
  mergedAt?: string;
}

export interface KeyVerdict {
  accessKeyId: string;
  accountId: string;
  userName: string;
  verdict: Verdict;
  /** Why: what it waits for, why it is blocked, what made it ready, or what was done. */
  reasons: string[];
  /** The repositories whose workflows hand the key to jobs: every one must be verified. */
  repos: RepoCheck[];
  /** What keeps it from being ready, whatever its status now (empty: every check passed). retire --delete checks it again. */
  problems: string[];
  /** The last merge among those repositories: the key must not be used after it. */
  lastMergeAt?: string;
  /** keyless's latest deactivation of the key, unless a reactivation followed it. */
  deactivatedAt?: string;
}

/** Where a secret that held a key lives, as the DELETE endpoints name it; `store` absent: an Actions secret. */
export type SecretTarget =
  | { scope: "repo"; repo: string; name: string; store?: SecretStore }
  | { scope: "environment"; repo: string; environment: string; name: string }
  | { scope: "organization"; org: string; name: string; store?: SecretStore };

/** GitHub's other secret stores (Dependabot's and Codespaces'), each with its own DELETE endpoints. */
export type SecretStore = "dependabot" | "codespaces";

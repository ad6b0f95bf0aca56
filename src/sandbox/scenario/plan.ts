// A scenario plan: the hand-written (acme) or repeated (large) description that build-world.ts turns
// into a World. Plans name things and say how old they are; ids, times and evidence come from the seed.
import type { StoreSecretsPlan } from "./store-secrets.js";
import type { TemplateId } from "./templates.js";

export interface AccountPlan {
  /** Short handle the rest of the plan refers to ("prod", "wl-0042"). */
  key: string;
  name: string;
  /** OU path under the root ("Workloads/Prod"); "" for an account directly under the root. */
  ou: string;
  status?: "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE";
  denyAuditRole?: boolean;
  joinedDaysAgo: number;
  joinedMethod?: "INVITED" | "CREATED";
}

/**
 * Policy references: "aws:NAME" (AWS managed, e.g. aws:AmazonS3FullAccess or aws:job-function/Billing),
 * "customer:NAME" (customer managed, document from policies.ts), "inline:NAME" (inline, same library).
 */
export type PolicyRef = `aws:${string}` | `customer:${string}` | `inline:${string}`;

export interface GroupPlan {
  account: string;
  name: string;
  policies: PolicyRef[];
}

export interface KeyPlan {
  /** Handle that repo bindings and org secrets use; absent for keys no repo holds. */
  ref?: string;
  ageDays: number;
  status?: "Active" | "Inactive";
  /** Last use when no planted run uses the key (stale keys); omit both for never-used keys. */
  lastUsedDaysAgo?: number;
  lastUsedService?: string;
  /** Also used from outside GitHub: an office laptop or an on-premises server (non-runner IPs). */
  outside?: "office" | "on-prem";
}

export interface UserPlan {
  account: string;
  userName: string;
  path?: string;
  createdDaysAgo: number;
  /** A person (console password, used recently) rather than a machine user. */
  human?: boolean;
  groups?: string[];
  policies?: PolicyRef[];
  tags?: Record<string, string>;
  keys: KeyPlan[];
}

export interface RootKeyPlan {
  account: string;
  ageDays: number;
  lastUsedDaysAgo?: number;
  status?: "Active" | "Inactive";
}

export interface RepoPlan {
  name: string;
  template: TemplateId;
  /** Template slot id → key ref. Unbound slots hold credentials that are not IAM keys (or nothing). */
  bind?: Record<string, string>;
  /** Slots whose secret was set days after the key was made (no timing evidence). */
  lateSecrets?: string[];
  createdDaysAgo: number;
  archived?: boolean;
  fork?: boolean;
  visibility?: "public" | "private" | "internal";
  defaultBranch?: string;
  secretScanning?: boolean;
  region?: string;
  /** Secret-scanning alerts for the key bound to a slot: where the key id was committed. */
  alerts?: Array<{ slot: string; path?: string; line?: number; state: "open" | "resolved" }>;
  /** Seeded variation for repeated templates. */
  variant?: number;
  /** Runs per workflow file (min, max), when not the plan's default. */
  runCount?: [number, number];
}

export interface OrgSecretPlan {
  name: string;
  visibility: "all" | "private" | "selected";
  selectedRepos?: string[];
  /** Key ref when this secret holds (part of) an access key pair. */
  key?: string;
  /** Set days after the key was made (no timing evidence). */
  late?: boolean;
  createdDaysAgo: number;
}

export interface OidcRolePlan {
  roleName: string;
  /** StringLike patterns for token.actions.githubusercontent.com:sub; "{immutable:REPO}" expands to repo:owner@ID/REPO@ID. */
  subjects: string[];
  /** Trust without the aud condition (a finding of its own). */
  noAudience?: boolean;
  policies: PolicyRef[];
}

export interface ScenarioPlan {
  org: { login: string; name: string; createdDaysAgo: number };
  accounts: AccountPlan[];
  /** Account key of the management account (holds the sandbox caller). */
  management: string;
  /** Account key that has the GitHub OIDC provider, and one production account. */
  oidcAccount: string;
  targetAccount: string;
  groups: GroupPlan[];
  users: UserPlan[];
  rootKeys: RootKeyPlan[];
  oidcRoles: OidcRolePlan[];
  orgSecrets: OrgSecretPlan[];
  repos: RepoPlan[];
  /** Default region per repo when the repo plan does not say. */
  regions: string[];
  /** Member accounts registered as delegated administrators (account key, service principals). */
  delegatedAdmins?: Array<{ account: string; services: string[]; daysAgo: number }>;
  /** Runs per workflow file (min, max) and how many days back they go. */
  runs: { min: number; max: number; days: number };
  /** Dependabot and Codespaces secrets (added last, without the seeded generator). */
  storeSecrets?: StoreSecretsPlan;
}

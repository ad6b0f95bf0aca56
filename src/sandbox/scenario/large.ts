// Grows a plan to N accounts and M repos the way a big company looks: most repositories never touch
// AWS (the share that uses AWS keys is a parameter, 12% by default), many are forks or archived,
// some already deploy through OIDC, and a few monorepos carry dozens of workflow files. Each
// key-using repo repeats a template with seeded variation and gets its own CI user and key in a
// reachable workload account. The hand-written part of the plan is kept as it is; the numbers are
// totals, never below what the base plan already has.
import type { AccountPlan, RepoPlan, ScenarioPlan, UserPlan } from "./plan.js";
import { policiesForProfile } from "./policies.js";
import { Rng } from "./random.js";
import type { RepoTemplate, SlotSpec } from "./template-types.js";
import { TEMPLATES, type TemplateId } from "./templates.js";

/** Key-using templates worth repeating, weighted by how often the shape shows up in real organizations. */
const KEY_TEMPLATES: Array<[TemplateId, number]> = [
  ["cac-v4-ecr-docker", 6], ["cac-v1-s3", 4], ["cac-v2-sam", 3], ["cac-v5-assume", 2], ["cac-v6-web", 5],
  ["cac-sha-environments", 3], ["cac-prefixed-accounts", 3], ["cac-v6-schedule", 3], ["cac-v2-backup", 2],
  ["cac-tags-release", 2], ["cac-idtoken-keys", 2], ["env-workflow-cdk", 3], ["env-job-terraform", 4],
  ["env-step-serverless", 3], ["env-step-s3-crlf", 2], ["env-docker-run", 2], ["env-docker-s3-action", 1], ["env-sam-step", 2],
  ["env-batch-nonkey", 1], ["env-pr-target", 2], ["run-inline-sls", 1], ["reusable-inherit", 3],
  ["reusable-explicit", 2], ["composite-input", 2], ["third-party-inputs", 2], ["vars-key-id", 1],
  ["org-all", 2], ["yaml-quirks", 1], ["literal-key", 1], ["half-migrated", 1], ["cac-v3-session", 1],
];
const WEIGHTED_KEYS: TemplateId[] = KEY_TEMPLATES.flatMap(([id, weight]) => Array<TemplateId>(weight).fill(id));

/** Default share of generated repositories that use AWS keys (big companies: one in eight or so). */
export const DEFAULT_AWS_SHARE = 0.12;

/**
 * What the other repositories are, as shares of ALL generated repositories: forks of outside
 * projects (a few of them with the upstream's AWS workflows but no secrets), repos already on
 * OIDC, monorepos with 20-60 workflow files, workflows that do not parse; the rest runs tests and
 * deploys nothing. A quarter of the keyless ones are archived.
 */
const OTHER_SHARES: Array<[TemplateId | "fork", number]> = [["fork", 0.11], ["fork-upstream", 0.01], ["oidc-full", 0.03], ["monorepo-ci", 0.005], ["invalid-yaml", 0.002]];
const ARCHIVED_SHARE = 0.25;

const TEAMS = ["orders", "billing", "search", "catalog", "identity", "ledger", "risk", "growth", "media", "ads", "maps", "mail", "fleet", "pricing", "claims", "quotes"];
const KINDS = ["api", "worker", "web", "jobs", "etl", "gateway", "infra", "site", "service", "lambda", "stream", "batch"];
const OUS = ["Workloads/Prod", "Workloads/Staging", "Workloads/Dev", "Workloads/Prod", "Workloads/Dev", "Sandbox"];

const slotCache = new Map<TemplateId, SlotSpec[]>();
function slotsOf(template: TemplateId): SlotSpec[] {
  let slots = slotCache.get(template);
  if (!slots) {
    const probe = { org: "o", repo: "r", keyIds: {}, accounts: {}, oidcAccount: "", targetAccount: "", region: "us-east-1", variant: 0 };
    const t: RepoTemplate = TEMPLATES[template];
    slotCache.set(template, (slots = t.build(probe).slots));
  }
  return slots;
}

/** A generated repository without AWS keys, from a uniform draw in [0, 1 − awsShare). */
function otherRepo(draw: number): { template: TemplateId; fork: boolean } {
  let edge = 0;
  for (const [kind, share] of OTHER_SHARES) {
    edge += share;
    if (draw < edge) return kind === "fork" ? { template: "no-aws", fork: true } : { template: kind, fork: kind === "fork-upstream" };
  }
  return { template: "no-aws", fork: false };
}

export function extendPlan(base: ScenarioPlan, want: { accounts?: number; repos?: number; awsShare?: number }, seed: number): ScenarioPlan {
  const awsShare = want.awsShare ?? DEFAULT_AWS_SHARE;
  // A stream of its own, so the choices here do not depend on how much the base plan consumed.
  const rng = new Rng((seed ^ 0x5bd1e995) >>> 0);
  const accounts: AccountPlan[] = [...base.accounts];
  for (let i = 0; accounts.length < (want.accounts ?? 0); i++) {
    const team = rng.pick(TEAMS);
    const ou = OUS[i % OUS.length] ?? "Sandbox";
    const stage = ou.split("/")[1]?.toLowerCase() ?? "sandbox";
    accounts.push({
      key: `gen-${i}`, name: `acme-${team}-${stage}-${String(i).padStart(4, "0")}`, ou, joinedDaysAgo: rng.int(30, 2000),
      ...(i % 151 === 150 ? { denyAuditRole: true } : {}),
      ...(i % 307 === 306 ? { status: "SUSPENDED" as const } : {}),
    });
  }
  // Keys go only where the audit can read them, so every planted link can be measured.
  const homes = accounts.filter((a) => !a.denyAuditRole && (a.status ?? "ACTIVE") === "ACTIVE" && a.key !== base.management && a.ou.startsWith("Workloads")).map((a) => a.key);

  const users: UserPlan[] = [...base.users];
  const repos: RepoPlan[] = [...base.repos];
  const taken = new Set(repos.map((r) => r.name));
  for (let i = 0; repos.length < (want.repos ?? 0); i++) {
    const draw = rng.float();
    const usesKeys = draw < awsShare;
    const { template, fork } = usesKeys ? { template: rng.pick(WEIGHTED_KEYS), fork: false } : otherRepo(draw - awsShare);
    let name = `${rng.pick(TEAMS)}-${rng.pick(KINDS)}`;
    if (taken.has(name)) name = `${name}-${i}`;
    taken.add(name);
    const bind: Record<string, string> = {};
    let oldest = 0;
    for (const slot of fork ? [] : slotsOf(template)) {
      if (slot.scope === "organization" || slot.sessionName) continue; // org keys are shared; session creds are not IAM keys
      const ref = `${name}:${slot.id}`;
      const ageDays = rng.int(15, 1600);
      oldest = Math.max(oldest, ageDays);
      users.push({
        account: rng.pick(homes), userName: `gha-${name}${slot.id === "main" ? "" : `-${slot.id}`}`, path: "/ci/", createdDaysAgo: ageDays + rng.int(0, 30),
        policies: policiesForProfile(slot.profile), keys: [{ ref, ageDays }],
      });
      bind[slot.id] = ref;
    }
    repos.push({
      name, template, bind, variant: i, createdDaysAgo: oldest + rng.int(1, 500), runCount: [1, 2],
      ...(rng.chance(0.4) ? { lateSecrets: Object.keys(bind) } : {}),
      ...(rng.chance(0.1) ? { visibility: "internal" as const } : {}),
      ...(fork ? { fork: true, visibility: "public" as const } : rng.chance(usesKeys ? 0.03 : ARCHIVED_SHARE) ? { archived: true } : {}),
      ...(rng.chance(0.05) ? { secretScanning: false } : {}),
      ...(template === "literal-key" ? { alerts: [{ slot: "main", state: "open" as const }] } : {}),
    });
  }
  return { ...base, accounts, users, repos };
}

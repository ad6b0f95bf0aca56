// Grows a plan to N accounts and M repos by repeating the repo templates with seeded variation: each
// key-using repo gets its own CI user and key in a reachable workload account. The hand-written part
// of the plan is kept as it is; the numbers are totals, never below what the base plan already has.
import type { AccountPlan, RepoPlan, ScenarioPlan, UserPlan } from "./plan.js";
import { policiesForProfile } from "./policies.js";
import { Rng } from "./random.js";
import type { RepoTemplate, SlotSpec } from "./template-types.js";
import { TEMPLATES, type TemplateId } from "./templates.js";

/** Templates worth repeating, weighted by how often the shape shows up in real organizations. */
const REPEATABLE: Array<[TemplateId, number]> = [
  ["cac-v4-ecr-docker", 6], ["cac-v1-s3", 4], ["cac-v2-sam", 3], ["cac-v5-assume", 2], ["cac-v6-web", 5],
  ["cac-sha-environments", 3], ["cac-prefixed-accounts", 3], ["cac-v6-schedule", 3], ["cac-v2-backup", 2],
  ["cac-tags-release", 2], ["cac-idtoken-keys", 2], ["env-workflow-cdk", 3], ["env-job-terraform", 4],
  ["env-step-serverless", 3], ["env-step-s3-crlf", 2], ["env-docker-run", 2], ["env-docker-s3-action", 1], ["env-sam-step", 2],
  ["env-batch-nonkey", 1], ["env-pr-target", 2], ["run-inline-sls", 1], ["reusable-inherit", 3],
  ["reusable-explicit", 2], ["composite-input", 2], ["third-party-inputs", 2], ["vars-key-id", 1],
  ["org-all", 2], ["yaml-quirks", 1], ["literal-key", 1], ["oidc-full", 4], ["half-migrated", 1],
  ["invalid-yaml", 1], ["cac-v3-session", 1], ["fork-upstream", 1], ["no-aws", 18],
];
const WEIGHTED: TemplateId[] = REPEATABLE.flatMap(([id, weight]) => Array<TemplateId>(weight).fill(id));

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

export function extendPlan(base: ScenarioPlan, want: { accounts?: number; repos?: number }, seed: number): ScenarioPlan {
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
    const template = rng.pick(WEIGHTED);
    let name = `${rng.pick(TEAMS)}-${rng.pick(KINDS)}`;
    if (taken.has(name)) name = `${name}-${i}`;
    taken.add(name);
    const fork = template === "fork-upstream";
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
      ...(fork ? { fork: true, visibility: "public" as const } : rng.chance(0.03) ? { archived: true } : {}),
      ...(rng.chance(0.05) ? { secretScanning: false } : {}),
      ...(template === "literal-key" ? { alerts: [{ slot: "main", state: "open" as const }] } : {}),
    });
  }
  return { ...base, accounts, users, repos };
}

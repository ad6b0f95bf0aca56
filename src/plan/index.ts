// Plan: the pure stage after analyze. The Inventory, its Analysis, the plan config and `now` in; the
// migration plan out — roles with their trust and permission policies, the role each workflow usage
// will assume, the fate of each key, and the ordered steps with preconditions and rollback.
import type { Finding, Link } from "../analyze/model.js";
import type { RepoWorkflowAnalysis } from "../analyze/workflows/index.js";
import type { CloudTrailEvent, Inventory } from "../inventory/schema.js";
import { CHAINED_SESSION_SECONDS, GITHUB_ISSUER, type PlanConfig } from "./config.js";
import { keyDrafts } from "./keys.js";
import { planDependabot } from "./dependabot.js";
import { planGuardrails } from "./guardrails.js";
import { draftRepo, type PlanContext, type RepoDraft } from "./repo-plan.js";
import { buildRoles } from "./roles.js";
import { PLAN_SCHEMA_VERSION, type Issue, type Plan, type PlanAccount, type PlanRole, type RepoPlan } from "./schema.js";
import { buildSteps } from "./steps.js";
import { userKey } from "./targets.js";
import { chooseToolingAccount } from "./tooling.js";
import { WorkflowTexts } from "./workflow-text.js";

export { CHAINED_SESSION_SECONDS, DEFAULT_ACTION_REF, DEFAULT_PLAN_CONFIG, GITHUB_ISSUER, type PlanConfig, type RepoPlanOverride, type Topology } from "./config.js";
export { PLAN_SCHEMA_VERSION, PlanWire, type Issue, type KeyPlan, type Plan, type PlanRole, type PolicyDocument, type RepoPlan, type RoleAssignment, type Step } from "./schema.js";
export { renderPlanMarkdown } from "./markdown.js";
export { readyRepos, roleAssignmentsFor } from "./assignments.js";

export interface PlanInput {
  inventory: Inventory;
  /** The parts of analyze()'s result the plan reads. */
  analysis: { workflows: Map<string, RepoWorkflowAnalysis>; links: Link[]; findings: Finding[] };
  config: PlanConfig;
  now: Date;
}

export function buildPlan(input: PlanInput): Plan {
  const { inventory, analysis, config, now } = input;
  const issuer = issuerOf(config, inventory);
  const githubCom = issuer === GITHUB_ISSUER || issuer.startsWith(`${GITHUB_ISSUER}/`);
  const aws = inventory.aws;
  const partition = /^arn:(aws[a-z-]*):/.exec(aws?.users[0]?.arn ?? "")?.[1] ?? "aws";
  const hub = config.topology === "hub-and-spoke";
  const issues: Issue[] = [];

  let toolingAccountId: string | undefined;
  if (hub) {
    const choice = chooseToolingAccount(aws?.accounts ?? [], config.toolingAccountId);
    toolingAccountId = choice.accountId;
    if (!toolingAccountId) {
      const candidates = "candidates" in choice && choice.candidates.length ? ` Candidates: ${choice.candidates.join(", ")}.` : "";
      issues.push({ severity: "blocker", code: "NoToolingAccount", message: `Hub-and-spoke needs a tooling account for the OIDC provider and the entry roles, and ${choice.why}.${candidates}`, remediation: "Set plan.toolingAccountId in keyless.config.yaml, or plan.topology: direct." });
    } else if (aws && !aws.accounts.some((a) => a.id === toolingAccountId)) {
      issues.push({ severity: "warning", code: "ToolingAccountNotInInventory", message: `Tooling account ${toolingAccountId} is not among the Inventory's accounts.`, accountId: toolingAccountId });
    }
  }

  const repos = [...(inventory.github?.repos ?? [])].sort((a, b) => a.fullName.localeCompare(b.fullName));
  const repoByName = new Map(repos.map((r) => [r.fullName, r]));
  const events = new Map<string, CloudTrailEvent[]>();
  for (const e of aws?.cloudTrail ?? []) {
    const list = events.get(e.accessKeyId);
    if (list) list.push(e);
    else events.set(e.accessKeyId, [e]);
  }
  const ctx: PlanContext = {
    config,
    githubCom,
    texts: new WorkflowTexts((repo, path) => repoByName.get(repo)?.workflows.find((w) => w.path === path)?.text),
    links: linksByRepo(analysis.links),
    keys: new Map((aws?.accessKeys ?? []).map((k) => [k.accessKeyId, k])),
    users: new Map((aws?.users ?? []).map((u) => [userKey(u.accountId, u.userName), u])),
    events,
    permissions: new Map(),
    seenRoles: new Set([...(aws?.roles ?? []), ...(aws?.githubTrustingRoles ?? [])].map((r) => r.arn.toLowerCase())),
    ...(aws?.auditRoleName ? { auditRoleName: aws.auditRoleName } : {}),
  };
  const drafts: RepoDraft[] = repos.flatMap((r) => draftRepo(r, analysis.workflows.get(r.fullName), ctx) ?? []);
  if (hub && !toolingAccountId) {
    for (const d of drafts.filter((d) => d.status === "ready")) {
      d.status = "blocked";
      d.issues.push({ severity: "blocker", code: "NoToolingAccount", message: "No tooling account: the entry roles have nowhere to live.", remediation: "Set plan.toolingAccountId in keyless.config.yaml.", repo: d.repo.fullName });
    }
  }
  const ready = drafts.filter((d) => d.status === "ready");
  const built = buildRoles(ready, { config, issuer, partition, toolingAccountId, inventoryProviders: aws?.oidcProviders ?? [], ctx });
  issues.push(...built.issues.filter((i) => !i.repo));
  const draftMap = new Map(drafts.map((d) => [d.repo.fullName, d]));
  for (const i of built.issues.filter((i) => i.repo)) draftMap.get(i.repo as string)?.issues.push(i);

  const accountName = new Map((aws?.accounts ?? []).map((a) => [a.id, a.name]));
  const moduleAccounts = new Set([...built.roles.filter((r) => r.managedByKeyless).map((r) => r.accountId), ...built.providers.filter((p) => !p.exists).map((p) => p.accountId)]);
  const toolingModule = toolingAccountId && moduleAccounts.has(toolingAccountId) ? `tooling-${toolingAccountId}` : undefined;
  const accounts: PlanAccount[] = [...moduleAccounts].sort().map((id) => {
    const tooling = id === toolingAccountId && hub;
    const trustsTooling = !tooling && !!toolingModule && built.roles.some((r) => r.accountId === id && r.kind === "deploy");
    return { id, ...(accountName.get(id) ? { name: accountName.get(id) as string } : {}), kind: tooling ? "tooling" : "target", module: tooling ? `tooling-${id}` : `account-${id}`, applyAfter: trustsTooling && toolingModule ? [toolingModule] : [] };
  });
  accounts.sort((a, b) => (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === "tooling" ? -1 : 1));

  const keys = keyDrafts(aws?.accessKeys ?? [], analysis.links, analysis.findings, draftMap);
  const steps = buildSteps({ config, accounts, roles: built.roles, existingRoleChanges: built.existingRoleChanges, repos: drafts, assignments: built.assignments, keys });
  const stepById = new Map(steps.map((s) => [s.id, s]));
  const roleByArn = new Map(built.roles.map((r) => [r.arn, r]));
  const stepsByKey = new Map<string, string[]>();
  for (const s of steps) if (s.accessKeyId) stepsByKey.set(s.accessKeyId, [...(stepsByKey.get(s.accessKeyId) ?? []), s.id]);
  const stepsByRepo = new Map<string, string[]>();
  for (const s of steps) if (s.repo) stepsByRepo.set(s.repo, [...(stepsByRepo.get(s.repo) ?? []), s.id]);
  const byOrder = (ids: Iterable<string>) => [...new Set(ids)].sort((a, b) => (stepById.get(a)?.order ?? 0) - (stepById.get(b)?.order ?? 0));

  const repoPlans: RepoPlan[] = drafts.map((d) => {
    const name = d.repo.fullName;
    const assignments = built.assignments.get(name) ?? [];
    const arns = new Set(assignments.flatMap((a) => [a.entryRoleArn, ...(a.chainRoleArn ? [a.chainRoleArn] : [])]));
    const keyIds = [...new Set(d.links.map((l) => l.accessKeyId))].sort();
    const mergeDeps = stepById.get(`merge-pr:${name}`)?.dependsOn ?? [];
    const targets = new Map<string, Set<string>>();
    for (const c of d.consumers) targets.set(c.target.accountId, new Set([...(targets.get(c.target.accountId) ?? []), ...c.target.sources]));
    return {
      repo: name,
      status: d.status,
      subject: { format: d.subject.format, prefix: d.subject.keys ? d.subject.keys.join(":") : d.subject.repoPart, why: d.subject.why },
      targetAccounts: [...targets.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([accountId, sources]) => ({ accountId, sources: [...sources].sort() })),
      roles: [...arns].flatMap((arn) => roleByArn.get(arn)?.id ?? []).sort(),
      assignments,
      keys: keyIds,
      secrets: [...new Set(d.links.flatMap((l) => l.secretNames.map((n) => (l.scope === "organization" ? `organization/${n}` : l.environment ? `${l.environment}/${n}` : n))))].sort(),
      steps: byOrder([...(stepsByRepo.get(name) ?? []), ...mergeDeps, ...keyIds.flatMap((k) => stepsByKey.get(k) ?? [])]),
      issues: d.issues,
    };
  });
  const keyPlans = keys.map(({ key: _key, verifyRepos: _verify, ...k }) => ({ ...k, steps: stepsByKey.get(k.accessKeyId) ?? [] }));

  const allIssues = [...issues, ...repoPlans.flatMap((r) => r.issues)];
  const scheduled = new Set(keys.map((k) => k.accessKeyId));
  const unlinked = (aws?.accessKeys ?? []).filter((k) => k.status === "Active" && !scheduled.has(k.accessKeyId)).length;
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    inventoryGeneratedAt: inventory.generatedAt,
    ...(inventory.github?.org ? { githubOrg: inventory.github.org } : {}),
    config: {
      topology: config.topology,
      ...(toolingAccountId ? { toolingAccountId } : {}),
      issuer,
      externalId: config.externalId,
      leastPrivilege: config.leastPrivilege,
      permissions: config.permissions,
      actionRef: config.actionRef,
      rolePath: config.rolePath,
      roleNamePrefix: config.roleNamePrefix,
      maxSessionDuration: config.maxSessionDuration,
      waitDays: config.waitDays,
    },
    summary: {
      repos: repoPlans.length,
      reposReady: repoPlans.filter((r) => r.status === "ready").length,
      reposBlocked: repoPlans.filter((r) => r.status === "blocked").length,
      roles: built.roles.length,
      keysToRetire: keyPlans.filter((k) => k.disposition === "retire-after-migration").length,
      keysToDelete: keyPlans.filter((k) => k.disposition === "delete-unused").length,
      keysKept: keyPlans.filter((k) => k.disposition === "keep-used-outside-github").length,
      blockers: allIssues.filter((i) => i.severity === "blocker").length,
      warnings: allIssues.filter((i) => i.severity === "warning").length,
    },
    accounts,
    providers: built.providers,
    roles: built.roles,
    existingRoleChanges: built.existingRoleChanges,
    repos: repoPlans,
    keys: keyPlans,
    steps,
    issues,
    notes: [...notes(config, issuer, toolingAccountId, unlinked), ...permissionNotes(config, built.roles, inventory)],
    ...optionalGuardrails(planGuardrails(keyPlans, inventory, config.breakGlassRoleName)),
    ...optionalDependabot(planDependabot(inventory, analysis)),
  };
}

function optionalGuardrails(guardrails: Plan["guardrails"]): Pick<Plan, "guardrails"> {
  return guardrails ? { guardrails } : {};
}

function optionalDependabot(dependabot: NonNullable<Plan["dependabot"]>): Pick<Plan, "dependabot"> {
  return dependabot.length > 0 ? { dependabot } : {};
}

function linksByRepo(links: Link[]): Map<string, Link[]> {
  const out = new Map<string, Link[]>();
  for (const l of links) {
    const list = out.get(l.repo);
    if (list) list.push(l);
    else out.set(l.repo, [l]);
  }
  return out;
}

function issuerOf(config: PlanConfig, inventory: Inventory): string {
  if (config.issuer) return config.issuer;
  // Enterprise Server's API lives at https://HOST/api/v3; its token issuer at https://HOST/_services/token.
  const ghes = /^(https:\/\/[^/]+)\/api\/v3\/?$/.exec(inventory.github?.apiUrl ?? "");
  return ghes?.[1] ? `${ghes[1]}/_services/token` : GITHUB_ISSUER;
}

function notes(config: PlanConfig, issuer: string, tooling: string | undefined, unlinked: number): string[] {
  const out = [`OIDC issuer: ${issuer}; every trust requires aud = sts.amazonaws.com and a sub naming the repository and its ref or environment.`];
  if (config.topology === "hub-and-spoke") {
    out.push(`Hub-and-spoke: the provider and the entry roles live in ${tooling ?? "(no tooling account)"}; each entry role may only chain into its repository's deploy roles.`);
    out.push(`Role chaining caps a chained session at ${CHAINED_SESSION_SECONDS} seconds: deploy roles allow ${CHAINED_SESSION_SECONDS}, and the workflow patches never ask for more.`);
    if (config.externalId) out.push("ExternalIds are derived, not random: keyless-<the first 32 hex digits of sha256(\"keyless/external-id/v1\\n<repository id>\\n<account id>\")>. They are public and no defence: a hop admits only the entry role ARNs its trust names.");
  } else {
    out.push("Direct: each target account gets the provider and a role that the workflow assumes with its OIDC token; no chaining.");
  }
  out.push("Self-hosted runners are read from each job's runs-on in the workflow text.");
  if (config.leastPrivilege) out.push("leastPrivilege narrows by each key's last-used service and its CloudTrail events: IAM last-accessed data is not in the Inventory yet.");
  if (unlinked > 0) out.push(`${unlinked} active access key(s) are linked to no repository and have no finding that schedules them; see the audit.`);
  return out;
}

/** Which permissions each deploy role got, and on what evidence (the PR body and plan.md repeat it). */
function permissionNotes(config: PlanConfig, roles: PlanRole[], inventory: Inventory): string[] {
  const deploy = roles.filter((r) => r.kind !== "entry" && r.managedByKeyless);
  const narrowed = deploy.filter((r) => r.permissions.narrowing?.chosen === "narrow").length;
  const read = (inventory.aws?.users ?? []).filter((u) => u.lastAccessed && !u.lastAccessed.error).length;
  if (config.permissions === "copy") return [`--permissions copy: every deploy role copies its key user's policies; ${deploy.filter((r) => r.permissions.narrowing).length} narrowed policies are offered in plan.json (roles[].permissions.narrowing.document).`];
  if (read === 0) return ["--permissions narrow: the inventory has no IAM last-accessed data, so every deploy role copies its key user's policies (re-run the audit to read it)."];
  return [`--permissions narrow: ${narrowed} of ${deploy.length} deploy role(s) narrowed to what their key used (IAM last-accessed data, action level where IAM tracks actions, and CloudTrail); the others copy their user's policies (see each role). --permissions copy restores the users' policies.`];
}

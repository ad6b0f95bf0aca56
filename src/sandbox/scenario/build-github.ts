// Turns the GitHub half of a plan into World data: the organization with its secrets, and each repo's
// files (rendered from its template), secrets, variables, environments, OIDC subject and alerts.
import type { GithubOrg, GithubRepo, OrgSecret, Secret, SecretScanningAlert } from "../world.js";
import type { KeyRecord } from "./build-aws.js";
import { render, type RenderedUsage } from "./markers.js";
import type { OrgSecretPlan, RepoPlan, ScenarioPlan } from "./plan.js";
import { addDays, addMinutes, addMs, daysAgo, workTime, type Rng } from "./random.js";
import type { RepoTemplate, SlotSpec, TemplateOutput } from "./template-types.js";
import { TEMPLATES } from "./templates.js";

/** GitHub's immutable subject claims are the default for repos created on or after this day. */
export const IMMUTABLE_SUBJECT_SINCE = "2026-07-15T00:00:00Z";

export interface SlotBinding {
  slot: SlotSpec;
  key?: KeyRecord;
  /** Names of the stored secrets that hold the key pair (what a link reports). */
  secretNames: string[];
  /** When the stored secret was last written (timing evidence). */
  secretUpdatedAt?: string;
}

export interface RepoRecord {
  plan: RepoPlan;
  repo: GithubRepo;
  output: TemplateOutput;
  usages: Array<RenderedUsage & { path: string }>;
  bindings: Map<string, SlotBinding>;
}

export interface GithubContext {
  plan: ScenarioPlan;
  rng: Rng;
  now: string;
  keysByRef: Map<string, KeyRecord>;
  accountIds: Map<string, string>;
  org: GithubOrg;
  orgSecretPlans: OrgSecretPlan[];
}

export function buildOrg(plan: ScenarioPlan, rng: Rng, now: string, keysByRef: Map<string, KeyRecord>): GithubOrg {
  const secrets: OrgSecret[] = plan.orgSecrets.map((s) => {
    const key = s.key ? keysByRef.get(s.key) : undefined;
    const updatedAt = key ? secretTime(rng, now, key.key.createDate, s.late ?? false, daysAgo(now, s.createdDaysAgo)) : workTime(rng, now, rng.int(0, s.createdDaysAgo));
    const createdAt = minIso(updatedAt, daysAgo(now, s.createdDaysAgo));
    return { name: s.name, createdAt, updatedAt, visibility: s.visibility, ...(s.selectedRepos ? { selectedRepos: s.selectedRepos.map((r) => `${plan.org.login}/${r}`) } : {}) };
  });
  return {
    login: plan.org.login,
    id: rng.githubId("org", 10_000_000, 99_999_999),
    nodeId: rng.nodeId("O_kgDO"),
    name: plan.org.name,
    createdAt: workTime(rng, now, plan.org.createdDaysAgo),
    secrets,
    variables: [{ name: "DEFAULT_AWS_REGION", value: "us-east-1", createdAt: workTime(rng, now, 600), updatedAt: workTime(rng, now, 300) }],
  };
}

export function buildRepo(ctx: GithubContext, p: RepoPlan): RepoRecord {
  const { rng, now, org } = ctx;
  const template: RepoTemplate = TEMPLATES[p.template];
  const createdAt = workTime(rng, now, p.createdDaysAgo);
  const region = p.region ?? ctx.plan.regions[(p.variant ?? 0) % ctx.plan.regions.length] ?? "us-east-1";
  const keyIds: Record<string, string> = {};
  const accounts: Record<string, string> = {};
  for (const [slot, ref] of Object.entries(p.bind ?? {})) {
    const key = ctx.keysByRef.get(ref);
    if (!key) throw new Error(`repo ${p.name} binds slot ${slot} to unknown key "${ref}"`);
    keyIds[slot] = key.key.accessKeyId;
    accounts[slot] = key.accountId;
  }
  const output = template.build({
    org: org.login, repo: p.name, keyIds, accounts, region, variant: p.variant ?? 0,
    oidcAccount: ctx.accountIds.get(ctx.plan.oidcAccount) ?? "", targetAccount: ctx.accountIds.get(ctx.plan.targetAccount) ?? "",
  });

  const fullName = `${org.login}/${p.name}`;
  const files: Record<string, string> = { "README.md": `# ${p.name}\n\n${output.description ?? ""}\n` };
  const usages: RepoRecord["usages"] = [];
  for (const f of output.files) {
    const rendered = render(f.raw, { ...(f.crlf ? { crlf: true } : {}), ...(f.noFinalNewline ? { noFinalNewline: true } : {}) });
    files[f.path] = rendered.text;
    for (const u of rendered.usages) usages.push({ ...u, path: f.path });
  }

  const visibility = p.visibility ?? "private";
  const environments = (output.environments ?? []).map((name) => {
    const envCreated = addMinutes(createdAt, rng.int(30, 2000));
    return { id: rng.githubId("environment", 100_000_000, 999_999_999), nodeId: rng.nodeId("EN_kwDO"), name, createdAt: envCreated, updatedAt: envCreated, secrets: [] as Secret[], variables: [] as GithubRepo["variables"] };
  });
  const repo: GithubRepo = {
    id: rng.githubId("repo", 100_000_000 + (3000 - Math.min(p.createdDaysAgo, 2999)) * 300_000, 100_000_000 + (3000 - Math.min(p.createdDaysAgo, 2999)) * 300_000 + 299_999),
    nodeId: rng.nodeId("R_kgDO"),
    owner: org.login,
    ownerId: org.id,
    name: p.name,
    fullName,
    private: visibility !== "public",
    visibility,
    archived: p.archived ?? false,
    fork: p.fork ?? false,
    defaultBranch: p.defaultBranch ?? "main",
    createdAt,
    updatedAt: p.archived ? workTime(rng, now, Math.min(p.createdDaysAgo - 1, rng.int(200, 370))) : workTime(rng, now, rng.int(0, 30)),
    pushedAt: p.archived ? workTime(rng, now, Math.min(p.createdDaysAgo - 1, rng.int(380, 760))) : workTime(rng, now, rng.int(0, 10)),
    description: output.description ?? null,
    files,
    secrets: [],
    variables: [],
    environments,
    oidcSubject: Date.parse(createdAt) >= Date.parse(IMMUTABLE_SUBJECT_SINCE) ? { useDefault: false, includeClaimKeys: ["repository_owner_id", "repository_id"] } : { useDefault: true },
    secretScanningAlerts: [],
    secretScanningEnabled: p.secretScanning ?? true,
    workflowRuns: [],
  };

  const place = (name: string, environment: string | undefined): Secret[] | undefined => {
    if (!environment) return undefined;
    const env = environments.find((e) => e.name === environment);
    if (!env) throw new Error(`repo ${p.name} puts a secret in unknown environment ${environment} (${name})`);
    return env.secrets;
  };
  const bindings = new Map<string, SlotBinding>();
  for (const slot of output.slots) {
    if (slot.scope === "organization") {
      bindings.set(slot.id, bindOrgSlot(ctx, slot, p, visibility));
      continue;
    }
    if (p.fork) {
      bindings.set(slot.id, { slot, secretNames: [] }); // forks hold no secrets of their own
      continue;
    }
    const key = p.bind?.[slot.id] ? ctx.keysByRef.get(p.bind[slot.id] ?? "") : undefined;
    const late = (p.lateSecrets ?? []).includes(slot.id);
    const home = environments.find((e) => e.name === slot.environment)?.createdAt ?? createdAt;
    const updatedAt = key ? secretTime(rng, now, key.key.createDate, late, home) : workTime(rng, now, rng.int(1, Math.max(2, p.createdDaysAgo - 2)));
    const secretCreated = minIso(updatedAt, key && !late && rng.chance(0.5) ? addDays(home, rng.int(1, 20)) : updatedAt);
    const names = [...(slot.idFrom === undefined || slot.idFrom === "secret" ? [slot.idName] : []), slot.secretName, ...(slot.sessionName ? [slot.sessionName] : [])];
    const target = place(slot.secretName, slot.environment) ?? repo.secrets;
    names.forEach((name, i) => target.push({ name, createdAt: secretCreated, updatedAt: addMs(updatedAt, i * rng.int(5_000, 40_000)) }));
    if (slot.idFrom === "variable") {
      const variable = { name: slot.idName, value: key?.key.accessKeyId ?? "", createdAt: secretCreated, updatedAt };
      const envVars = slot.environment ? environments.find((e) => e.name === slot.environment)?.variables : undefined;
      (envVars ?? repo.variables).push(variable);
    }
    bindings.set(slot.id, { slot, ...(key ? { key } : {}), secretNames: key ? names.filter((n) => n !== slot.sessionName) : [], secretUpdatedAt: updatedAt });
  }
  if (!p.fork) {
    for (const s of output.otherSecrets ?? []) {
      const t = workTime(rng, now, rng.int(1, Math.max(2, p.createdDaysAgo - 1)));
      const target = place(s.name, s.environment) ?? repo.secrets;
      if (!target.some((x) => x.name === s.name)) target.push({ name: s.name, createdAt: t, updatedAt: t });
    }
    for (const v of output.variables ?? []) {
      const t = workTime(rng, now, rng.int(1, Math.max(2, p.createdDaysAgo - 1)));
      const envVars = v.environment ? environments.find((e) => e.name === v.environment)?.variables : undefined;
      (envVars ?? repo.variables).push({ name: v.name, value: v.value, createdAt: t, updatedAt: t });
    }
  }
  for (const list of [repo.secrets, ...environments.map((e) => e.secrets)]) list.sort((a, b) => a.name.localeCompare(b.name));

  if (repo.secretScanningEnabled) repo.secretScanningAlerts = alertsFor(ctx, p, bindings, usages, createdAt);
  return { plan: p, repo, output, usages, bindings };
}

function bindOrgSlot(ctx: GithubContext, slot: SlotSpec, p: RepoPlan, visibility: string): SlotBinding {
  const secret = ctx.org.secrets.find((s) => s.name === slot.idName);
  const secretPlan = ctx.orgSecretPlans.find((s) => s.name === slot.idName);
  const full = `${ctx.org.login}/${p.name}`;
  const visible = secret !== undefined && (secret.visibility === "all" || (secret.visibility === "private" && visibility !== "public") || (secret.visibility === "selected" && (secret.selectedRepos ?? []).includes(full)));
  const key = visible && secretPlan?.key && !p.fork ? ctx.keysByRef.get(secretPlan.key) : undefined;
  return { slot, ...(key ? { key } : {}), secretNames: key ? [slot.idName, slot.secretName] : [], ...(secret ? { secretUpdatedAt: secret.updatedAt } : {}) };
}

function alertsFor(ctx: GithubContext, p: RepoPlan, bindings: Map<string, SlotBinding>, usages: RepoRecord["usages"], repoCreated: string): SecretScanningAlert[] {
  return (p.alerts ?? []).map((a, i) => {
    const key = bindings.get(a.slot)?.key;
    if (!key) throw new Error(`repo ${p.name} plants an alert for unbound slot ${a.slot}`);
    // Without an explicit place, the alert points at the line where the key id is written in a workflow.
    const literal = usages.find((u) => u.slot === a.slot && u.shape === "literal-key");
    const path = a.path ?? literal?.path;
    const line = a.line ?? literal?.line;
    if (!path || !line) throw new Error(`repo ${p.name}: alert for slot ${a.slot} has no location`);
    const after = Date.parse(key.key.createDate) > Date.parse(repoCreated) ? key.key.createDate : repoCreated;
    return {
      number: i + 1,
      createdAt: minIso(addDays(after, ctx.rng.int(1, 30)), daysAgo(ctx.now, 1)),
      state: a.state,
      secretType: "aws_access_key_id",
      secretTypeDisplayName: "Amazon AWS Access Key ID",
      secret: key.key.accessKeyId,
      path,
      line,
    };
  });
}

/**
 * When a secret holding the key was written: minutes to hours after the key was made (the timing
 * evidence), or, when `late`, days to weeks after. Never before the repo (or org secret) existed.
 */
export function secretTime(rng: Rng, now: string, keyCreated: string, late: boolean, notBefore: string): string {
  let t = late ? addDays(keyCreated, rng.int(3, 40) + rng.float()) : addMinutes(keyCreated, rng.int(4, 300));
  if (Date.parse(t) < Date.parse(notBefore)) t = addDays(notBefore, rng.int(3, 30) + rng.float());
  return minIso(t, daysAgo(now, 0.02));
}

function minIso(a: string, b: string): string {
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

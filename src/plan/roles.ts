// From ready repos to roles: consumers that need the same subjects share an entry role (one per
// environment or ref set that deploys); each (repo, account, key owner) gets a deploy role with the
// owner's permissions, trusting exactly the entry roles that chain into it. Direct topology folds
// both into one role per subject set and account. Names first, then ARNs, then policies that name them.
import type { OidcProvider } from "../inventory/schema.js";
import { CHAINED_SESSION_SECONDS, type PlanConfig } from "./config.js";
import { assignRoleNames, externalIdFor, iamDescription, iamNamePart, iamTagValue } from "./names.js";
import type { ConsumerDraft, PlanContext, RepoDraft } from "./repo-plan.js";
import type { ExistingRoleChange, Issue, OidcProviderPlan, PlanRole, RoleAssignment, RolePermissions, TrustedSubject } from "./schema.js";
import { SEGMENT_NOTE } from "./subjects.js";
import { chainPermission, chainTrust, existingRoleStatement, providerArn, STS_AUDIENCE, webIdentityTrust } from "./trust.js";

export interface RoleBuild {
  roles: PlanRole[];
  assignments: Map<string, RoleAssignment[]>;
  providers: OidcProviderPlan[];
  existingRoleChanges: ExistingRoleChange[];
  issues: Issue[];
}

interface Env {
  config: PlanConfig;
  issuer: string;
  partition: string;
  toolingAccountId: string | undefined;
  inventoryProviders: OidcProvider[];
  ctx: PlanContext;
}

/** A role before its name is known. */
interface Pending {
  id: string;
  kind: PlanRole["kind"];
  repo: string;
  accountId: string;
  base: string;
  subjects?: TrustedSubject[];
  consumers: ConsumerDraft[];
  /** Deploy and direct roles: whose permissions. */
  permissionKey?: string;
  externalId?: string;
}

const MAX_TRUST_POLICY = 2048;

export function buildRoles(drafts: RepoDraft[], env: Env): RoleBuild {
  const { config } = env;
  const pending: Pending[] = [];
  const pendingById = new Map<string, Pending>();
  const addPending = (p: Pending) => {
    pending.push(p);
    pendingById.set(p.id, p);
    return p;
  };
  const chainOf = new Map<ConsumerDraft, { entry: string; chain?: string; existingChain?: string; externalId?: string }>();
  const existingTrust: Array<{ repo: string; arn: string; entryIds: Set<string>; externalId?: string; subjects?: TrustedSubject[] }> = [];
  const hub = config.topology === "hub-and-spoke";

  for (const draft of drafts) {
    const repo = draft.repo;
    const groups = groupBySubjects(draft.consumers);
    for (const [groupKey, consumers] of groups) {
      const subjects = mergeSubjects(consumers);
      const label = iamNamePart(subjects.map((s) => labelOf(s.context)).join("+")) || "deploy";
      const entryId = `entry:${repo.fullName}:${groupKey}`;
      if (hub && !draft.override?.entryRoleArn && env.toolingAccountId) {
        addPending({ id: entryId, kind: "entry", repo: repo.fullName, accountId: env.toolingAccountId, base: `${config.roleNamePrefix}${repo.name}-${label}`, subjects, consumers });
      }
      for (const c of consumers) {
        const account = c.target.accountId;
        const principal = c.target.key?.userName ?? "config";
        const externalId = hub ? (draft.override?.externalId ?? (config.externalId ? externalIdFor(repo.id, account) : undefined)) : undefined;
        const existing = c.target.existingRoleArn ?? draft.override?.deployRoles?.[account]?.arn;
        // Generated roles are referred to by id until their names are known; existing ones by ARN.
        const entry = draft.override?.entryRoleArn ?? entryId;
        if (!hub) {
          if (existing) {
            chainOf.set(c, { entry: existing });
            const known = existingTrust.find((t) => t.arn === existing);
            if (known) known.subjects = mergeTrusted([...(known.subjects ?? []), ...subjects]);
            else existingTrust.push({ repo: repo.fullName, arn: existing, entryIds: new Set(), subjects });
            continue;
          }
          const id = `direct:${repo.fullName}:${account}:${principal}:${groupKey}`;
          const role = pendingById.get(id) ?? addPending({ id, kind: "direct", repo: repo.fullName, accountId: account, base: `${config.roleNamePrefix}${repo.name}-${label}`, subjects, consumers: [], permissionKey: permissionKeyOf(c, draft) });
          role.consumers.push(c);
          chainOf.set(c, { entry: id });
          continue;
        }
        if (existing) {
          chainOf.set(c, { entry, existingChain: existing, ...(externalId ? { externalId } : {}) });
          const change = existingTrust.find((t) => t.arn === existing) ?? { repo: repo.fullName, arn: existing, entryIds: new Set<string>(), ...(externalId ? { externalId } : {}) };
          if (!existingTrust.includes(change)) existingTrust.push(change);
          change.entryIds.add(entry);
          continue;
        }
        const id = `deploy:${repo.fullName}:${account}:${principal}`;
        const role = pendingById.get(id) ?? addPending({ id, kind: "deploy", repo: repo.fullName, accountId: account, base: `${config.roleNamePrefix}${repo.name}-deploy`, consumers: [], permissionKey: permissionKeyOf(c, draft), ...(externalId ? { externalId } : {}) });
        role.consumers.push(c);
        chainOf.set(c, { entry, chain: id, ...(externalId ? { externalId } : {}) });
      }
    }
  }

  // Deploy roles of one repo in one account for several key owners get the owner in their name.
  const siblings = new Map<string, number>();
  const siblingKey = (p: Pending) => [p.kind, p.repo, p.accountId, p.base].join("\n");
  for (const p of pending) siblings.set(siblingKey(p), (siblings.get(siblingKey(p)) ?? 0) + 1);
  for (const p of pending) if (p.kind !== "entry" && (siblings.get(siblingKey(p)) ?? 0) > 1) p.base = `${p.base}-${iamNamePart(p.id.split(":")[3] ?? "")}`;
  const names = assignRoleNames(pending.map((p) => ({ id: p.id, accountId: p.accountId, base: p.base })));
  const path = config.rolePath;
  const arnOf = new Map(pending.map((p) => [p.id, `arn:${env.partition}:iam::${p.accountId}:role${path}${names.get(p.id)}`]));
  const resolve = (ref: string) => arnOf.get(ref) ?? ref;

  const issues: Issue[] = [];
  const providerAccounts = new Set<string>();
  const roles: PlanRole[] = [];
  for (const p of pending) {
    const arn = arnOf.get(p.id) as string;
    const name = names.get(p.id) as string;
    const base = { id: p.id, kind: p.kind, repo: p.repo, accountId: p.accountId, name, path, arn, tags: { "keyless:repo": iamTagValue(p.repo), "keyless:role": p.kind }, managedByKeyless: true };
    if (p.kind === "deploy") {
      const trusted = [...new Set(p.consumers.map((c) => resolve(chainOf.get(c)?.entry ?? "")))].sort();
      roles.push({
        ...base,
        description: iamDescription(`Deploy role of ${p.repo}, chained from its GitHub Actions entry role; replaces ${describeKeys(p.consumers)}. Managed by keyless.`),
        maxSessionDuration: CHAINED_SESSION_SECONDS,
        trustPolicy: chainTrust(trusted, p.externalId),
        trustedRoleArns: trusted,
        ...(p.externalId ? { externalId: p.externalId } : {}),
        permissions: permissionsFor(p, drafts, env),
      });
      continue;
    }
    providerAccounts.add(p.accountId);
    const subjects = p.subjects ?? mergeSubjects(p.consumers);
    const trustPolicy = webIdentityTrust(providerArn(env.partition, p.accountId, env.issuer), env.issuer, subjects);
    const contexts = subjects.map((s) => s.context).join(", ");
    if (p.kind === "entry") {
      const targets = [...new Set(p.consumers.map((c) => { const chain = chainOf.get(c); return chain?.existingChain ?? resolve(chain?.chain ?? ""); }))].sort();
      roles.push({
        ...base,
        description: iamDescription(`GitHub Actions OIDC entry role of ${p.repo} (${contexts}); it only chains into the repository's deploy roles. Managed by keyless.`),
        maxSessionDuration: config.maxSessionDuration,
        trustPolicy,
        subjects,
        permissions: { managedPolicyArns: [], inlinePolicies: [{ name: "chain-into-deploy-roles", document: chainPermission(targets) }], sources: ["keyless: chaining into the repository's deploy roles"] },
      });
    } else {
      roles.push({
        ...base,
        description: iamDescription(`GitHub Actions OIDC role of ${p.repo} (${contexts}); replaces ${describeKeys(p.consumers)}. Managed by keyless.`),
        maxSessionDuration: config.maxSessionDuration,
        trustPolicy,
        subjects,
        permissions: permissionsFor(p, drafts, env),
      });
    }
  }
  for (const role of roles) {
    const size = JSON.stringify(role.trustPolicy).length;
    if (size > MAX_TRUST_POLICY) {
      issues.push({ severity: "warning", code: "TrustPolicyTooLarge", message: `The trust policy of ${role.name} is ${size} characters; IAM allows ${MAX_TRUST_POLICY} unless the quota was raised (up to 4096).`, repo: role.repo, accountId: role.accountId });
    }
  }

  const existingRoleChanges: ExistingRoleChange[] = existingTrust.map((t) => {
    const accountId = t.arn.split(":")[4] ?? "";
    if (t.subjects) {
      providerAccounts.add(accountId);
      const doc = webIdentityTrust(providerArn(env.partition, accountId, env.issuer), env.issuer, t.subjects);
      return { repo: t.repo, roleArn: t.arn, accountId, reason: `${t.repo} assumes it directly with its OIDC token`, statements: doc.Statement };
    }
    const entries = [...t.entryIds].map(resolve).sort();
    const statement = existingRoleStatement(entries[0] ?? "", t.externalId);
    return { repo: t.repo, roleArn: t.arn, accountId, reason: `${t.repo} chains into it from its entry role`, statements: [{ ...statement, Principal: { AWS: entries.length === 1 ? (entries[0] as string) : entries } }] };
  });

  for (const draft of drafts.filter((d) => hub && d.override?.entryRoleArn)) {
    const targets = [...new Set(draft.consumers.map((c) => { const chain = chainOf.get(c); return chain?.existingChain ?? resolve(chain?.chain ?? ""); }))].filter(Boolean).sort();
    issues.push({ severity: "warning", code: "ExistingEntryRole", message: `${draft.repo.fullName} uses the existing entry role ${draft.override?.entryRoleArn}: keyless does not manage its trust, and it needs sts:AssumeRole and sts:TagSession on ${targets.join(", ")}.`, repo: draft.repo.fullName });
  }
  const assignments = new Map<string, RoleAssignment[]>();
  for (const draft of drafts) assignments.set(draft.repo.fullName, assignmentsOf(draft, chainOf, resolve, config, issues));
  const providers = [...providerAccounts].sort().map((accountId) => providerPlan(accountId, env, issues));
  return { roles: roles.sort((a, b) => a.id.localeCompare(b.id)), assignments, providers, existingRoleChanges, issues };
}

function assignmentsOf(draft: RepoDraft, chainOf: Map<ConsumerDraft, { entry: string; chain?: string; existingChain?: string; externalId?: string }>, resolve: (ref: string) => string, config: PlanConfig, issues: Issue[]): RoleAssignment[] {
  const out: RoleAssignment[] = [];
  const choice = (c: ConsumerDraft) => {
    const chain = chainOf.get(c);
    if (!chain) return undefined;
    const chainRoleArn = chain.existingChain ?? (chain.chain ? resolve(chain.chain) : undefined);
    return {
      entryRoleArn: resolve(chain.entry),
      ...(chainRoleArn ? { chainRoleArn } : {}),
      ...(chain.externalId ? { externalId: chain.externalId } : {}),
      ...(c.region ? { region: c.region } : {}),
      maxSessionSeconds: chainRoleArn ? CHAINED_SESSION_SECONDS : config.maxSessionDuration,
    };
  };
  for (const c of draft.consumers) {
    const chosen = choice(c);
    if (chosen) out.push({ repo: draft.repo.fullName, usageId: c.consumer.usage.id, path: c.consumer.path, ...(c.consumer.job ? { job: c.consumer.job } : {}), ...chosen });
  }
  for (const callee of draft.callees.values()) {
    const feeding = draft.consumers.filter((c) => c.consumer.callees.some((u) => u.id === callee.id));
    const choices = feeding.map(choice).filter((x) => x !== undefined);
    const distinct = new Set(choices.map((x) => JSON.stringify({ ...x, region: undefined })));
    if (choices.length === 0) continue;
    if (distinct.size > 1) {
      issues.push({ severity: "warning", code: "CallersAssumeDifferentRoles", message: `The callers of ${callee.path}${callee.job ? ` job ${callee.job}` : ""} assume different roles, so the roles must be passed in from each caller.`, repo: draft.repo.fullName, path: callee.path, usageId: callee.id });
      continue;
    }
    const first = choices[0];
    if (first) out.push({ repo: draft.repo.fullName, usageId: callee.id, path: callee.path, ...(callee.job ? { job: callee.job } : {}), ...first, ...(callee.regionHints.find((h) => h.literal) ? { region: callee.regionHints.find((h) => h.literal)?.value as string } : {}) });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path) || a.usageId.localeCompare(b.usageId) || (a.job ?? "").localeCompare(b.job ?? ""));
}

function providerPlan(accountId: string, env: Env, issues: Issue[]): OidcProviderPlan {
  const host = env.issuer.replace(/^https:\/\//, "");
  const arn = providerArn(env.partition, accountId, env.issuer);
  const found = env.inventoryProviders.find((p) => p.accountId === accountId && (p.arn === arn || p.url.replace(/^https:\/\//, "").replace(/\/$/, "") === host));
  if (found && !found.clientIds.includes(STS_AUDIENCE)) {
    issues.push({ severity: "warning", code: "ProviderAudienceMissing", message: `The OIDC provider in ${accountId} does not list ${STS_AUDIENCE} as a client id; configure-aws-credentials asks for that audience.`, remediation: `aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${found.arn} --client-id ${STS_AUDIENCE}`, accountId });
  }
  return { accountId, issuer: env.issuer, arn: found?.arn ?? arn, exists: !!found, clientIds: found ? [...found.clientIds].sort() : [STS_AUDIENCE] };
}

function permissionKeyOf(c: ConsumerDraft, draft: RepoDraft): string {
  return draft.override?.deployRoles?.[c.target.accountId]?.managedPolicyArns ? `config:${draft.repo.fullName}:${c.target.accountId}` : `key:${c.target.key?.accessKeyId ?? ""}`;
}

function permissionsFor(p: Pending, drafts: RepoDraft[], env: Env): RolePermissions {
  const key = p.permissionKey ?? "";
  if (key.startsWith("config:")) {
    const draft = drafts.find((d) => d.repo.fullName === p.repo); // only for config-granted roles: few
    const arns = draft?.override?.deployRoles?.[p.accountId]?.managedPolicyArns ?? [];
    return { managedPolicyArns: [...arns].sort(), inlinePolicies: [], sources: ["keyless.config.yaml (plan.repos.<repo>.deployRoles)"] };
  }
  return env.ctx.permissions.get(key.slice(4))?.permissions ?? { managedPolicyArns: [], inlinePolicies: [], sources: [] };
}

function describeKeys(consumers: ConsumerDraft[]): string {
  const keys = [...new Set(consumers.flatMap((c) => (c.target.key ? [`access key ${c.target.key.accessKeyId} of IAM user ${c.target.key.userName}`] : [])))];
  return keys.length > 0 ? keys.join(", ") : "static access keys";
}

function groupBySubjects(consumers: ConsumerDraft[]): Map<string, ConsumerDraft[]> {
  const groups = new Map<string, ConsumerDraft[]>();
  for (const c of consumers) {
    const key = c.subjects.map((s) => s.context).sort().join(",");
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return new Map([...groups.entries()].sort((a, b) => a[0].localeCompare(b[0])));
}

function mergeSubjects(consumers: ConsumerDraft[]): TrustedSubject[] {
  return mergeTrusted(consumers.flatMap((c) => c.subjects));
}

function mergeTrusted(subjects: TrustedSubject[]): TrustedSubject[] {
  const out = new Map<string, TrustedSubject>();
  for (const s of subjects) {
    const key = [s.operator, s.value, ...(s.notLike ?? [])].join("\n");
    const existing = out.get(key);
    out.set(key, existing ? { ...existing, why: [...new Set([...existing.why, ...s.why])] } : s);
  }
  return [...out.values()].sort((a, b) => a.value.localeCompare(b.value));
}

function labelOf(text: string): string {
  const context = text.replace(SEGMENT_NOTE, "");
  if (context.startsWith("environment:")) return `env-${context.slice(12)}`;
  if (context.startsWith("ref:refs/heads/")) return context.slice(15).replace(/\/\*$/, "").replace(/\//g, "-");
  if (context.startsWith("ref:refs/tags/")) return context === "ref:refs/tags/*" ? "tags" : `tag-${context.slice(14)}`;
  return context;
}

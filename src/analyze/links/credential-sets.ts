// Where each usage's access key id comes from, resolved against what the repo really stores: the
// environment, repo or organization secret (or variable) a job reads under a name, in GitHub's
// precedence (environment over repo over organization). Timing and name evidence only look at these.
import type { Inventory, OrgSecret, Repo, Variable } from "../../inventory/schema.js";
import { inOrgOf, orgSecretsVisibleTo } from "../audit.js";
import type { RepoWorkflowAnalysis, Usage, ValueRef } from "../workflows/index.js";

export type SecretScope = "repo" | "environment" | "organization";

/** A secret as stored: repo and environment secrets carry their repo, organization secrets none. */
export interface StoredSecret {
  name: string;
  scope: SecretScope;
  /** Dependabot or Codespaces; absent for an Actions secret. */
  store?: "dependabot" | "codespaces";
  repo?: string;
  environment?: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface StoredVariable {
  name: string;
  scope: SecretScope;
  environment?: string;
  value: string;
}

/** One usage's credentials: what holds the key id and the secret key, as stored. */
export interface CredentialSet {
  repo: string;
  usage: Usage;
  /** Secret names written in the access-key-id slot (after env and callers), stored or not. */
  idNames: string[];
  idSecrets: StoredSecret[];
  idVariables: StoredVariable[];
  /** Key ids written literally in the access-key-id slot. */
  literalKeyIds: string[];
  pairSecrets: StoredSecret[];
  /** Stored secrets handed over as the session token: then the pair is temporary (ASIA…), not an IAM key. */
  sessionSecrets: StoredSecret[];
  /** Account ids the workflow names (role ARNs, ECR registries) next to these credentials. */
  accountIds: string[];
}

interface SlotSources {
  secrets: string[];
  variables: string[];
  patterns: string[];
  literals: string[];
}

function sourcesOf(refs: ValueRef[] | undefined, out: SlotSources = { secrets: [], variables: [], patterns: [], literals: [] }): SlotSources {
  for (const ref of refs ?? []) {
    if (ref.source === "secret" && ref.name) out.secrets.push(ref.name.toUpperCase());
    if (ref.source === "var" && ref.name) out.variables.push(ref.name.toUpperCase());
    if (ref.source === "computed" && ref.namePattern) out.patterns.push(ref.namePattern.toUpperCase());
    if (ref.source === "literal" && ref.keyId) out.literals.push(ref.keyId);
    if (ref.resolved) sourcesOf(ref.resolved, out);
  }
  return out;
}

/** The environments a usage's job(s) run in; `expression` when one is only known at run time. */
function environmentsOf(usage: Usage): { names: string[]; expression: boolean } {
  const refs = [usage.environment, ...(usage.reachedJobs ?? []).map((j) => j.environment)].filter((e) => e !== undefined);
  return { names: refs.filter((e) => !e.expression).map((e) => e.name), expression: refs.some((e) => e.expression) };
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i");
}

export interface RepoStore {
  repo: Repo;
  secrets: StoredSecret[];
  orgSecrets: StoredSecret[];
  variables: StoredVariable[];
}

export function repoStore(repo: Repo, orgSecrets: OrgSecret[], orgVariables: Array<Variable & { org?: string }>): RepoStore {
  return {
    repo,
    secrets: repo.secrets.map((s) => ({ ...s, name: s.name.toUpperCase(), repo: repo.fullName })),
    orgSecrets: orgSecretsVisibleTo(repo, orgSecrets).map(({ name, scope, createdAt, updatedAt }) => ({ name: name.toUpperCase(), scope, createdAt, updatedAt })),
    variables: [...repo.variables, ...orgVariables.filter((v) => inOrgOf(repo.fullName, v.org)).map(({ org: _org, ...v }) => v)].map((v) => ({ ...v, name: v.name.toUpperCase() })),
  };
}

/** What a job in the given environments reads under a name; several when the environment is dynamic. */
function resolve<T extends { name: string; scope: SecretScope; environment?: string }>(
  name: string,
  own: T[],
  org: T[],
  envs: { names: string[]; expression: boolean },
): T[] {
  const inEnv = own.filter((s) => s.scope === "environment" && s.name === name && (envs.expression || envs.names.includes(s.environment ?? "")));
  const fixedEnvCovered = !envs.expression && envs.names.length > 0 && envs.names.every((e) => inEnv.some((s) => s.environment === e));
  if (fixedEnvCovered) return inEnv;
  const repoLevel = own.find((s) => s.scope === "repo" && s.name === name);
  const orgLevel = org.find((s) => s.name === name);
  const fallback = repoLevel ?? orgLevel;
  return fallback ? [...inEnv, fallback] : inEnv;
}

function resolvePattern(pattern: string, store: RepoStore): StoredSecret[] {
  const re = globToRegExp(pattern);
  return [...store.secrets, ...store.orgSecrets].filter((s) => re.test(s.name));
}

export function credentialSets(store: RepoStore, analysis: RepoWorkflowAnalysis | undefined): CredentialSet[] {
  const sets: CredentialSet[] = [];
  for (const usage of analysis?.usages ?? []) {
    if (usage.kind === "literal-key-id") continue;
    const envs = environmentsOf(usage);
    const id = sourcesOf(usage.accessKeyId?.refs);
    const pair = sourcesOf(usage.secretAccessKey?.refs);
    const session = sourcesOf(usage.sessionToken?.refs);
    const secrets = (names: string[], patterns: string[]) =>
      unique([...names.flatMap((n) => resolve(n, store.secrets, store.orgSecrets, envs)), ...patterns.flatMap((p) => resolvePattern(p, store))]);
    const orgVariables = store.variables.filter((v) => v.scope === "organization");
    sets.push({
      repo: store.repo.fullName,
      usage,
      idNames: unique(id.secrets),
      idSecrets: secrets(id.secrets, id.patterns),
      idVariables: unique(id.variables.flatMap((n) => resolve(n, store.variables.filter((v) => v.scope !== "organization"), orgVariables, envs))),
      literalKeyIds: unique(id.literals),
      pairSecrets: secrets(pair.secrets, pair.patterns),
      sessionSecrets: secrets(session.secrets, session.patterns),
      accountIds: unique([...usage.accountHints.map((h) => h.accountId), usage.roleToAssume?.accountId].filter((a): a is string => !!a)),
    });
  }
  return sets;
}

/** Every stored secret some usage reads as an access key id. */
export function idStores(sets: CredentialSet[]): StoredSecret[] {
  return unique(sets.flatMap((s) => s.idSecrets));
}

export function storeKey(s: StoredSecret): string {
  // Organization secrets are one per organization: keyed by the owner of the repo that sees them.
  const owner = (s.repo ?? "").split("/")[0]?.toLowerCase();
  if (s.store) return `${s.store}:${s.scope === "organization" ? `org:${owner}:${s.name}` : `${s.repo ?? ""}:${s.name}`}`;
  return s.scope === "organization" ? `org:${owner}:${s.name}` : `${s.repo ?? ""}:${s.scope}:${s.environment ?? ""}:${s.name}`;
}

function unique<T>(list: T[]): T[] {
  return [...new Set(list)];
}

export function inventoryGithub(inventory: Inventory): { repos: Repo[]; orgSecrets: OrgSecret[]; orgVariables: Variable[]; ranges: string[] } {
  const gh = inventory.github;
  return { repos: gh?.repos ?? [], orgSecrets: gh?.orgSecrets ?? [], orgVariables: gh?.orgVariables ?? [], ranges: gh?.actionsIpRanges ?? [] };
}

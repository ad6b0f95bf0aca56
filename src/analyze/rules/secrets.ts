// Which stored GitHub secrets hold AWS credentials: the ones a usage's credential slots read, resolved
// by GitHub's precedence (environment, then repository, then organization), plus, among secrets no
// workflow mentions, those named like an access key id.
import type { OrgSecret, Repo } from "../../inventory/schema.js";
import { orgSecretsVisibleTo } from "../audit.js";
import type { AnalysisContext } from "../model.js";
import type { Usage, ValueRef } from "../workflows/index.js";
import { usagesByRepo } from "./helpers.js";

export interface StoredSecretRef {
  name: string;
  scope: "repo" | "environment" | "organization";
  /** The repository that reads it; for an organization secret, one that can see it (absent when none reads it). */
  repo?: string;
  environment?: string;
  /** An organization secret's organization, in a scan of several (absent when only one was scanned). */
  org?: string;
}

/** Secrets named like an access key id, for secrets no workflow mentions. */
export const KEY_ID_NAME = /AWS_ACCESS_KEY_ID|_KEY_ID$/i;
const SECRET_REF = /secrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([^'"]+)['"]\s*\])/g;

function secretRefs(refs: ValueRef[] | undefined, out: string[] = []): string[] {
  for (const r of refs ?? []) {
    if (r.source === "secret" && r.name) out.push(r.name.toUpperCase());
    if (r.resolved) secretRefs(r.resolved, out);
  }
  return out;
}

/** Secret names the access key id slot reads. */
export function idSecretNames(usage: Usage): string[] {
  return [...new Set(secretRefs(usage.accessKeyId?.refs))];
}

function environments(usage: Usage): { names: string[]; dynamic: boolean } {
  const refs = [usage.environment, ...(usage.reachedJobs ?? []).map((j) => j.environment)].filter((e) => e !== undefined);
  return { names: refs.filter((e) => !e.expression).map((e) => e.name), dynamic: refs.some((e) => e.expression) };
}

/** What a job of `usage` reads under `name`: environment secrets first, then the repo's, then the organization's. */
export function resolveSecret(name: string, usage: Usage, repo: Repo, orgSecrets: OrgSecret[]): StoredSecretRef[] {
  const upper = name.toUpperCase();
  const envs = environments(usage);
  const inEnv = repo.secrets.filter((s) => s.scope === "environment" && s.name.toUpperCase() === upper && (envs.dynamic || envs.names.includes(s.environment ?? "")));
  const out: StoredSecretRef[] = inEnv.map((s) => ({ name: upper, scope: "environment", repo: repo.fullName, ...(s.environment ? { environment: s.environment } : {}) }));
  if (!envs.dynamic && envs.names.length > 0 && envs.names.every((e) => inEnv.some((s) => s.environment === e))) return out;
  if (repo.secrets.some((s) => s.scope === "repo" && s.name.toUpperCase() === upper)) return [...out, { name: upper, scope: "repo", repo: repo.fullName }];
  const org = orgSecretsVisibleTo(repo, orgSecrets).find((s) => s.name.toUpperCase() === upper);
  if (org) return [...out, { name: upper, scope: "organization", repo: repo.fullName, ...(org.org ? { org: org.org } : {}) }];
  return out;
}

export interface SecretUse {
  secret: StoredSecretRef;
  usage?: Usage;
}

/** Every stored secret that holds an access key id, with the first usage that reads it (if any). */
export function keyIdSecrets(context: AnalysisContext): SecretUse[] {
  const gh = context.inventory.github;
  if (!gh) return [];
  const out: SecretUse[] = [];
  const mentionedAnywhere = new Set<string>();
  const byRepo = usagesByRepo(context.usages);
  for (const repo of gh.repos) {
    const usages = (byRepo.get(repo.fullName.toLowerCase()) ?? []).filter((u) => u.kind !== "literal-key-id").sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
    for (const usage of usages) {
      for (const name of idSecretNames(usage)) for (const secret of resolveSecret(name, usage, repo, gh.orgSecrets)) out.push({ secret, usage });
    }
    const mentioned = mentionedSecrets(repo.workflows.map((w) => w.text));
    for (const s of repo.secrets) {
      if (!mentioned.has(s.name.toUpperCase()) && KEY_ID_NAME.test(s.name)) {
        out.push({ secret: { name: s.name.toUpperCase(), scope: s.scope === "environment" ? "environment" : "repo", repo: repo.fullName, ...(s.environment ? { environment: s.environment } : {}) } });
      }
    }
    // By name, and by organization and name: in a scan of several, an organization's secret is mentioned only by its own repositories.
    mentioned.forEach((n) => mentionedAnywhere.add(n).add(`${repo.owner.toLowerCase()}\u0000${n}`));
  }
  for (const s of gh.orgSecrets) {
    if (!mentionedAnywhere.has(s.org ? `${s.org.toLowerCase()}\u0000${s.name.toUpperCase()}` : s.name.toUpperCase()) && KEY_ID_NAME.test(s.name)) out.push({ secret: { name: s.name.toUpperCase(), scope: "organization", ...(s.org ? { org: s.org } : {}) } });
  }
  return out;
}

/** Names of secrets a workflow file mentions (`secrets.NAME`, `secrets['NAME']`), for any purpose. */
export function mentionedSecrets(texts: Array<string | undefined>): Set<string> {
  const names = new Set<string>();
  for (const text of texts) {
    SECRET_REF.lastIndex = 0;
    for (let m = SECRET_REF.exec(text ?? ""); m; m = SECRET_REF.exec(text ?? "")) names.add((m[1] ?? m[2] ?? "").toUpperCase());
  }
  return names;
}

export function storedKey(s: StoredSecretRef): string {
  return s.scope === "organization" ? `org:${(s.org ?? (s.repo ?? "").split("/")[0])?.toLowerCase()}:${s.name}` : `${(s.repo ?? "").toLowerCase()}:${s.scope}:${s.environment ?? ""}:${s.name}`;
}

// Dependabot and Codespaces secrets of a scenario, added after everything else is built and without
// the seeded generator, so the rest of the world (ids, times, evidence) stays as it was. A secret
// bound to a key is written a fixed number of minutes after the key was created (timing evidence).
import type { GithubOrg, GithubRepo, OrgSecret, Secret } from "../world.js";
import type { KeyRecord } from "./build-aws.js";
import { daysAgo } from "./random.js";

export interface StoreSecretPlan {
  store: "dependabot" | "codespaces";
  name: string;
  /** Key ref: written `minutesAfterKey` after that key was created. */
  key?: string;
  minutesAfterKey?: number;
  /** When not bound to a key. */
  writtenDaysAgo?: number;
}

export interface StoreSecretsPlan {
  repos: Array<{ repo: string; secrets: StoreSecretPlan[] }>;
  org: Array<StoreSecretPlan & { visibility: OrgSecret["visibility"]; selectedRepos?: string[] }>;
}

function written(plan: StoreSecretPlan, now: string, keysByRef: Map<string, KeyRecord>): string {
  const key = plan.key ? keysByRef.get(plan.key) : undefined;
  if (plan.key && !key) throw new Error(`store secret ${plan.name} names unknown key ref ${plan.key}`);
  if (key) return new Date(Date.parse(key.key.createDate) + (plan.minutesAfterKey ?? 30) * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return daysAgo(now, plan.writtenDaysAgo ?? 100);
}

export function addStoreSecrets(plan: StoreSecretsPlan, org: GithubOrg, repos: GithubRepo[], now: string, keysByRef: Map<string, KeyRecord>): void {
  const secret = (p: StoreSecretPlan): Secret => {
    const at = written(p, now, keysByRef);
    return { name: p.name, createdAt: at, updatedAt: at };
  };
  for (const { repo: name, secrets } of plan.repos) {
    const repo = repos.find((r) => r.name === name);
    if (!repo) throw new Error(`store secrets for unknown repo ${name}`);
    for (const p of secrets) {
      const list = p.store === "dependabot" ? (repo.dependabotSecrets ??= []) : (repo.codespacesSecrets ??= []);
      list.push(secret(p));
    }
  }
  for (const p of plan.org) {
    const list = p.store === "dependabot" ? (org.dependabotSecrets ??= []) : (org.codespacesSecrets ??= []);
    list.push({ ...secret(p), visibility: p.visibility, ...(p.selectedRepos ? { selectedRepos: p.selectedRepos.map((r) => `${org.login}/${r}`) } : {}) });
  }
}

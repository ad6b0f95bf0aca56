// The GitHub secrets that held a deleted key, from its links: repository, environment and
// organization secrets, and the Dependabot and Codespaces secrets the links name, each deleted once. A secret another link ties to a key not retired yet is
// kept: two keys can sit behind the same name, and deleting it could break the other one.
import { secretIdOf } from "../analyze/drift/secret-id.js";
import type { Link } from "../analyze/model.js";
import type { SecretStore, SecretTarget } from "./types.js";

export interface SecretLink {
  accessKeyId: string;
  repo: string;
  /** Names of the secrets (and variables) that hold the key. */
  secretNames: string[];
  scope?: "repo" | "environment" | "organization";
  environment?: string;
  /** Those of the names that are configuration variables holding the key id, not secrets. */
  variables?: string[];
  /** Dependabot and Codespaces secrets the key sits in (repository or organization level). */
  stores?: Array<{ store: SecretStore; name: string; scope: "repo" | "organization" }>;
}

/** A link as retire needs it: the names, and which of them the evidence says are variables. */
export function secretLinkOf(link: Link): SecretLink {
  const variables = [...new Set(link.evidence.flatMap((e) => (typeof e.refs.variable === "string" ? [e.refs.variable.toUpperCase()] : [])))];
  return {
    accessKeyId: link.accessKeyId,
    repo: link.repo,
    secretNames: link.secretNames,
    ...(link.scope ? { scope: link.scope } : {}),
    ...(link.environment ? { environment: link.environment } : {}),
    ...(variables.length > 0 ? { variables } : {}),
    ...(link.stores && link.stores.length > 0 ? { stores: link.stores.map((s) => ({ ...s })) } : {}),
  };
}

export type SecretStep =
  | { target: SecretTarget; id: string; action: "delete" }
  /** A configuration variable with the key id: not a secret, left for its owners to remove. */
  | { target: SecretTarget; id: string; action: "variable" }
  /** Recorded as deleted by an earlier run. */
  | { target: SecretTarget; id: string; action: "done" }
  | { target: SecretTarget; id: string; action: "keep"; reason: string };

/** Stable id of a secret, stored as the detail of secret-deleted events. GitHub names ignore case. */
export function secretId(t: SecretTarget): string {
  const id = secretIdOf(t);
  // "repo acme/api Dependabot secret K": never the same id as the Actions secret of that name.
  return "store" in t && t.store ? id.replace(/ secret (\S+)$/, ` ${STORE_NAME[t.store]} secret $1`) : id;
}

const STORE_NAME: Record<SecretStore, string> = { dependabot: "Dependabot", codespaces: "Codespaces" };

export function targetsOf(link: SecretLink): SecretTarget[] {
  const org = link.repo.split("/")[0] ?? link.repo;
  const actions = link.secretNames.map((name): SecretTarget => {
    if (link.scope === "organization") return { scope: "organization", org, name };
    if (link.scope === "environment" && link.environment) return { scope: "environment", repo: link.repo, environment: link.environment, name };
    return { scope: "repo", repo: link.repo, name };
  });
  const stores = (link.stores ?? []).map((s): SecretTarget => (s.scope === "organization" ? { scope: "organization", org, name: s.name, store: s.store } : { scope: "repo", repo: link.repo, name: s.name, store: s.store }));
  return [...actions, ...stores];
}

/**
 * What to do with each secret of `accessKeyId`. `retired` holds the keys deleted (now or before):
 * a secret shared only with those goes; one shared with any other key stays.
 */
export function secretSteps(accessKeyId: string, links: readonly SecretLink[], retired: ReadonlySet<string>, alreadyDeleted: ReadonlySet<string>): SecretStep[] {
  const holders = new Map<string, Set<string>>();
  for (const l of links) for (const t of targetsOf(l)) holders.set(secretId(t), new Set([...(holders.get(secretId(t)) ?? []), l.accessKeyId]));
  const mine = new Map<string, SecretTarget>();
  const variables = new Set<string>();
  for (const l of links.filter((l) => l.accessKeyId === accessKeyId)) {
    for (const t of targetsOf(l)) {
      mine.set(secretId(t), t);
      if (!("store" in t && t.store) && l.variables?.includes(t.name.toUpperCase())) variables.add(secretId(t));
    }
  }
  return [...mine.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([id, target]): SecretStep => {
      if (variables.has(id)) return { target, id: id.replace(/ secret (\S+)$/, " variable $1"), action: "variable" };
      if (alreadyDeleted.has(id)) return { target, id, action: "done" };
      const others = [...(holders.get(id) ?? [])].filter((k) => k !== accessKeyId && !retired.has(k)).sort();
      if (others.length > 0) return { target, id, action: "keep", reason: `also linked to ${others.join(", ")}, which is not retired` };
      return { target, id, action: "delete" };
    });
}

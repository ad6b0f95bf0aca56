// Turns claims into links: one per (key, repo), its evidence strongest first, its confidence the
// strongest evidence's, and the secrets the key is believed to sit in, chosen among the credential
// sets the evidence points at.
import type { AccessKey } from "../../inventory/schema.js";
import { CONFIDENCE_ORDER, type Evidence, type EvidenceKind, type Link } from "../model.js";
import type { Claim, LinkContext, RepoContext } from "./context.js";
import { storeKey, type CredentialSet, type SecretScope, type StoredSecret } from "./credential-sets.js";
import { namesMatch, sameStage, workflowServices } from "./names.js";
import { fitsWindow, narrow } from "./timing.js";

const KIND_ORDER: EvidenceKind[] = [
  "mapping-file", "secret-scanning", "literal-key-id", "cloudtrail-run-id", "cloudtrail-runner-ip", "secret-timing", "name-match", "last-used-service",
];

export interface AssembledLink {
  link: Link;
  /** The stored secrets (id and secret key) the link names, for finding unlinked secrets. */
  stores: StoredSecret[];
}

export function assembleLinks(ctx: LinkContext, claims: Claim[]): AssembledLink[] {
  const groups = new Map<string, Claim[]>();
  for (const c of claims) {
    const id = `${c.accessKeyId}\u0000${c.repo}`;
    groups.set(id, [...(groups.get(id) ?? []), c]);
  }
  const services = new Map<string, Set<string>>();
  const out: AssembledLink[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    const key = first ? ctx.keys.get(first.accessKeyId) : undefined;
    if (!first || !key) continue;
    const repo = ctx.repos.get(first.repo);
    const evidence = dedupe(group.map((c) => c.evidence));
    if (repo) {
      let found = services.get(first.repo);
      if (!found) services.set(first.repo, (found = repoServices(repo)));
      const lastUsed = lastUsedEvidence(key, found);
      if (lastUsed) evidence.push(lastUsed);
    }
    evidence.sort((a, b) => rank(a) - rank(b));
    // Dependabot and Codespaces secrets are named on their own: no credential set reads them.
    const storeClaims = group.filter((c) => c.store?.store);
    const placement = storeClaims.length === group.length ? { names: [], idStores: [], stores: [] } : place(key, group.filter((c) => !c.store?.store), repo);
    const inStores = unique(storeClaims.map((c) => c.store as StoredSecret));
    out.push({
      link: {
        accessKeyId: key.accessKeyId,
        accountId: key.accountId,
        repo: first.repo,
        secretNames: placement.names,
        ...(placement.scope ? { scope: placement.scope } : {}),
        ...(placement.environment ? { environment: placement.environment } : {}),
        ...(inStores.length > 0 ? { stores: inStores.map((s) => ({ store: s.store ?? "dependabot", name: s.name, scope: s.scope === "organization" ? ("organization" as const) : ("repo" as const) })) } : {}),
        confidence: evidence[0]?.confidence ?? "low",
        evidence,
      },
      stores: [...placement.stores, ...inStores],
    });
  }
  return out.sort((a, b) => a.link.repo.localeCompare(b.link.repo) || a.link.accessKeyId.localeCompare(b.link.accessKeyId));
}

/**
 * Stored secrets that certain or high claims place a key in, when the placement comes down to one
 * secret: store → key ids. A secret holds one key, so timing is then only asked about those keys.
 */
export function takenStores(ctx: LinkContext, claims: Claim[]): Map<string, Set<string>> {
  const groups = new Map<string, Claim[]>();
  for (const c of claims) {
    if (c.evidence.confidence !== "certain" && c.evidence.confidence !== "high") continue;
    const id = `${c.accessKeyId}\u0000${c.repo}`;
    groups.set(id, [...(groups.get(id) ?? []), c]);
  }
  const taken = new Map<string, Set<string>>();
  for (const group of groups.values()) {
    const first = group[0];
    const key = first ? ctx.keys.get(first.accessKeyId) : undefined;
    if (!first || !key) continue;
    const { idStores } = place(key, group, ctx.repos.get(first.repo));
    const only = idStores.length === 1 && idStores[0] ? storeKey(idStores[0]) : undefined;
    if (only) taken.set(only, (taken.get(only) ?? new Set()).add(key.accessKeyId));
  }
  return taken;
}

function rank(e: Evidence): number {
  return CONFIDENCE_ORDER.indexOf(e.confidence) * 100 + KIND_ORDER.indexOf(e.kind);
}

function dedupe(list: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const id = `${e.kind}|${e.summary}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

interface Placement {
  names: string[];
  scope?: SecretScope;
  environment?: string;
  /** Where the key id sits. */
  idStores: StoredSecret[];
  /** Every stored secret named: the key id's and the secret key's. */
  stores: StoredSecret[];
}

/**
 * The secrets a key sits in: the user's names when given; otherwise the credential sets the evidence
 * points at (timing pins the exact secret), narrowed — each step only when it keeps one — to sets
 * holding the key id literally, sets whose secret was written just after the key was created, sets
 * next to the key's account id, sets of the key's stage (…-staging ~ STAGING_*), and sets whose
 * secret is named like the key's IAM user.
 */
function place(key: AccessKey, claims: Claim[], repo: RepoContext | undefined): Placement {
  const mapped = [...new Set(claims.flatMap((c) => c.names ?? []))];
  if (mapped.length > 0) {
    const stores = repo ? [...repo.store.secrets, ...repo.store.orgSecrets].filter((s) => mapped.includes(s.name)) : [];
    return { names: mapped, ...scopeOf(stores), idStores: stores, stores };
  }
  if (!repo) return { names: [], idStores: [], stores: [] };
  const pinned = new Set(claims.filter((c) => c.store && c.evidence.confidence === "medium").map((c) => storeKey(c.store as StoredSecret)));
  const pointed = [...new Set(claims.flatMap((c) => c.sets ?? []))];
  let sets = pointed.length > 0 ? pointed : repo.sets;
  sets = narrow(sets, (s) => s.idSecrets.length > 0 || s.idVariables.length > 0 || s.literalKeyIds.length > 0);
  sets = narrow(sets, (s) => s.literalKeyIds.includes(key.accessKeyId) || s.idVariables.some((v) => v.value === key.accessKeyId));
  sets = narrow(sets, (s) => s.idSecrets.some((st) => pinned.has(storeKey(st))));
  sets = narrow(sets, (s) => s.idSecrets.some((st) => fitsWindow(key, st)));
  sets = narrow(sets, (s) => s.accountIds.includes(key.accountId));
  sets = narrow(sets, (s) => s.idSecrets.some((st) => sameStage(key.userName, st.environment) || sameStage(key.userName, st.name)));
  sets = narrow(sets, (s) => s.idNames.some((n) => namesMatch(key.userName, n)));
  return placementOf(key, sets);
}

function placementOf(key: AccessKey, sets: CredentialSet[]): Placement {
  const idStores = unique(sets.flatMap((s) => s.idSecrets));
  const variables = unique(sets.flatMap((s) => s.idVariables.filter((v) => v.value === key.accessKeyId || !/^(AKIA|ASIA)/.test(v.value))));
  const pairs = unique(sets.flatMap((s) => s.pairSecrets));
  const names = unique([...idStores.map((s) => s.name), ...variables.map((v) => v.name), ...pairs.map((s) => s.name)]);
  const holders: Array<{ scope: SecretScope; environment?: string }> = idStores.length > 0 ? idStores : variables.length > 0 ? variables : pairs;
  return { names, ...scopeOf(holders), idStores, stores: [...idStores, ...pairs] };
}

/** Scope and environment when every holder agrees on them. */
function scopeOf(holders: Array<{ scope: SecretScope; environment?: string }>): { scope?: SecretScope; environment?: string } {
  const scopes = new Set(holders.map((h) => h.scope));
  const envs = new Set(holders.map((h) => h.environment));
  const scope = scopes.size === 1 ? holders[0]?.scope : undefined;
  const environment = scope === "environment" && envs.size === 1 ? holders[0]?.environment : undefined;
  return { ...(scope ? { scope } : {}), ...(environment ? { environment } : {}) };
}

function repoServices(repo: RepoContext): Set<string> {
  const paths = new Set((repo.analysis?.usages ?? []).map((u) => u.path));
  return workflowServices(repo.repo.workflows.filter((w) => w.text && paths.has(w.path)).map((w) => w.text ?? ""));
}

/** Supporting only: added to links that other evidence made, never a link on its own. */
function lastUsedEvidence(key: AccessKey, services: Set<string>): Evidence | undefined {
  const service = key.lastUsed?.serviceName?.toLowerCase();
  if (!service || service === "n/a" || !services.has(service)) return undefined;
  return {
    kind: "last-used-service",
    confidence: "low",
    summary: `The key was last used with ${service}${key.lastUsed?.date ? ` on ${key.lastUsed.date}` : ""}, which the repo's key-using workflows call.`,
    refs: { service, ...(key.lastUsed?.date ? { lastUsedDate: key.lastUsed.date } : {}) },
  };
}

function unique<T>(list: T[]): T[] {
  return [...new Set(list)];
}

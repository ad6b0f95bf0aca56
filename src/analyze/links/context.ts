// The shared view every evidence source reads: keys by id, and per repo its stored secrets, the
// credential sets its workflows use, and the workflow files that hand keys to jobs.
import type { AccessKey, Inventory, Repo } from "../../inventory/schema.js";
import type { Evidence } from "../model.js";
import type { RepoWorkflowAnalysis } from "../workflows/index.js";
import { credentialSets, inventoryGithub, repoStore, type CredentialSet, type RepoStore, type StoredSecret } from "./credential-sets.js";
import { repoStoreSecrets } from "./store-secrets.js";

export interface RepoContext {
  repo: Repo;
  store: RepoStore;
  sets: CredentialSet[];
  analysis?: RepoWorkflowAnalysis;
  /** Workflow files with a static-key usage (their runs are the ones that can use a key). */
  keyUsingPaths: Set<string>;
  /** Dependabot and Codespaces secrets it holds or is shared by name. */
  storeSecrets: StoredSecret[];
}

export interface LinkContext {
  keys: Map<string, AccessKey>;
  repos: Map<string, RepoContext>;
  /** Every Dependabot and Codespaces organization secret (what the organization-level report lists). */
  orgStoreSecrets: StoredSecret[];
  now: Date;
}

/** One piece of evidence for (key, repo), with what it says about where the key is stored. */
export interface Claim {
  accessKeyId: string;
  repo: string;
  evidence: Evidence;
  /** The credential sets the evidence points at; the link's secret names are chosen among them. */
  sets?: CredentialSet[];
  /** The stored secret the evidence is about (secret timing). */
  store?: StoredSecret;
  /** Secret names the user gave (mapping file). */
  names?: string[];
}

export function buildContext(inventory: Inventory, workflows: Map<string, RepoWorkflowAnalysis>, now: Date): LinkContext {
  const gh = inventoryGithub(inventory);
  const repos = new Map<string, RepoContext>();
  for (const repo of gh.repos) {
    const analysis = workflows.get(repo.fullName);
    const store = repoStore(repo, gh.orgSecrets, gh.orgVariables);
    const sets = credentialSets(store, analysis);
    const keyUsingPaths = new Set((analysis?.usages ?? []).filter((u) => u.fileKind === "workflow").map((u) => u.path));
    const storeSecrets = repoStoreSecrets(repo, inventory.github?.orgStoreSecrets ?? []);
    repos.set(repo.fullName, { repo, store, sets, ...(analysis ? { analysis } : {}), keyUsingPaths, storeSecrets });
  }
  const keys = new Map((inventory.aws?.accessKeys ?? []).map((k) => [k.accessKeyId, k]));
  const orgStoreSecrets = (inventory.github?.orgStoreSecrets ?? []).map((s): StoredSecret => ({ name: s.name.toUpperCase(), scope: "organization", store: s.store }));
  return { keys, repos, orgStoreSecrets, now };
}

/** Sets of a repo whose usage sits in one of the given files (all sets when none does). */
export function setsInFiles(repo: RepoContext, paths: Iterable<string>): CredentialSet[] {
  const wanted = new Set(paths);
  const found = repo.sets.filter((s) => wanted.has(s.usage.path));
  return found.length > 0 ? found : repo.sets;
}

// Discover from local checkouts instead of the GitHub API: one repository, or a folder of them.
// Reads the same files the API path reads (.github/workflows/*.yml|yaml, .github/actions/*/action.yml)
// and names each repo from its `origin` remote when there is one.
import { readdir, realpath } from "node:fs/promises";
import { basename, join, relative, resolve, sep } from "node:path";
import { KeylessError } from "../../core/errors.js";
import type { Inventory, Repo, Skip } from "../../inventory/schema.js";
import { entryType, originName, readCheckout, SYMLINK_REASON } from "./read-checkout.js";
import { readDependabotConfig, readRepoFileKeys } from "./repo-files.js";

export { repoNameFromRemote } from "./read-checkout.js";

export type LocalInventory = NonNullable<Inventory["github"]>;

/** One checkout on disk. Writes (`keyless fix`) go by `dir`, never by the repository's name. */
export interface LocalCheckout {
  dir: string;
  /** `dir` relative to the scanned folder ("." when it is the checkout). */
  label: string;
  repo: Repo;
  /** What was not read in this checkout (links, files too large). */
  skipped: Skip[];
  /** The label of the checkout the inventory keeps when several share this origin. */
  duplicateOf?: string;
}

function localRepo(fullName: string, dir: string, label: string, workflows: Repo["workflows"]): Repo {
  const [owner = "local", name = basename(dir)] = fullName.split("/");
  return {
    fullName,
    id: 0,
    owner,
    ownerId: 0,
    name,
    defaultBranch: "main",
    // Where its files are, so audit.sarif's locations resolve under the scanned folder.
    checkout: label.split(sep).join("/"),
    archived: false,
    fork: false,
    visibility: "private",
    // Unknown without the API; the epoch keeps date-based checks from claiming anything.
    createdAt: new Date(0).toISOString(),
    workflows,
    secrets: [],
    variables: [],
    environments: [],
    secretScanningAlerts: [],
    workflowRuns: [],
  };
}

/**
 * `checkouts`: every checkout found, with its folder (for `keyless fix`, which writes there). The
 * inventory holds one repository per name: a second checkout of the same origin is a Skip.
 */
export async function discoverLocal(root: string): Promise<{ github: LocalInventory; skipped: Skip[]; checkouts: LocalCheckout[] }> {
  // The folder the user named is theirs to choose, links included; nothing below it is followed.
  const dir = await realpath(resolve(root)).catch(() => undefined);
  if (!dir || (await entryType(dir)) !== "dir") {
    throw new KeylessError("NotADirectory", `--local ${root}: no such folder.`, "Pass a repository checkout, or a folder that contains checkouts.");
  }
  const skipped: Skip[] = [];
  const candidates: string[] = [];
  if ((await entryType(join(dir, ".github"))) !== "missing") candidates.push(dir);
  else {
    for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.isDirectory()) candidates.push(join(dir, e.name));
      else if (e.isSymbolicLink()) skipped.push({ side: "github", target: `local/${e.name}`, code: "Symlink", reason: SYMLINK_REASON });
    }
  }
  const checkouts: LocalCheckout[] = [];
  const firstByName = new Map<string, LocalCheckout>();
  for (const repoDir of candidates) {
    const github = await entryType(join(repoDir, ".github"));
    if (github !== "dir" && github !== "link") continue;
    const fullName = (await originName(repoDir)) ?? `local/${basename(repoDir)}`;
    const label = relative(dir, repoDir) || ".";
    if (github === "link") {
      skipped.push({ side: "github", target: `${fullName}/.github`, code: "Symlink", reason: SYMLINK_REASON });
      continue;
    }
    const first = firstByName.get(fullName);
    const repoSkips: Skip[] = [];
    const repo = localRepo(fullName, repoDir, label, await readCheckout(repoDir, fullName, repoSkips));
    if (!first) {
      repo.fileKeys = await readRepoFileKeys(repoDir, fullName, repoSkips);
      const config = await readDependabotConfig(repoDir);
      if (config) repo.dependabotConfig = config;
    }
    const checkout: LocalCheckout = { dir: repoDir, label, repo, skipped: repoSkips, ...(first ? { duplicateOf: first.label } : {}) };
    checkouts.push(checkout);
    if (first) {
      const reason = `checkouts ${JSON.stringify(first.label)} and ${JSON.stringify(label)} both have the origin ${fullName}; the audit reads only ${JSON.stringify(first.label)}, and keyless fix writes each checkout's files into that checkout`;
      skipped.push({ side: "github", target: fullName, code: "DuplicateCheckout", reason });
    } else {
      firstByName.set(fullName, checkout);
      skipped.push(...repoSkips);
    }
  }
  const repos = [...firstByName.values()].map((c) => c.repo);
  if (repos.length === 0) {
    const why = skipped.length > 0 ? ` (skipped: ${skipped.map((s) => `${s.target}: ${s.reason}`).join("; ")})` : "";
    throw new KeylessError("NoLocalRepos", `--local ${root}: no repository with a .github folder was found there${why}.`, "Point --local at a checkout, or at a folder whose sub-folders are checkouts.");
  }
  const owners = [...new Set(repos.map((r) => r.owner))];
  return { github: { org: owners.length === 1 ? (owners[0] as string) : "local", apiUrl: "local", repos, orgSecrets: [], orgVariables: [], actionsIpRanges: [] }, skipped, checkouts };
}

// Discover from local checkouts instead of the GitHub API: one repository, or a folder of them.
// Reads the same files the API path reads (.github/workflows/*.yml|yaml, .github/actions/*/action.yml)
// and names each repo from its `origin` remote when there is one.
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, relative, resolve, sep } from "node:path";
import { KeylessError } from "../../core/errors.js";
import type { Inventory, Repo, Skip, WorkflowFile } from "../../inventory/schema.js";
import { MAX_WORKFLOW_BYTES } from "../github/repos.js";

export type LocalInventory = NonNullable<Inventory["github"]>;

async function isDir(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/** owner/name from a remote URL (https, ssh or scp-like), or undefined. */
export function repoNameFromRemote(url: string): string | undefined {
  const m = /(?:[:/])([^/:\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(url.trim());
  return m ? `${m[1]}/${m[2]}` : undefined;
}

async function originName(dir: string): Promise<string | undefined> {
  const config = await readFile(join(dir, ".git", "config"), "utf8").catch(() => undefined);
  if (!config) return undefined;
  const section = /\[remote "origin"\]([^[]*)/.exec(config)?.[1] ?? "";
  const url = /^\s*url\s*=\s*(.+)$/m.exec(section)?.[1];
  return url ? repoNameFromRemote(url) : undefined;
}

async function readFiles(dir: string, skipped: Skip[], repoName: string): Promise<WorkflowFile[]> {
  const files: string[] = [];
  const workflows = join(dir, ".github", "workflows");
  for (const name of (await readdir(workflows).catch(() => [])).sort()) if (/\.ya?ml$/i.test(name)) files.push(join(workflows, name));
  const actions = join(dir, ".github", "actions");
  for (const name of (await readdir(actions).catch(() => [])).sort()) {
    for (const file of ["action.yml", "action.yaml"]) {
      const path = join(actions, name, file);
      if ((await stat(path).catch(() => undefined))?.isFile()) files.push(path);
    }
  }
  const out: WorkflowFile[] = [];
  for (const path of files) {
    const rel = relative(dir, path).split(sep).join("/");
    const info = await stat(path);
    if (!info.isFile()) continue;
    if (info.size > MAX_WORKFLOW_BYTES) {
      const reason = `larger than ${MAX_WORKFLOW_BYTES} bytes`;
      skipped.push({ side: "github", target: `${repoName}/${rel}`, code: "TooLarge", reason });
      out.push({ path: rel, size: info.size, skipped: reason });
      continue;
    }
    out.push({ path: rel, size: info.size, text: await readFile(path, "utf8") });
  }
  return out;
}

/** `dirs`: each repo's folder on disk, by full name (for `keyless fix`, which writes there). */
export async function discoverLocal(root: string): Promise<{ github: LocalInventory; skipped: Skip[]; dirs: Map<string, string> }> {
  const dir = resolve(root);
  if (!(await isDir(dir))) {
    throw new KeylessError("NotADirectory", `--local ${root}: no such folder.`, "Pass a repository checkout, or a folder that contains checkouts.");
  }
  const candidates = (await isDir(join(dir, ".github")))
    ? [dir]
    : (await readdir(dir, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => join(dir, e.name))
        .sort();
  const skipped: Skip[] = [];
  const repos: Repo[] = [];
  const dirs = new Map<string, string>();
  for (const repoDir of candidates) {
    if (!(await isDir(join(repoDir, ".github")))) continue;
    const fullName = (await originName(repoDir)) ?? `local/${basename(repoDir)}`;
    const [owner = "local", name = basename(repoDir)] = fullName.split("/");
    dirs.set(fullName, repoDir);
    repos.push({
      fullName,
      id: 0,
      owner,
      ownerId: 0,
      name,
      defaultBranch: "main",
      archived: false,
      fork: false,
      visibility: "private",
      // Unknown without the API; the epoch keeps date-based checks from claiming anything.
      createdAt: new Date(0).toISOString(),
      workflows: await readFiles(repoDir, skipped, fullName),
      secrets: [],
      variables: [],
      environments: [],
      secretScanningAlerts: [],
      workflowRuns: [],
    });
  }
  if (repos.length === 0) {
    throw new KeylessError("NoLocalRepos", `--local ${root}: no repository with a .github folder was found there.`, "Point --local at a checkout, or at a folder whose sub-folders are checkouts.");
  }
  const owners = [...new Set(repos.map((r) => r.owner))];
  return { github: { org: owners.length === 1 ? (owners[0] as string) : "local", apiUrl: "local", repos, orgSecrets: [], orgVariables: [], actionsIpRanges: [] }, skipped, dirs };
}

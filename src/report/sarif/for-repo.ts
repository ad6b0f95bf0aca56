// A SARIF file is uploaded per repository: sorts findings by repository and gives key and secret
// findings (which have no file location of their own) the location of the first workflow line (by path,
// line, column) that uses that key or secret there, so code scanning shows them next to the code to change.
import type { Finding, Link } from "../../analyze/model.js";
import { groupBy, linksForUsage, usageLocation } from "../../analyze/rules/helpers.js";
import type { Usage } from "../../analyze/workflows/index.js";

export interface RepoFindings {
  /** Findings located in the repository (attached ones included), in the input's order. */
  located: Finding[];
  /** Findings about the repository's keys or secrets with no workflow line to show them at. */
  unlocated: Finding[];
}

function byPosition(a: Usage, b: Usage): number {
  return a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column;
}

/** Per repository (lower-cased full name): the first usage reading each key and each secret name. */
class FirstUses {
  private readonly usages: Map<string, Usage[]>;
  private readonly keys = new Map<string, Map<string, Usage>>();
  private readonly names = new Map<string, Map<string, Usage>>();

  constructor(
    usages: Usage[],
    private readonly links: Link[],
  ) {
    this.usages = groupBy(
      usages.filter((u) => u.kind !== "literal-key-id"),
      (u) => u.repo.toLowerCase(),
    );
    for (const list of this.usages.values()) list.sort(byPosition);
  }

  private index(repo: string): void {
    if (this.keys.has(repo)) return;
    const keys = new Map<string, Usage>();
    const names = new Map<string, Usage>();
    for (const u of this.usages.get(repo) ?? []) {
      for (const l of linksForUsage(u, this.links)) if (!keys.has(l.accessKeyId)) keys.set(l.accessKeyId, u);
      for (const n of u.secretNames) if (!names.has(n.toUpperCase())) names.set(n.toUpperCase(), u);
    }
    this.keys.set(repo, keys);
    this.names.set(repo, names);
  }

  ofKey(repo: string, accessKeyId: string): Usage | undefined {
    this.index(repo);
    return this.keys.get(repo)?.get(accessKeyId);
  }

  ofSecret(repo: string, name: string): Usage | undefined {
    this.index(repo);
    return this.names.get(repo)?.get(name.toUpperCase());
  }

  repos(): string[] {
    return [...this.usages.keys()];
  }
}

/** Findings of every repository, keyed by lower-cased full name; findings of no repository are left out. */
export function findingsByRepo(findings: Finding[], context: { usages: Usage[]; links: Link[] }): Map<string, RepoFindings> {
  const out = new Map<string, RepoFindings>();
  const bucket = (repo: string) => {
    const id = repo.toLowerCase();
    let b = out.get(id);
    if (!b) out.set(id, (b = { located: [], unlocated: [] }));
    return b;
  };
  const first = new FirstUses(context.usages, context.links);
  const linkedRepos = groupBy(context.links, (l) => l.accessKeyId);
  const place = (f: Finding, repo: string, u: Usage | undefined) => {
    if (u) bucket(repo).located.push({ ...f, location: usageLocation(u) });
    else bucket(repo).unlocated.push(f);
  };
  for (const f of findings) {
    const s = f.subject;
    if (f.location) bucket(f.location.repo).located.push(f);
    else if (s.type === "key") {
      const repos = new Set((linkedRepos.get(s.accessKeyId) ?? []).map((l) => l.repo.toLowerCase()));
      for (const repo of repos) place(f, repo, first.ofKey(repo, s.accessKeyId));
    } else if (s.type === "secret" && s.scope !== "organization" && s.repo) {
      place(f, s.repo.toLowerCase(), first.ofSecret(s.repo.toLowerCase(), s.name));
    } else if (s.type === "secret") {
      // An organization secret shows in each repository of its organization that reads it.
      for (const repo of first.repos()) {
        if (s.org && (repo.split("/")[0] ?? "") !== s.org.toLowerCase()) continue;
        const u = first.ofSecret(repo, s.name);
        if (u) place(f, repo, u);
      }
    }
  }
  return out;
}

/** One repository's findings (see findingsByRepo; call that once for many repositories). */
export function findingsForRepo(findings: Finding[], repo: string, context: { usages: Usage[]; links: Link[] }): RepoFindings {
  return findingsByRepo(findings, context).get(repo.toLowerCase()) ?? { located: [], unlocated: [] };
}

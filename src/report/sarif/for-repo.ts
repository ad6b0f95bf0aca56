// A SARIF file is uploaded per repository: picks the findings that belong to one repository and gives
// key and secret findings (which have no file location of their own) the location of the workflow line
// that uses that key or secret there, so code scanning can show them next to the code to change.
import type { Finding, Link, Location } from "../../analyze/model.js";
import { linksForUsage, sameRepo, usageLocation } from "../../analyze/rules/helpers.js";
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

function firstUsage(usages: Usage[], test: (u: Usage) => boolean): Location | undefined {
  const u = usages.filter(test).sort(byPosition)[0];
  return u ? usageLocation(u) : undefined;
}

export function findingsForRepo(findings: Finding[], repo: string, context: { usages: Usage[]; links: Link[] }): RepoFindings {
  const usages = context.usages.filter((u) => sameRepo(u.repo, repo) && u.kind !== "literal-key-id");
  const linkedKeys = new Set(context.links.filter((l) => sameRepo(l.repo, repo)).map((l) => l.accessKeyId));
  const located: Finding[] = [];
  const unlocated: Finding[] = [];
  for (const f of findings) {
    if (f.location) {
      if (sameRepo(f.location.repo, repo)) located.push(f);
      continue;
    }
    const s = f.subject;
    let at: Location | undefined;
    let relevant = false;
    if (s.type === "key" && linkedKeys.has(s.accessKeyId)) {
      relevant = true;
      at = firstUsage(usages, (u) => linksForUsage(u, context.links).some((l) => l.accessKeyId === s.accessKeyId));
    } else if (s.type === "secret" && (s.scope === "organization" || sameRepo(s.repo ?? "", repo))) {
      const name = s.name.toUpperCase();
      at = firstUsage(usages, (u) => u.secretNames.some((n) => n.toUpperCase() === name));
      relevant = s.scope !== "organization" || at !== undefined;
    }
    if (at) located.push({ ...f, location: at });
    else if (relevant) unlocated.push(f);
  }
  return { located, unlocated };
}

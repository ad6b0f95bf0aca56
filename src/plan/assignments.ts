// The bridge to the workflow patcher: its `roles` callback, answered from a plan's assignments.
// Typed structurally (usage id, path, job in; role ARNs out) so plan/ does not import generate/.
import type { Plan, RepoPlan } from "./schema.js";

export interface AssignmentTarget {
  usage: { id: string };
  path: string;
  job?: string;
}

export interface AssignedRoles {
  entryRoleArn: string;
  chainRoleArn?: string;
  externalId?: string;
  region?: string;
}

/** For `generate/workflows`: the roles a usage in a job assumes, or undefined to leave it alone. */
export function roleAssignmentsFor(plan: Plan, repo: string, ready?: ReadyRepos): (target: AssignmentTarget) => AssignedRoles | undefined {
  const assignments = (ready ? ready.get(repo) : plan.repos.find((r) => r.repo === repo && r.status === "ready"))?.assignments ?? [];
  const byKey = new Map(assignments.map((a) => [`${a.usageId}\n${a.job ?? ""}`, a]));
  return (target) => {
    const a = byKey.get(`${target.usage.id}\n${target.job ?? ""}`) ?? (target.job === undefined ? undefined : byKey.get(`${target.usage.id}\n`));
    if (!a || a.path !== target.path) return undefined;
    return { entryRoleArn: a.entryRoleArn, ...(a.chainRoleArn ? { chainRoleArn: a.chainRoleArn } : {}), ...(a.externalId ? { externalId: a.externalId } : {}), ...(a.region ? { region: a.region } : {}) };
  };
}

export type ReadyRepos = ReadonlyMap<string, RepoPlan>;

/** The first ready plan of each repo: a caller asking for thousands of repos looks each up once, not through the whole list. */
export function readyRepos(plan: Plan): ReadyRepos {
  const out = new Map<string, RepoPlan>();
  for (const r of plan.repos) if (r.status === "ready" && !out.has(r.repo)) out.set(r.repo, r);
  return out;
}

// The ordered steps: apply Terraform (the tooling module first: a trust that names a role needs the
// role) → change existing roles → merge each repo's PR → verify → deactivate each key once every repo
// using it is verified → wait → delete the key and the secrets. Every step says what must hold before
// it and how to undo it; the order respects every dependency and is the same on every run.
import type { PlanConfig } from "./config.js";
import type { KeyDraft } from "./keys.js";
import type { RepoDraft } from "./repo-plan.js";
import type { ExistingRoleChange, PlanAccount, PlanRole, RoleAssignment, Step, StepKind } from "./schema.js";

const KIND_ORDER: StepKind[] = ["apply-terraform", "update-existing-role", "merge-pr", "verify", "deactivate-key", "wait", "delete-key", "delete-secrets"];

type Draft = Omit<Step, "order">;

export interface StepInput {
  config: PlanConfig;
  accounts: PlanAccount[];
  roles: PlanRole[];
  existingRoleChanges: ExistingRoleChange[];
  repos: RepoDraft[];
  assignments: Map<string, RoleAssignment[]>;
  keys: KeyDraft[];
}

export function buildSteps(input: StepInput): Step[] {
  const steps = new Map<string, Draft>();
  const add = (s: Draft) => steps.set(s.id, s);
  const moduleOf = new Map(input.accounts.map((a) => [a.id, a.module]));
  for (const a of input.accounts) {
    add({
      id: `apply-terraform:${a.module}`,
      kind: "apply-terraform",
      title: `Apply the Terraform in ${a.module}/`,
      accountId: a.id,
      module: a.module,
      dependsOn: a.applyAfter.map((m) => `apply-terraform:${m}`),
      preconditions: [
        `Credentials for account ${a.id} (the provider's allowed_account_ids refuses any other account).`,
        ...(a.applyAfter.length ? [`${a.applyAfter.join(", ")} applied: the trust policies here name roles created there.`] : []),
        "terraform plan creates only the roles and provider listed in the plan.",
      ],
      rollback: `terraform destroy in ${a.module}/: nothing uses these roles before the pull requests merge.`,
    });
  }
  const roleByArn = new Map(input.roles.map((r) => [r.arn, r]));
  for (const change of input.existingRoleChanges) {
    const needs = [...new Set(change.statements.flatMap((s) => principalArns(s.Principal)).flatMap((arn) => (roleByArn.get(arn) ? [moduleOf.get(roleByArn.get(arn)?.accountId ?? "")] : [moduleOf.get(change.accountId)])))].filter((m): m is string => !!m);
    add({
      id: `update-existing-role:${change.roleArn}`,
      kind: "update-existing-role",
      title: `Add keyless's trust statement to ${change.roleArn}`,
      repo: change.repo,
      accountId: change.accountId,
      dependsOn: needs.map((m) => `apply-terraform:${m}`),
      preconditions: ["The roles and provider the statement names exist.", `${change.reason}; the role is not managed by keyless, so the change is made by hand or in its own Terraform.`],
      rollback: "Remove the statements keyless added from the role's trust policy.",
    });
  }
  for (const draft of input.repos.filter((d) => d.status === "ready")) {
    const repo = draft.repo.fullName;
    const assignments = input.assignments.get(repo) ?? [];
    const arns = new Set(assignments.flatMap((a) => [a.entryRoleArn, ...(a.chainRoleArn ? [a.chainRoleArn] : [])]));
    const modules = [...new Set([...arns].flatMap((arn) => { const r = roleByArn.get(arn); return r?.managedByKeyless ? [moduleOf.get(r.accountId)] : []; }))].filter((m): m is string => !!m).sort();
    const changes = input.existingRoleChanges.filter((c) => arns.has(c.roleArn)).map((c) => `update-existing-role:${c.roleArn}`);
    add({
      id: `merge-pr:${repo}`,
      kind: "merge-pr",
      title: `Merge the workflow pull request of ${repo}`,
      repo,
      dependsOn: [...modules.map((m) => `apply-terraform:${m}`), ...changes].sort(),
      preconditions: [
        `The roles exist: ${[...arns].sort().join(", ")}.`,
        "The patched workflows pass GitHub's workflow parser and keyless's re-analysis finds no static key in the migrated jobs.",
        "A reviewer confirmed the permissions blocks the patch added or changed.",
      ],
      rollback: "Revert the pull request: the access keys keep working until they are deactivated.",
    });
    const contexts = [...new Set(draft.consumers.flatMap((c) => c.subjects.map((s) => s.context)))].sort();
    add({
      id: `verify:${repo}`,
      kind: "verify",
      title: `Verify ${repo} deploys on OIDC`,
      repo,
      dependsOn: [`merge-pr:${repo}`],
      preconditions: [
        `A run of each migrated workflow succeeded after the merge (${[...new Set(assignments.map((a) => a.path))].join(", ")}), from ${contexts.join(", ")}.`,
        `CloudTrail shows the repository's runs as the new roles, and no use of ${draft.links.map((l) => l.accessKeyId).filter((v, i, a) => a.indexOf(v) === i).join(", ") || "its keys"} from its runs since the merge.`,
      ],
      rollback: "Revert the pull request.",
    });
  }
  const keyStep = new Map<string, string>();
  const keyById = new Map(input.keys.map((k) => [k.accessKeyId, k]));
  for (const k of input.keys) {
    const id = k.accessKeyId;
    const reactivate = `Reactivate it: aws iam update-access-key --user-name ${k.userName} --access-key-id ${id} --status Active.`;
    if (k.disposition === "retire-after-migration") {
      add({ id: `deactivate-key:${id}`, kind: "deactivate-key", title: `Deactivate access key ${id} (${k.userName} in ${k.accountId})`, accessKeyId: id, accountId: k.accountId, dependsOn: k.verifyRepos.map((r) => `verify:${r}`), preconditions: [`Every repository that used it is verified: ${k.verifyRepos.join(", ")}.`, "IAM reports its last use before the last of those merges, and CloudTrail shows no use since."], rollback: reactivate });
      add({ id: `wait:${id}`, kind: "wait", title: `Wait ${input.config.waitDays} days with ${id} inactive`, accessKeyId: id, accountId: k.accountId, dependsOn: [`deactivate-key:${id}`], waitDays: input.config.waitDays, preconditions: ["Nothing failed because the key is inactive (CloudTrail shows no AccessDenied or InvalidClientTokenId for it)."], rollback: reactivate });
      add({ id: `delete-key:${id}`, kind: "delete-key", title: `Delete access key ${id}`, accessKeyId: id, accountId: k.accountId, dependsOn: [`wait:${id}`], preconditions: [`${input.config.waitDays} days passed with the key inactive and nothing broke.`], rollback: "None: a deleted key cannot be restored; create a new key if something still needs one." });
      keyStep.set(id, `wait:${id}`);
    } else if (k.disposition === "delete-unused") {
      add({ id: `delete-key:${id}`, kind: "delete-key", title: `Delete unused access key ${id} (${k.userName} in ${k.accountId})`, accessKeyId: id, accountId: k.accountId, dependsOn: [], preconditions: [`Still unused: IAM reports ${k.key.lastUsed?.date ? `its last use on ${k.key.lastUsed.date.slice(0, 10)}` : "no use at all"}.`], rollback: "None: a deleted key cannot be restored; create a new key if something still needs one." });
      keyStep.set(id, `delete-key:${id}`);
    }
  }
  for (const draft of input.repos) {
    const repo = draft.repo.fullName;
    const secretLinks = draft.links.filter((l) => l.scope !== "organization");
    const names = [...new Set(secretLinks.flatMap((l) => l.secretNames.map((n) => (l.environment ? `${l.environment}/${n}` : n))))].sort();
    if (names.length === 0 || !["ready", "archived", "secrets-only"].includes(draft.status)) continue;
    const keyIds = [...new Set(secretLinks.map((l) => l.accessKeyId))];
    // A repo that does not migrate itself keeps its secrets while a key in them is still in use elsewhere.
    const pending = keyIds.filter((id) => { const k = keyById.get(id); return k && (k.disposition === "waiting" || k.disposition === "not-linked") && draft.status !== "ready"; });
    if (pending.length > 0) continue;
    add({
      id: `delete-secrets:${repo}`,
      kind: "delete-secrets",
      title: `Delete the key secrets of ${repo}: ${names.join(", ")}`,
      repo,
      dependsOn: [...(draft.status === "ready" ? [`verify:${repo}`] : []), ...keyIds.flatMap((id) => (keyStep.has(id) ? [keyStep.get(id) as string] : []))].sort(),
      preconditions: [
        ...(draft.status === "archived" ? ["Unarchive the repository first: archived repositories are read-only."] : []),
        "No workflow of the repository references these secrets any more.",
      ],
      rollback: "None: GitHub never returns a secret's value; store a new value if something still needs it.",
    });
  }
  return order(steps);
}

function principalArns(p: unknown): string[] {
  if (!p || typeof p !== "object") return [];
  return Object.values(p as Record<string, string | string[]>).flatMap((v) => (Array.isArray(v) ? v : [v]));
}

/** Kahn's algorithm; among ready steps, the earlier kind first, then the id (a heap keeps it fast). */
function order(steps: Map<string, Draft>): Step[] {
  const indegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const s of steps.values()) {
    s.dependsOn = [...new Set(s.dependsOn.filter((d) => steps.has(d)))].sort();
    indegree.set(s.id, s.dependsOn.length);
    for (const d of s.dependsOn) {
      const list = dependents.get(d);
      if (list) list.push(s.id);
      else dependents.set(d, [s.id]);
    }
  }
  const key = (id: string) => `${String(KIND_ORDER.indexOf((steps.get(id) as Draft).kind)).padStart(2, "0")}\n${id}`;
  const heap = new MinHeap(key);
  for (const [id, n] of indegree) if (n === 0) heap.push(id);
  const out: Step[] = [];
  for (let id = heap.pop(); id !== undefined; id = heap.pop()) {
    out.push({ ...(steps.get(id) as Draft), order: out.length + 1 });
    for (const next of dependents.get(id) ?? []) {
      const n = (indegree.get(next) ?? 0) - 1;
      indegree.set(next, n);
      if (n === 0) heap.push(next);
    }
  }
  if (out.length !== steps.size) throw new Error("plan steps have a dependency cycle");
  return out;
}

class MinHeap {
  private readonly items: Array<{ id: string; key: string }> = [];
  constructor(private readonly keyOf: (id: string) => string) {}

  push(id: string): void {
    const items = this.items;
    items.push({ id, key: this.keyOf(id) });
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as { key: string }).key <= (items[i] as { key: string }).key) break;
      [items[parent], items[i]] = [items[i] as { id: string; key: string }, items[parent] as { id: string; key: string }];
      i = parent;
    }
  }

  pop(): string | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (!top || !last) return undefined;
    if (items.length > 0) {
      items[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && (items[l] as { key: string }).key < (items[m] as { key: string }).key) m = l;
        if (r < items.length && (items[r] as { key: string }).key < (items[m] as { key: string }).key) m = r;
        if (m === i) break;
        [items[m], items[i]] = [items[i] as { id: string; key: string }, items[m] as { id: string; key: string }];
        i = m;
      }
    }
    return top.id;
  }
}

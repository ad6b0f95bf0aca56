// What happens to each access key: retired after every repo that uses it migrated, deleted straight
// away when nobody used it (KL104), never touched when it is also used outside GitHub (KL110), or
// left waiting while a repo that uses it is blocked.
import type { Finding, Link } from "../analyze/model.js";
import type { AccessKey } from "../inventory/schema.js";
import type { RepoDraft } from "./repo-plan.js";
import type { KeyPlan } from "./schema.js";

export interface KeyDraft extends Omit<KeyPlan, "steps"> {
  key: AccessKey;
  /** Ready repos whose verification the key's deactivation waits for. */
  verifyRepos: string[];
}

/** Statuses whose workflows really hand the key to jobs. */
const CONSUMING = new Set(["ready", "blocked", "skipped"]);

export function keyDrafts(keys: AccessKey[], links: Link[], findings: Finding[], drafts: Map<string, RepoDraft>): KeyDraft[] {
  const byKey = new Map<string, Link[]>();
  for (const l of links) {
    const list = byKey.get(l.accessKeyId);
    if (list) list.push(l);
    else byKey.set(l.accessKeyId, [l]);
  }
  const flags = new Set<string>();
  for (const f of findings) {
    if (f.subject.type !== "key") continue;
    flags.add(`${f.ruleId}\n${f.subject.accessKeyId}\nany`);
    if (!f.suppressed) flags.add(`${f.ruleId}\n${f.subject.accessKeyId}\nactive`);
  }
  const flagged = (rule: string, id: string, includeSuppressed: boolean) => flags.has(`${rule}\n${id}\n${includeSuppressed ? "any" : "active"}`);
  const out: KeyDraft[] = [];
  for (const key of keys) {
    const linked = byKey.get(key.accessKeyId) ?? [];
    const outside = flagged("KL110", key.accessKeyId, true);
    const unused = flagged("KL104", key.accessKeyId, false);
    if (linked.length === 0 && !outside && !unused) continue;
    const repos = [...new Set(linked.map((l) => l.repo))].sort();
    const consuming = repos.filter((r) => CONSUMING.has(drafts.get(r)?.status ?? ""));
    const waitingFor = consuming.filter((r) => drafts.get(r)?.status !== "ready");
    const base = { key, accessKeyId: key.accessKeyId, accountId: key.accountId, userName: key.userName, repos, waitingFor: [] as string[], verifyRepos: [] as string[], notes: [] as string[] };
    if (outside) {
      out.push({ ...base, disposition: "keep-used-outside-github", notes: ["CloudTrail shows it used from outside GitHub-hosted runners (KL110): keyless never deactivates it. Move that consumer to its own credentials first."] });
    } else if (unused) {
      out.push({ ...base, disposition: "delete-unused", notes: [`Unused (KL104)${key.lastUsed?.date ? `: last used ${key.lastUsed.date.slice(0, 10)}` : ": never used"}; nothing to migrate.`] });
    } else if (consuming.length === 0) {
      out.push({ ...base, disposition: "not-linked", notes: [repos.length > 0 ? `Linked only to repositories whose workflows do not hand it to a job (${repos.join(", ")}); whatever uses it is not in GitHub Actions.` : "No repository is linked to it."] });
    } else if (waitingFor.length > 0) {
      out.push({ ...base, disposition: "waiting", waitingFor, verifyRepos: consuming.filter((r) => !waitingFor.includes(r)), notes: [`Waits for ${waitingFor.join(", ")}: a repository that uses it is not migrating yet.`] });
    } else {
      const shared = consuming.length > 1 ? [`Shared by ${consuming.length} repositories: retired only after all of them are verified.`] : [];
      const weak = linked.filter((l) => l.confidence === "low" || l.confidence === "medium").map((l) => `${l.repo} (${l.confidence})`);
      out.push({ ...base, disposition: "retire-after-migration", verifyRepos: consuming, notes: [...shared, ...(weak.length ? [`Weakly linked to ${weak.join(", ")}: check CloudTrail before deactivating.`] : [])] });
    }
  }
  return out.sort((a, b) => a.accountId.localeCompare(b.accountId) || a.userName.localeCompare(b.userName) || a.accessKeyId.localeCompare(b.accessKeyId));
}

// Secrets that hold an AWS key id no linked key accounts for: those a workflow reads as an access key
// id, and, among secrets no workflow reads at all, those named like one (…AWS_ACCESS_KEY_ID…, …_KEY_ID).
import type { LinkContext } from "./context.js";
import { storeKey, type StoredSecret } from "./credential-sets.js";
import type { UnlinkedSecret } from "./index.js";

const KEY_ID_NAME = /AWS_ACCESS_KEY_ID|_KEY_ID$/i;
const SECRET_REF = /secrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([^'"]+)['"]\s*\])/g;

/** Secret names a repo's workflow files mention at all (for any purpose). */
function mentionedNames(texts: string[]): Set<string> {
  const names = new Set<string>();
  for (const text of texts) {
    SECRET_REF.lastIndex = 0;
    for (let m = SECRET_REF.exec(text); m; m = SECRET_REF.exec(text)) names.add((m[1] ?? m[2] ?? "").toUpperCase());
  }
  return names;
}

export function unlinkedSecrets(ctx: LinkContext, linked: StoredSecret[]): UnlinkedSecret[] {
  const linkedKeys = new Set(linked.map(storeKey));
  const out = new Map<string, UnlinkedSecret>();
  const add = (s: StoredSecret) => {
    const id = storeKey(s);
    if (linkedKeys.has(id) || out.has(id)) return;
    out.set(id, { ...(s.scope !== "organization" && s.repo ? { repo: s.repo } : {}), name: s.name, scope: s.scope, ...(s.environment ? { environment: s.environment } : {}), ...(s.store ? { store: s.store } : {}) });
  };
  const mentionedAnywhere = new Set<string>();
  const orgSecrets = new Map<string, StoredSecret>();
  for (const repo of ctx.repos.values()) {
    for (const set of repo.sets) set.idSecrets.forEach(add);
    const mentioned = mentionedNames(repo.repo.workflows.map((w) => w.text ?? ""));
    for (const s of repo.store.secrets) if (!mentioned.has(s.name) && KEY_ID_NAME.test(s.name)) add(s);
    for (const s of repo.store.orgSecrets) {
      orgSecrets.set(s.name, s);
      if (mentioned.has(s.name)) mentionedAnywhere.add(s.name);
    }
  }
  for (const [name, s] of orgSecrets) if (!mentionedAnywhere.has(name) && KEY_ID_NAME.test(name)) add(s);
  // Dependabot and Codespaces secrets: no workflow step reads them, so a name like a key id is the sign.
  for (const repo of ctx.repos.values()) for (const s of repo.storeSecrets) if (KEY_ID_NAME.test(s.name)) add(s);
  for (const s of ctx.orgStoreSecrets) if (KEY_ID_NAME.test(s.name)) add(s);
  return [...out.values()].sort((a, b) => (a.repo ?? "").localeCompare(b.repo ?? "") || a.name.localeCompare(b.name) || (a.environment ?? "").localeCompare(b.environment ?? ""));
}

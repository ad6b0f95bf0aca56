// KL114's findings for Dependabot and Codespaces secrets: named like an access key id, in a repository
// or the organization, and placed by no link of medium confidence or better. The store is named in
// the subject, the message and the fingerprint's anchor (an Actions secret of the same name is another).
import { KEY_ID_NAME } from "../links/store-secrets.js";
import type { AnalysisContext, Finding, Subject } from "../model.js";
import { makeFinding, type RuleRef } from "./helpers.js";

const LABEL = { dependabot: "Dependabot", codespaces: "Codespaces" } as const;

export function unlinkedStoreSecretFindings(context: AnalysisContext, rule: RuleRef): Finding[] {
  const gh = context.inventory.github;
  if (!gh) return [];
  const accounted = new Set<string>();
  for (const link of context.links) {
    if (link.confidence === "low") continue;
    for (const s of link.stores ?? []) {
      if (s.scope !== "organization") accounted.add(`${s.store}:${link.repo.toLowerCase()}:${s.name}`);
      // In a scan of several organizations, a link accounts only for its own organization's secret.
      else accounted.add(`${s.store}:org:${s.name}`).add(`${s.store}:org:${ownerOf(link.repo)}:${s.name}`);
    }
  }
  const out: Finding[] = [];
  for (const repo of gh.repos) {
    for (const s of repo.storeSecrets ?? []) {
      const name = s.name.toUpperCase();
      if (!KEY_ID_NAME.test(name) || accounted.has(`${s.store}:${repo.fullName.toLowerCase()}:${name}`)) continue;
      const subject: Subject = { type: "secret", name, scope: "repo", repo: repo.fullName, store: s.store };
      out.push(finding(rule, subject, `${LABEL[s.store]} secret ${name} of ${repo.fullName}`));
    }
  }
  for (const s of gh.orgStoreSecrets ?? []) {
    const name = s.name.toUpperCase();
    if (!KEY_ID_NAME.test(name) || accounted.has(s.org ? `${s.store}:org:${s.org.toLowerCase()}:${name}` : `${s.store}:org:${name}`)) continue;
    const subject: Subject = { type: "secret", name, scope: "organization", store: s.store, ...(s.org ? { org: s.org } : {}) };
    out.push(finding(rule, subject, `${LABEL[s.store]} organization secret ${name}${s.org ? ` of ${s.org}` : ""}`));
  }
  return out;
}

const ownerOf = (repo: string) => (repo.split("/")[0] ?? "").toLowerCase();

function finding(rule: RuleRef, subject: Subject & { type: "secret" }, what: string): Finding {
  return makeFinding(rule, subject, subject.store ?? "", {
    message: `${what} is named like an AWS access key id, but no key of the scanned accounts is linked to it.`,
    evidence: [`Its name is that of an access key id; ${subject.store === "dependabot" ? "Dependabot reads it for private registries (dependabot.yml) and for its own workflow runs" : `Codespaces hands it to every codespace of ${subject.scope === "organization" ? "the repositories it is shared with" : "the repository"} as an environment variable`}.`],
  });
}

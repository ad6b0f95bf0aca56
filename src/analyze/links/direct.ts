// Evidence that names the key outright (all certain): a secret-scanning alert on the key id, the key
// id written in a workflow file or held by a variable the workflow reads, and the user's mapping file.
import type { MappingEntry } from "../model.js";
import type { Claim, LinkContext, RepoContext } from "./context.js";
import { setsInFiles } from "./context.js";

export function secretScanningClaims(ctx: LinkContext): Claim[] {
  const claims: Claim[] = [];
  for (const repo of ctx.repos.values()) {
    for (const alert of repo.repo.secretScanningAlerts) {
      if (!alert.accessKeyId || !ctx.keys.has(alert.accessKeyId)) continue;
      const where = alert.path ? ` in ${alert.path}${alert.line ? `:${alert.line}` : ""}` : "";
      claims.push({
        accessKeyId: alert.accessKeyId,
        repo: repo.repo.fullName,
        evidence: {
          kind: "secret-scanning",
          confidence: "certain",
          summary: `Secret-scanning alert #${alert.number} (${alert.state}) in ${repo.repo.fullName} matched the key id${where}.`,
          refs: { alert: alert.number, state: alert.state, createdAt: alert.createdAt, ...(alert.path ? { path: alert.path } : {}), ...(alert.line ? { line: alert.line } : {}) },
        },
        ...(alert.path ? { sets: setsInFiles(repo, [alert.path]) } : {}),
      });
    }
  }
  return claims;
}

/** Key ids written in workflow files: `literal-key-id` usages and literal access-key-id values. */
export function literalClaims(ctx: LinkContext): Claim[] {
  const claims: Claim[] = [];
  for (const repo of ctx.repos.values()) {
    const seen = new Set<string>();
    for (const usage of repo.analysis?.usages ?? []) {
      const keyId = usage.literal?.keyId;
      if (!keyId || usage.literal?.example || !ctx.keys.has(keyId) || seen.has(`${keyId}@${usage.path}:${usage.line}`)) continue;
      seen.add(`${keyId}@${usage.path}:${usage.line}`);
      // The credential set on the same line (an env or input given the literal) holds its secret key.
      const sameLine = repo.sets.filter((s) => s.literalKeyIds.includes(keyId) && s.usage.path === usage.path);
      claims.push({
        accessKeyId: keyId,
        repo: repo.repo.fullName,
        evidence: {
          kind: "literal-key-id",
          confidence: "certain",
          summary: `The key id is written in ${usage.path}:${usage.line}${usage.literal?.inComment ? " (in a comment)" : ""}.`,
          refs: { path: usage.path, line: usage.line, column: usage.column },
        },
        ...(sameLine.length > 0 ? { sets: sameLine } : {}),
      });
    }
  }
  return claims.concat(variableClaims(ctx));
}

/** A configuration variable whose value is the key id, read in an access-key-id slot. */
function variableClaims(ctx: LinkContext): Claim[] {
  const claims: Claim[] = [];
  for (const repo of ctx.repos.values()) {
    const byKey = new Map<string, RepoContext["sets"]>();
    for (const set of repo.sets) {
      for (const v of set.idVariables) {
        if (!ctx.keys.has(v.value)) continue;
        byKey.set(v.value, [...(byKey.get(v.value) ?? []), set]);
      }
    }
    for (const [keyId, sets] of byKey) {
      const variable = sets[0]?.idVariables.find((v) => v.value === keyId);
      const usage = sets[0]?.usage;
      if (!variable || !usage) continue;
      const where = variable.scope === "environment" ? `environment ${variable.environment} variable` : `${variable.scope} variable`;
      claims.push({
        accessKeyId: keyId,
        repo: repo.repo.fullName,
        evidence: {
          kind: "literal-key-id",
          confidence: "certain",
          summary: `The ${where} ${variable.name} holds the key id, and ${usage.path}:${usage.line} passes it as the access key id.`,
          refs: { variable: variable.name, scope: variable.scope, ...(variable.environment ? { environment: variable.environment } : {}), path: usage.path, line: usage.line },
        },
        sets,
      });
    }
  }
  return claims;
}

/** Mapping entries for keys the inventory knows; the others are returned so they are not lost silently. */
export function mappingClaims(ctx: LinkContext, mappings: MappingEntry[]): { claims: Claim[]; unmatched: MappingEntry[] } {
  const claims: Claim[] = [];
  const unmatched: MappingEntry[] = [];
  const byLower = new Map([...ctx.repos.keys()].map((r) => [r.toLowerCase(), r]));
  for (const m of mappings) {
    if (!ctx.keys.has(m.accessKeyId)) {
      unmatched.push(m);
      continue;
    }
    const repo = byLower.get(m.repo.toLowerCase()) ?? m.repo;
    const names = (m.secretNames ?? []).map((n) => n.toUpperCase());
    claims.push({
      accessKeyId: m.accessKeyId,
      repo,
      evidence: {
        kind: "mapping-file",
        confidence: "certain",
        summary: `The mapping file says the key is stored in ${repo}${names.length ? ` as ${names.join(", ")}` : ""}.`,
        refs: { repo, ...(names.length ? { secretNames: names.join(",") } : {}) },
      },
      ...(names.length ? { names } : {}),
    });
  }
  return { claims, unmatched };
}

// Audit → audit.json v1: the one place internal fields are mapped to the published ones, so the
// internal model can change without breaking consumers. Spans and offsets stay internal.
import type { Audit } from "../../analyze/audit.js";
import type { Finding, Link } from "../../analyze/model.js";
import type { CredentialSlot, Usage, ValueRef } from "../../analyze/workflows/types.js";
import { VERSION } from "../../version.js";
import { keyAction, repoState, triage } from "../triage.js";
import { AUDIT_SCHEMA_VERSION, type AuditWire } from "./schema.js";

type Wire<K extends keyof AuditWire> = AuditWire[K] extends Array<infer T> ? T : AuditWire[K];

function source(ref: ValueRef): Wire<"usages">["credentials"][number]["sources"] {
  // An env reference is shown as what the variable holds, when the workflow says.
  if (ref.source === "env" && ref.resolved && ref.resolved.length > 0) return ref.resolved.flatMap(source);
  return [{ source: ref.source, name: ref.name, namePattern: ref.namePattern, keyId: ref.keyId, expression: ref.expression }];
}

function credential(slot: CredentialSlot | undefined): Wire<"usages">["credentials"] {
  if (!slot) return [];
  return [{ role: slot.role, slot: slot.slot, line: slot.valueSpan.line, column: slot.valueSpan.column, sources: slot.refs.flatMap(source) }];
}

export function usageToWire(u: Usage): Wire<"usages"> {
  return {
    id: u.id,
    kind: u.kind,
    location: { repo: u.repo, path: u.path, line: u.line, column: u.column, endLine: u.endLine, endColumn: u.endColumn },
    fileKind: u.fileKind,
    job: u.job,
    step: u.step ? { index: u.step.index, name: u.step.name, id: u.step.id, uses: u.step.uses } : undefined,
    action: u.action?.uses,
    secretNames: u.secretNames,
    variableNames: u.variableNames,
    credentials: [...credential(u.accessKeyId), ...credential(u.secretAccessKey), ...credential(u.sessionToken)],
    environment: u.environment ? { name: u.environment.name, expression: u.environment.expression } : undefined,
    triggers: u.triggers?.events,
    reachableFromForks: u.triggers?.secretsReachableFromForks,
    roleToAssume: u.roleToAssume?.value,
    regions: [...new Set(u.regionHints.map((h) => h.value))],
    accountIds: [...new Set(u.accountHints.flatMap((h) => (h.accountId ? [h.accountId] : [])))],
    suppressed: u.suppressed,
    notes: u.notes,
  };
}

function linkToWire(l: Link): Wire<"links"> {
  return {
    accessKeyId: l.accessKeyId,
    accountId: l.accountId,
    repo: l.repo,
    secretNames: l.secretNames,
    scope: l.scope,
    environment: l.environment,
    ...(l.stores ? { stores: l.stores.map((s) => ({ ...s })) } : {}),
    confidence: l.confidence,
    evidence: l.evidence.map((e) => ({ kind: e.kind, confidence: e.confidence, summary: e.summary, refs: { ...e.refs } })),
  };
}

function findingToWire(f: Finding): Wire<"findings"> {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    subject: { ...f.subject },
    location: f.location ? { ...f.location } : undefined,
    evidence: f.evidence,
    fingerprint: f.fingerprint,
    suppressed: f.suppressed ? { by: f.suppressed.by, reason: f.suppressed.reason } : undefined,
  };
}

export function auditToWire(audit: Audit): AuditWire {
  const t = triage(audit);
  const s = audit.summary;
  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    tool: { name: "keyless", version: VERSION },
    generatedAt: audit.generatedAt,
    inventoryGeneratedAt: audit.inventoryGeneratedAt,
    scope: { awsOrganizationId: audit.organization?.id, awsManagementAccountId: audit.organization?.managementAccountId, awsScannedFrom: audit.organization?.scannedFrom, githubOrg: audit.githubOrg },
    ...(audit.organizations ? { organizations: audit.organizations } : {}),
    summary: {
      accounts: s.accounts,
      reachableAccounts: s.reachableAccounts,
      accessKeys: s.accessKeys,
      activeAccessKeys: s.activeAccessKeys,
      rootKeys: s.rootKeys,
      linkedKeys: s.linkedKeys,
      keysToMigrate: t.keys.migrate.length,
      keysToDelete: t.keys.delete.length,
      keysToInvestigate: t.keys.investigate.length,
      reposScanned: s.reposScanned,
      reposWithStaticKeys: s.reposWithStaticKeys,
      reposToChange: t.reposToChange.length,
      reposOnOidc: s.reposOnOidc,
      usages: s.usages,
      linksByConfidence: { ...s.linksByConfidence },
      findingsBySeverity: { ...s.findingsBySeverity },
      suppressedFindings: s.suppressedFindings,
      skipped: s.skipped,
      requests: { ...s.requests },
      ...(s.sinceLastScan ? { sinceLastScan: { ...s.sinceLastScan } } : {}),
    },
    accounts: audit.accounts.map((a) => ({
      id: a.id, name: a.name, status: a.status, ouPath: a.ouPath, isManagement: a.isManagement, reachable: a.reachable, unreachableReason: a.unreachableReason, accessKeys: a.accessKeys,
    })),
    keys: audit.keys.map((k) => ({
      accessKeyId: k.accessKeyId,
      accountId: k.accountId,
      accountName: k.accountName,
      userName: k.userName,
      isRoot: k.isRoot,
      status: k.status,
      createdAt: k.createDate,
      ageDays: k.ageDays,
      lastUsed: k.lastUsedDate ? { at: k.lastUsedDate, daysAgo: k.idleDays ?? 0, service: k.lastUsedService, region: k.lastUsedRegion } : undefined,
      repos: k.repos.map((r) => ({ repo: r.repo, confidence: r.confidence })),
      findings: k.findings,
      action: keyAction(k),
    })),
    repos: audit.repos.map((r) => ({
      fullName: r.fullName,
      visibility: r.visibility,
      archived: r.archived,
      fork: r.fork,
      workflowFiles: r.workflowCount,
      usages: r.usageCount,
      credentialNames: r.credentialNames,
      oidcJobs: r.oidcJobCount,
      state: repoState(r),
      linkedKeys: r.linkedKeys.map((l) => ({ accessKeyId: l.accessKeyId, confidence: l.confidence })),
      findings: { ...r.findings },
    })),
    usages: audit.usages.map(usageToWire),
    links: audit.links.map(linkToWire),
    findings: audit.findings.map(findingToWire),
    unlinkedSecrets: audit.unlinkedSecrets.map((u) => ({ repo: u.repo, name: u.name, scope: u.scope, environment: u.environment, ...(u.store ? { store: u.store } : {}) })),
    coverage: {
      unreachableAccounts: audit.accounts.filter((a) => !a.reachable).map((a) => ({ accountId: a.id, name: a.name, reason: a.unreachableReason })),
      skipped: audit.coverage.skipped.map((x) => ({ side: x.side, target: x.target, code: x.code, reason: x.reason })),
      requests: audit.coverage.requests.map((r) => ({ side: r.side, endpoint: r.endpoint, count: r.count })),
    },
  };
}

// audit.sarif: SARIF 2.1.0 for GitHub code scanning — every rule with its help, and a result per finding
// that has a place in a workflow file, with the finding's stable fingerprint. Pure: findings in, text out.
//
// Findings without a file location (about keys, roles, organization secrets) cannot be shown by code
// scanning, which needs a location to display a result. They are left out of `results` and counted in
// the run's properties; `findingsForRepo` first attaches key and secret findings to the workflow line
// that uses the key in that repository, where one exists.
import type { Finding, Severity } from "../../analyze/model.js";
import { subjectKey } from "../../analyze/findings/fingerprint.js";
import type { RuleMeta } from "../../analyze/rules/types.js";
import type { SarifLevel, SarifLog, SarifReportingDescriptor, SarifResult } from "./types.js";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
export const DEFAULT_INFORMATION_URI = "https://www.npmjs.com/package/keyless";
/** The key under which results carry keyless's own fingerprint. */
export const FINGERPRINT_KEY = "keylessFingerprint/v1";
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

const LEVEL: Record<Severity, SarifLevel> = { critical: "error", high: "error", medium: "warning", low: "note", info: "note" };
/** GitHub maps security-severity scores to its levels: > 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string | undefined> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0", info: undefined };

export interface SarifInput {
  findings: Finding[];
  rules: readonly RuleMeta[];
  toolVersion: string;
  /** The tool's home page (tool.driver.informationUri). */
  informationUri?: string;
  /** Where docs/rules is published; rules get helpUri `${docsBaseUri}/KL101.md`. */
  docsBaseUri?: string;
  /** Code scanning's category (runAutomationDetails.id, e.g. "keyless/"): uploads of one category replace each other. */
  category?: string;
  /**
   * A folder of local checkouts: URIs become relative to that folder (`<checkout>/<path>`) with
   * uriBaseId CHECKOUTS, so a viewer resolves every location against one base; `root` (a file: URI
   * ending in "/") is that base, absent when unknown (a saved inventory re-read elsewhere).
   */
  checkouts?: { root?: string; dirs: Record<string, string> };
}

/** The uriBaseId of local checkouts' locations. */
export const CHECKOUTS_BASE_ID = "CHECKOUTS";

/**
 * A relative path as a URI reference (SARIF's artifactLocation.uri is one): each segment
 * percent-encoded, "/" kept, so a file name with a space or "#" still names that file.
 */
function uriOf(path: string): string {
  // A lone surrogate cannot be encoded; it cannot be in a real file name either.
  const wellFormed = path.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  return wellFormed.split("/").map(encodeURIComponent).join("/");
}

function descriptor(rule: RuleMeta, docsBaseUri: string | undefined): SarifReportingDescriptor {
  const score = SECURITY_SEVERITY[rule.severity];
  const severityText = `Severity: ${rule.severity}${rule.severityNote ? `. ${rule.severityNote}` : "."}`;
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.rationale}\n\n${severityText}\n\nHow to fix: ${rule.remediation}`,
      markdown: `**Why it matters.** ${rule.rationale}\n\n${severityText}\n\n**How to fix.** ${rule.remediation}`,
    },
    ...(docsBaseUri ? { helpUri: `${docsBaseUri.replace(/\/+$/, "")}/${rule.id}.md` } : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ["security", ...rule.tags], ...(score ? { "security-severity": score } : {}) },
  };
}

function result(f: Finding, ruleIndex: number, checkouts: SarifInput["checkouts"]): SarifResult | undefined {
  const l = f.location;
  if (!l) return undefined;
  const dir = checkouts?.dirs[l.repo];
  const artifactLocation = dir === undefined ? { uri: uriOf(l.path) } : { uri: uriOf(dir === "." ? l.path : `${dir}/${l.path}`), uriBaseId: CHECKOUTS_BASE_ID };
  const evidence = f.evidence.length > 0 ? `\n\nEvidence:\n${f.evidence.map((e) => `- ${e}`).join("\n")}` : "";
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: `${f.message}${evidence}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation,
          region: { startLine: l.line, startColumn: l.column, ...(l.endLine !== undefined ? { endLine: l.endLine } : {}), ...(l.endColumn !== undefined ? { endColumn: l.endColumn } : {}) },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.suppressed
      ? { suppressions: [{ kind: f.suppressed.by === "inline" ? ("inSource" as const) : ("external" as const), status: "accepted" as const, ...(f.suppressed.reason ? { justification: f.suppressed.reason } : {}) }] }
      : {}),
    properties: { repository: l.repo, severity: f.severity, subject: subjectKey(f.subject) },
  };
}

export function sarifLog(input: SarifInput): SarifLog {
  const rules = input.rules.map((r) => descriptor(r, input.docsBaseUri));
  const index = new Map(input.rules.map((r, i) => [r.id, i]));
  const results: SarifResult[] = [];
  const omitted = new Map<string, number>();
  for (const f of input.findings) {
    const i = index.get(f.ruleId);
    const r = i === undefined ? undefined : result(f, i, input.checkouts);
    if (r) results.push(r);
    else omitted.set(f.ruleId, (omitted.get(f.ruleId) ?? 0) + 1);
  }
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "keyless", informationUri: input.informationUri ?? DEFAULT_INFORMATION_URI, version: input.toolVersion, ...(SEMVER.test(input.toolVersion) ? { semanticVersion: input.toolVersion } : {}), rules } },
        ...(input.category ? { automationDetails: { id: input.category } } : {}),
        ...(input.checkouts
          ? { originalUriBaseIds: { [CHECKOUTS_BASE_ID]: input.checkouts.root ? { uri: input.checkouts.root } : { description: { text: "The folder of local checkouts given to keyless audit --local." } } } }
          : {}),
        columnKind: "utf16CodeUnits",
        results,
        ...(omitted.size > 0
          ? { properties: { omittedFindings: Object.fromEntries([...omitted].sort(([a], [b]) => a.localeCompare(b))), omittedReason: "no location in a workflow file; see audit.json or audit.md" } }
          : {}),
      },
    ],
  };
}

/** The SARIF text (2-space JSON, trailing newline). */
export function renderSarif(input: SarifInput): string {
  return `${JSON.stringify(sarifLog(input), null, 2)}\n`;
}

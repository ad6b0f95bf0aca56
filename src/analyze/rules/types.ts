// What every rule declares about itself besides its check: the metadata its documentation page,
// the SARIF rule descriptor and the reports are generated from.
import type { Rule, Severity } from "../model.js";

export interface RuleMeta {
  /** Stable id (KL101…): never reused, never given another meaning once shipped. */
  id: string;
  /** PascalCase name, SARIF's reportingDescriptor.name. */
  name: string;
  /** One line: what is wrong. */
  title: string;
  /** The default severity; `severityNote` says when a finding gets another one. */
  severity: Severity;
  severityNote?: string;
  /** What exactly is flagged, and what is not. */
  description: string;
  /** Why it matters, and why this severity. */
  rationale: string;
  remediation: string;
  /** SARIF/code-scanning tags (besides "security", which every rule has). */
  tags: string[];
  /** What its findings are about: a place in a workflow, an access key, a stored secret, or an IAM role. */
  about: "usage" | "key" | "secret" | "role";
}

/** A rule of the catalogue: its check plus the metadata above. */
export type KeylessRule = Rule & RuleMeta;

export const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low", "info"];

export function severityRank(s: Severity): number {
  return SEVERITY_ORDER.indexOf(s);
}

// `--fail-on <severity>`: whether an audit should fail a CI job. Pure: the CLI and the GitHub Action
// turn the answer into exit code 1 (errors keep exit code 2, so a job can tell the two apart).
import type { Audit } from "../analyze/audit.js";
import type { Severity } from "../analyze/model.js";
import { SEVERITY_ORDER } from "./triage.js";

/** A severity, or `none`: never fail on findings. */
export type FailOn = Severity | "none";
export const FAIL_ON_CHOICES: readonly FailOn[] = [...SEVERITY_ORDER, "none"];

export function isFailOn(value: string): value is FailOn {
  return (FAIL_ON_CHOICES as readonly string[]).includes(value);
}

export interface FailOnVerdict {
  failed: boolean;
  /** Unsuppressed findings at or above the threshold. */
  count: number;
  /** For the log: what failed the run, or why it did not. */
  message: string;
}

/** Unsuppressed findings at or above `threshold` fail the run; suppressed ones never do. */
export function failOnVerdict(audit: Audit, threshold: FailOn): FailOnVerdict {
  if (threshold === "none") return { failed: false, count: 0, message: "fail-on none: findings never fail the run" };
  const at = SEVERITY_ORDER.slice(0, SEVERITY_ORDER.indexOf(threshold) + 1);
  const count = at.reduce((n, s) => n + audit.summary.findingsBySeverity[s], 0);
  const which = at.length === 1 ? threshold : `${threshold} or above`;
  return count > 0
    ? { failed: true, count, message: `fail-on ${threshold}: ${count} unsuppressed finding${count === 1 ? "" : "s"} ${which}` }
    : { failed: false, count, message: `fail-on ${threshold}: no unsuppressed finding ${which}` };
}

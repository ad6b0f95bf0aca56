// The Action's outputs (counts and file paths), and how they are written to the file GITHUB_OUTPUT
// names: `name<<DELIMITER`, the value, `DELIMITER`, which carries any value, line breaks included,
// as long as the delimiter is not a line of it (the runner's own rule; @actions/core does the same).
import type { Audit } from "../analyze/audit.js";
import type { Plan } from "../plan/index.js";
import type { FailOnVerdict } from "../report/fail-on.js";
import { SEVERITY_ORDER } from "../report/triage.js";

/** Output names, as action.yml declares them. */
export const ACTION_OUTPUTS = [
  "keys",
  "active-keys",
  "linked-keys",
  "repos-scanned",
  "repos-affected",
  "findings",
  ...SEVERITY_ORDER.map((s) => `findings-${s}` as const),
  "repos-ready",
  "repos-blocked",
  "failed",
  "report-dir",
  "report-files",
  "sarif-file",
] as const;
export type OutputName = (typeof ACTION_OUTPUTS)[number];

export function actionOutputs(audit: Audit, plan: Plan, verdict: FailOnVerdict, files: { dir: string; written: string[] }): Record<OutputName, string> {
  const s = audit.summary;
  const status = (name: string) => String(plan.repos.filter((r) => r.status === name).length);
  const sarif = files.written.find((f) => f.endsWith("audit.sarif"));
  return {
    keys: String(s.accessKeys),
    "active-keys": String(s.activeAccessKeys),
    "linked-keys": String(s.linkedKeys),
    "repos-scanned": String(s.reposScanned),
    "repos-affected": String(s.reposWithStaticKeys),
    findings: String(SEVERITY_ORDER.reduce((n, x) => n + s.findingsBySeverity[x], 0)),
    "findings-critical": String(s.findingsBySeverity.critical),
    "findings-high": String(s.findingsBySeverity.high),
    "findings-medium": String(s.findingsBySeverity.medium),
    "findings-low": String(s.findingsBySeverity.low),
    "findings-info": String(s.findingsBySeverity.info),
    "repos-ready": status("ready"),
    "repos-blocked": status("blocked"),
    failed: String(verdict.failed),
    "report-dir": files.dir,
    "report-files": files.written.join("\n"),
    "sarif-file": sarif ?? "",
  };
}

/** The lines to append to GITHUB_OUTPUT. `delimiter` is random per run; a value that holds it as a line is refused. */
export function formatOutputs(outputs: Record<string, string>, delimiter: string): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      if (value.split(/\r?\n/).includes(delimiter)) throw new Error(`output ${name} holds the delimiter`);
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join("");
}

// The rule documentation (docs/rules/), generated from the rules' metadata so it cannot drift:
// an index and one page per rule. Pure: returns file names and contents; scripts/gen-rule-docs.ts writes them.
import { SEVERITY_ORDER, type RuleMeta } from "./types.js";

export interface DocFile {
  /** Relative to docs/rules/. */
  path: string;
  content: string;
}

const HEADER = "<!-- Generated from src/analyze/rules by `npm run docs:rules`: edit the rule, not this file. -->";

const EXAMPLE_FILTER: Record<RuleMeta["about"], string[]> = {
  usage: ["    repo: acme/app", "    path: .github/workflows/deploy.yml"],
  key: ["    accessKeyId: AKIAIOSFODNN7EXAMPLE"],
  secret: ["    repo: acme/app"],
  role: [],
};

function suppression(rule: RuleMeta): string[] {
  const inline =
    rule.about === "usage" || rule.about === "secret"
      ? [
          `- In the workflow file${rule.about === "secret" ? ", when the finding is located at a workflow line" : ""}: a comment`,
          `  \`# keyless: ignore[${rule.id}]\` on the flagged line, its step's line, or the line before either.`,
        ]
      : [];
  const narrow =
    rule.about === "role"
      ? "- In `keyless.config.yaml`: an allowlist entry with a reason. Entries name keys, repositories and paths, not roles, so an entry for this rule covers every role:"
      : "- In `keyless.config.yaml`: an allowlist entry with a reason, narrowed as needed (`accessKeyId`, `repo`, `path` glob):";
  return [...inline, narrow, "", "```yaml", "allowlist:", `  - rule: ${rule.id}`, ...EXAMPLE_FILTER[rule.about], "    reason: Sandbox account, no production data; reviewed 2026-11-01.", "```"];
}

function rulePage(rule: RuleMeta): string {
  return [
    HEADER,
    "",
    `# ${rule.id}: ${rule.title}`,
    "",
    "| | |",
    "| --- | --- |",
    `| Default severity | ${rule.severity}${rule.severityNote ? `. ${rule.severityNote}` : ""} |`,
    `| Name | \`${rule.name}\` |`,
    `| Tags | ${["security", ...rule.tags].map((t) => `\`${t}\``).join(", ")} |`,
    "",
    "## What it finds",
    "",
    rule.description,
    "",
    "## Why it matters",
    "",
    rule.rationale,
    "",
    "## How to fix",
    "",
    rule.remediation,
    "",
    "## Suppressing it",
    "",
    "A finding is never dropped: a suppressed one stays in every report, marked with who suppressed it and why.",
    "",
    ...suppression(rule),
    "",
    "[All rules](README.md)",
    "",
  ].join("\n");
}

function indexPage(rules: readonly RuleMeta[]): string {
  const rows = rules.map((r) => `| [${r.id}](${r.id}.md) | ${r.title} | ${r.severity} |`);
  return [
    HEADER,
    "",
    "# keyless rules",
    "",
    "Every finding keyless reports comes from one of these rules. Ids are stable: a shipped id never changes meaning and",
    "is never reused. Each finding has a severity (the rule's default, or the one its page explains), a message, the",
    "evidence behind it, a location in a workflow file when there is one, and a fingerprint that stays the same when",
    "lines move (SARIF `partialFingerprints`).",
    "",
    "| Rule | Title | Default severity |",
    "| --- | --- | --- |",
    ...rows,
    "",
    `Severities, highest first: ${SEVERITY_ORDER.join(", ")}. \`keyless audit --fail-on <severity>\` exits 1 when an`,
    "unsuppressed finding is at or above it.",
    "",
    "Thresholds (`keyless.config.yaml`): `maxKeyAgeDays` (KL103, default 90) and `unusedDays` (KL104 and KL113, default 45).",
    "",
  ].join("\n");
}

export function renderRuleDocs(rules: readonly RuleMeta[]): DocFile[] {
  return [{ path: "README.md", content: indexPage(rules) }, ...rules.map((r) => ({ path: `${r.id}.md`, content: rulePage(r) }))];
}

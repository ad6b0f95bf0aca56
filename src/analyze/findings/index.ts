// Findings: running the rule catalogue, suppressions (inline and allowlist) and stable fingerprints.
export { compareFindings, runRuleSet, type RuleRun } from "./run-rules.js";
export { fingerprintOf, fnv1a64, subjectKey, usageAnchor } from "./fingerprint.js";
export { allowlistMatches, findingRepo, pathGlob } from "./suppress.js";
export { RULES, ruleById, runRules, runRulesDetailed, type KeylessRule, type RuleMeta } from "../rules/index.js";

// The rule catalogue: every rule keyless runs, in one explicit list. Ids are stable: a shipped id is
// never reused or given another meaning; a retired rule's id stays retired.
import { KL101 } from "./kl101-static-key-in-workflow.js";
import { KL102 } from "./kl102-literal-key-id.js";
import { KL103 } from "./kl103-old-key.js";
import { KL104 } from "./kl104-unused-key.js";
import { KL105 } from "./kl105-two-active-keys.js";
import { KL106 } from "./kl106-admin-key.js";
import { KL107 } from "./kl107-root-key.js";
import { KL108 } from "./kl108-fork-reachable.js";
import { KL109 } from "./kl109-org-secret-visible-to-all.js";
import { KL110 } from "./kl110-used-outside-github.js";
import { KL111 } from "./kl111-oidc-trust-not-repo-scoped.js";
import { KL112 } from "./kl112-trust-breaks-immutable-subject.js";
import { KL113 } from "./kl113-unlinked-key.js";
import { KL114 } from "./kl114-unlinked-secret.js";
import { KL115 } from "./kl115-committed-secret.js";
import { KL120 } from "./kl120-key-in-repository-file.js";
import { KL121 } from "./kl121-codeartifact-token-refresh.js";
import { KL130 } from "./kl130-key-created-since-last-scan.js";
import { KL131 } from "./kl131-retired-user-new-key.js";
import { KL132 } from "./kl132-migrated-repo-back-on-keys.js";
import { KL133 } from "./kl133-aws-secret-reappeared.js";
import type { AnalysisContext, Finding } from "../model.js";
import { runRuleSet, type RuleRun } from "../findings/run-rules.js";
import type { KeylessRule } from "./types.js";

export const RULES: readonly KeylessRule[] = [KL101, KL102, KL103, KL104, KL105, KL106, KL107, KL108, KL109, KL110, KL111, KL112, KL113, KL114, KL115, KL120, KL121, KL130, KL131, KL132, KL133];

export function ruleById(id: string): KeylessRule | undefined {
  return RULES.find((r) => r.id === id);
}

/** Every rule's findings, suppressed ones included (marked), sorted by severity, rule, subject and location. */
export function runRules(context: AnalysisContext, rules: readonly KeylessRule[] = RULES): Finding[] {
  return runRuleSet(context, rules).findings;
}

/** The findings, and the allowlist entries that matched none (stale entries worth reporting). */
export function runRulesDetailed(context: AnalysisContext, rules: readonly KeylessRule[] = RULES): RuleRun {
  return runRuleSet(context, rules);
}

export { IMMUTABLE_SUBJECT_SINCE, usesImmutableSubject } from "./kl112-trust-breaks-immutable-subject.js";
export { compareFindings, type RuleRun } from "../findings/run-rules.js";
export { SEVERITY_ORDER, severityRank, type KeylessRule, type RuleMeta } from "./types.js";

// Verify: the pure decisions behind `keyless verify` and `keyless retire`. The commands gather the
// facts (GitHub, IAM, CloudTrail, the state store); these functions decide, and explain why.
export { verdictFor } from "./key-verdict.js";
export { checkRepo } from "./repo-check.js";
export { deletionFor, type DeletionDecision, type DeletionInput } from "./deletion.js";
export { keyHistory, type KeyHistory } from "./history.js";
export { secretId, secretLinkOf, secretSteps, targetsOf, type SecretLink, type SecretStep } from "./secrets.js";
export { countVerdicts, renderVerdicts } from "./render.js";
export { earliestTime, latestTime, shortTime } from "./format.js";
export type { KeyEvidence, KeyState, KeyUse, KeyVerdict, RepoCheck, RepoEvidence, RepoState, RoleFact, RunFact, SecretTarget, VerifyPolicy } from "./types.js";

// The sandbox's migration lifecycle: apply a plan to the AWS side, simulate workflow runs (on merge
// or on request) that assume roles through OIDC, mint GitHub-shaped OIDC tokens, move the clock.
export { applyPlanToWorld, type ApplyChange, type ApplyOptions, type ApplyReport } from "./apply-plan.js";
export { adminHandlers, callSandboxAdmin, runSummary, type AdminOperation } from "./admin.js";
export { jobClaims, subjectOf, type JobContext } from "./claims.js";
export { createLifecycle, type Lifecycle, type LifecycleOptions, type SimulateOptions, type TokenRequest } from "./lifecycle.js";
export { GITHUB_OIDC_ISSUER, mintToken } from "./oidc-issuer.js";
export type { JobReport, RunReport } from "./run.js";
export type { Trigger } from "./triggers.js";

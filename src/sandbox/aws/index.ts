// The in-process AWS fake (IAM, STS, Organizations, CloudTrail) that the real AWS SDK talks to.

export { startAwsFake, type AdminHandler, type AwsFake, type AwsFakeOptions } from "./server.js";
export { assumeRoleCore, assumeRoleAllowed, CHAINED_MAX_SECONDS, type AssumeRoleInput, type IssuedSession } from "./assume-role.js";
export { assumeRoleWithWebIdentityCore, type WebIdentityInput, type WebIdentitySession } from "./web-identity.js";
export { AwsFault, type CallOrigin, type StsEnv } from "./context.js";
export { createIdFactory, type IdFactory } from "./ids.js";
export { evaluate as evaluatePolicy, type Decision, type EvalRequest } from "./policy-eval.js";
export { AWS_MANAGED_POLICIES, findAwsManagedPolicy, type AwsManagedPolicy } from "./managed-policies.js";
export { buildCredentialReport, CREDENTIAL_REPORT_COLUMNS } from "./credential-report.js";

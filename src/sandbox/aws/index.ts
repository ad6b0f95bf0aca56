// The in-process AWS fake (IAM, STS, Organizations, CloudTrail) that the real AWS SDK talks to.

export { startAwsFake, type AwsFake, type AwsFakeOptions } from "./server.js";
export { AWS_MANAGED_POLICIES, findAwsManagedPolicy, type AwsManagedPolicy } from "./managed-policies.js";
export { buildCredentialReport, CREDENTIAL_REPORT_COLUMNS } from "./credential-report.js";

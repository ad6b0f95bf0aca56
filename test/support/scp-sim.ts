// Service control policies through @cloud-copilot/iam-simulate's public runSimulation, which takes
// SCPs per level of the organization tree (root first, account last). The principal is an
// administrator, so any denial comes from the SCPs.
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../src/plan/schema.js";

const FULL_AWS_ACCESS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

export interface ScpRequest {
  /** A user or role ARN (not a session): IAM sets aws:PrincipalArn to it, the simulator does not, so it is passed. */
  principal: string;
  action: string;
  resource: string;
  /** The account the principal and the resource live in. */
  accountId: string;
  /** Policies attached to the account itself, beside AWS's default FullAWSAccess. */
  accountScps: PolicyDocument[];
}

/** "Allowed", "ImplicitlyDenied" or "ExplicitlyDenied"; throws if the simulator rejects the input. */
export async function simulateScp(request: ScpRequest): Promise<string> {
  const result = await runSimulation(
    {
      request: { principal: request.principal, action: request.action, resource: { resource: request.resource, accountId: request.accountId }, contextVariables: { "aws:PrincipalArn": request.principal } },
      identityPolicies: [{ name: "admin", policy: FULL_AWS_ACCESS }],
      serviceControlPolicies: [
        { orgIdentifier: "r-root", policies: [{ name: "FullAWSAccess", policy: FULL_AWS_ACCESS }] },
        { orgIdentifier: request.accountId, policies: [{ name: "FullAWSAccess", policy: FULL_AWS_ACCESS }, ...request.accountScps.map((p, i) => ({ name: `scp-${i}`, policy: p }))] },
      ],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === "error") throw new Error(`simulator rejected the request: ${JSON.stringify(result.errors)}`);
  return result.overallResult;
}

import { IAMClient } from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import type { AuthorizationDetails } from "./authorization-details.js";
import { PolicyReader } from "./policies.js";

const doc = (name: string) => encodeURIComponent(JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: name, Effect: "Allow", Action: "s3:*", Resource: "*" }] }));

/** IAM's per-user calls, answering in the order IAM happens to list (not the details' order). */
const perUserIam = Object.assign(new IAMClient({ region: "us-east-1" }), {
  send: async (command: { constructor: { name: string }; input: Record<string, string> }) => {
    switch (command.constructor.name) {
      case "ListAttachedUserPoliciesCommand":
        return { AttachedPolicies: [{ PolicyName: "zeta", PolicyArn: "arn:aws:iam::1:policy/zeta" }, { PolicyName: "alpha", PolicyArn: "arn:aws:iam::1:policy/alpha" }] };
      case "ListUserPoliciesCommand":
        return { PolicyNames: ["inline-b", "inline-a"] };
      case "GetUserPolicyCommand":
        return { PolicyDocument: doc(command.input["PolicyName"] ?? "") };
      case "ListGroupsForUserCommand":
        return { Groups: [] };
      case "GetPolicyCommand":
        return { Policy: { DefaultVersionId: "v1" } };
      case "GetPolicyVersionCommand":
        return { PolicyVersion: { Document: doc(command.input["PolicyArn"]?.split("/")[1] ?? "") } };
      default:
        throw new Error(`unexpected ${command.constructor.name}`);
    }
  },
}) as unknown as IAMClient;

describe("PolicyReader", () => {
  it("gives a user's policies in the same order whether read from the authorization details or per user", async () => {
    const details: AuthorizationDetails = {
      users: new Map([
        [
          "deployer",
          {
            userName: "deployer",
            groups: [],
            attached: [
              { name: "alpha", arn: "arn:aws:iam::1:policy/alpha" },
              { name: "zeta", arn: "arn:aws:iam::1:policy/zeta" },
            ],
            inline: [
              { name: "inline-a", document: decodeURIComponent(doc("inline-a")) },
              { name: "inline-b", document: decodeURIComponent(doc("inline-b")) },
            ],
          },
        ],
      ]),
      groups: new Map(),
      roles: [],
      managedDocuments: new Map([
        ["arn:aws:iam::1:policy/alpha", decodeURIComponent(doc("alpha"))],
        ["arn:aws:iam::1:policy/zeta", decodeURIComponent(doc("zeta"))],
      ]),
    } as unknown as AuthorizationDetails;
    const fromDetails = await new PolicyReader(perUserIam, new Map(), details).userPolicies("deployer");
    const perUser = await new PolicyReader(perUserIam, new Map()).userPolicies("deployer");
    expect(perUser).toEqual(fromDetails);
  });
});

import { describe, expect, it } from "vitest";
import { collectAuthorizationDetails } from "./authorization-details.js";

const enc = (value: unknown) => encodeURIComponent(JSON.stringify(value));
const doc = (action: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });

describe("collectAuthorizationDetails", () => {
  it("folds the pages into users, groups, roles and the documents in force, decoded", () => {
    const details = collectAuthorizationDetails([
      {
        UserDetailList: [
          {
            UserName: "ci", Arn: "arn:aws:iam::111111111111:user/ci", CreateDate: new Date("2022-01-01T00:00:00Z"), GroupList: ["deployers"],
            AttachedManagedPolicies: [{ PolicyName: "deploy", PolicyArn: "arn:aws:iam::111111111111:policy/deploy" }],
            UserPolicyList: [{ PolicyName: "s3", PolicyDocument: enc(doc("s3:PutObject")) }],
          },
        ],
        IsTruncated: true,
      },
      {
        GroupDetailList: [{ GroupName: "deployers", GroupPolicyList: [{ PolicyName: "logs", PolicyDocument: enc(doc("logs:*")) }], AttachedManagedPolicies: [] }],
        RoleDetailList: [{ RoleName: "gha", Arn: "arn:aws:iam::111111111111:role/gha", AssumeRolePolicyDocument: enc({ Statement: [{ Principal: { Federated: "token.actions.githubusercontent.com" } }] }) }],
        Policies: [
          {
            Arn: "arn:aws:iam::111111111111:policy/deploy", DefaultVersionId: "v2",
            // Older versions come back too; only the default one is in force.
            PolicyVersionList: [
              { VersionId: "v1", IsDefaultVersion: false, Document: enc(doc("*")) },
              { VersionId: "v2", IsDefaultVersion: true, Document: enc(doc("ecr:*")) },
            ],
          },
          { Arn: "arn:aws:iam::111111111111:policy/flagless", DefaultVersionId: "v3", PolicyVersionList: [{ VersionId: "v3", Document: enc(doc("sqs:*")) }] },
          { Arn: "arn:aws:iam::111111111111:policy/unreadable", DefaultVersionId: "v9", PolicyVersionList: [{ VersionId: "v1", Document: enc(doc("*")) }] },
        ],
        IsTruncated: false,
      },
    ]);
    expect(details.users.get("ci")).toEqual({
      userName: "ci", arn: "arn:aws:iam::111111111111:user/ci", createDate: "2022-01-01T00:00:00.000Z", groups: ["deployers"],
      attached: [{ name: "deploy", arn: "arn:aws:iam::111111111111:policy/deploy" }],
      inline: [{ name: "s3", document: JSON.stringify(doc("s3:PutObject")) }],
    });
    expect(details.groups.get("deployers")?.inline).toEqual([{ name: "logs", document: JSON.stringify(doc("logs:*")) }]);
    expect(details.roles).toEqual([{ roleName: "gha", arn: "arn:aws:iam::111111111111:role/gha", trustPolicy: expect.stringContaining("token.actions.githubusercontent.com") }]);
    expect(JSON.parse(details.managedDocuments.get("arn:aws:iam::111111111111:policy/deploy") ?? "")).toEqual(doc("ecr:*"));
    expect(JSON.parse(details.managedDocuments.get("arn:aws:iam::111111111111:policy/flagless") ?? "")).toEqual(doc("sqs:*"));
    // No version in force among those listed: left out, so the reader asks GetPolicyVersion.
    expect(details.managedDocuments.has("arn:aws:iam::111111111111:policy/unreadable")).toBe(false);
  });
});

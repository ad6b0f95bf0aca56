// Deploy-role permissions: the key user's policies copied (managed by ARN, inline and group inline
// as inline), and with leastPrivilege cut to the services the key was seen using.
import { describe, expect, it } from "vitest";
import type { AccessKey, IamUser } from "../inventory/schema.js";
import { narrowDocument, permissionsOf, servicesUsed } from "./permissions.js";

const key = (fields: Partial<AccessKey> = {}): AccessKey => ({ accessKeyId: "AKIAKEYAAAAAAAAAAAAA", accountId: "222222222222", userName: "ci", isRoot: false, status: "Active", createDate: "2025-01-01T00:00:00Z", ...fields });
const doc = (statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const user: IamUser = {
  accountId: "222222222222", userName: "ci", arn: "arn:aws:iam::222222222222:user/ci", createDate: "2025-01-01T00:00:00Z", groups: ["Deployers"],
  policies: [
    { name: "AmazonS3FullAccess", arn: "arn:aws:iam::aws:policy/AmazonS3FullAccess", source: "attached", document: doc([{ Effect: "Allow", Action: ["s3:*", "s3-object-lambda:*"], Resource: "*" }]) },
    { name: "PowerUserAccess", arn: "arn:aws:iam::aws:policy/PowerUserAccess", source: "group-attached", group: "Deployers", document: doc([{ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }]) },
    { name: "lambda", source: "inline", document: doc([{ Effect: "Allow", Action: "lambda:UpdateFunctionCode", Resource: "*" }, { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }]) },
    { name: "cdn", source: "group-inline", group: "Deployers", document: doc([{ Effect: "Allow", Action: ["cloudfront:CreateInvalidation"], Resource: "*" }]) },
  ],
};

describe("permissionsOf", () => {
  it("copies managed policies by ARN (the user's and its groups') and inline ones (the user's and its groups')", () => {
    const { permissions, issues } = permissionsOf({ user, key: key(), events: [], leastPrivilege: false });
    expect(permissions.managedPolicyArns).toEqual(["arn:aws:iam::aws:policy/AmazonS3FullAccess", "arn:aws:iam::aws:policy/PowerUserAccess"]);
    expect(permissions.inlinePolicies.map((p) => p.name)).toEqual(["lambda", "Deployers-cdn"]);
    expect(permissions.sources).toContain("inline policy cdn of group Deployers of ci");
    expect(issues).toEqual([]);
  });

  it("blocks when the user, an inline document or the root key's permissions cannot be known", () => {
    expect(permissionsOf({ user: undefined, key: key(), events: [], leastPrivilege: false }).issues.map((i) => i.code)).toEqual(["MissingPermissionData"]);
    const unreadable = { ...user, policies: [{ name: "secret-sauce", source: "inline" as const }] };
    expect(permissionsOf({ user: unreadable, key: key(), events: [], leastPrivilege: false }).issues.map((i) => `${i.severity}:${i.code}`)).toEqual(["blocker:MissingPermissionData"]);
    expect(permissionsOf({ user, key: key({ isRoot: true, userName: "<root_account>" }), events: [], leastPrivilege: false }).issues.map((i) => i.code)).toEqual(["RootKey"]);
  });

  it("with leastPrivilege keeps only the services the key was seen using, and says what it used", () => {
    const events = [{ eventId: "e1", eventTime: "2026-11-01T00:00:00Z", eventName: "CreateInvalidation", eventSource: "cloudfront.amazonaws.com", accountId: "222222222222", accessKeyId: "AKIAKEYAAAAAAAAAAAAA" }];
    const { permissions, issues } = permissionsOf({ user, key: key({ lastUsed: { serviceName: "s3", date: "2026-11-19T00:00:00Z" } }), events, leastPrivilege: true });
    expect(permissions.narrowedTo).toEqual(["cloudfront", "s3"]);
    expect(permissions.managedPolicyArns).toEqual([]);
    const statements = permissions.inlinePolicies.flatMap((p) => p.document.Statement.map((s) => `${p.name}: ${s.Effect} ${JSON.stringify(s.Action)}`));
    expect(statements).toEqual([
      'AmazonS3FullAccess-narrowed: Allow "s3:*"',
      'PowerUserAccess-narrowed: Allow ["cloudfront:*","s3:*"]',
      'Deployers-cdn: Allow "cloudfront:CreateInvalidation"',
    ]);
    // The lambda policy is gone: lambda was never seen, and a Deny alone grants nothing.
    expect(issues.map((i) => i.code)).toEqual(["NarrowedByLastUse"]);
  });

  it("keeps Deny statements and drops an Allow with nothing left", () => {
    const d = { Version: "2012-10-17", Statement: [{ Effect: "Allow" as const, Action: "ec2:*", Resource: "*" }, { Effect: "Deny" as const, Action: "s3:DeleteBucket", Resource: "*" }, { Effect: "Allow" as const, Action: "*", Resource: "*" }] };
    expect(narrowDocument(d, ["s3"])?.Statement).toEqual([{ Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }, { Effect: "Allow", Action: "s3:*", Resource: "*" }]);
    expect(narrowDocument({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ec2:*", Resource: "*" }] }, ["s3"])).toBeUndefined();
  });

  it("reads service prefixes from the last-used service and CloudTrail sources, without sts", () => {
    const e = (eventSource: string) => ({ eventId: eventSource, eventTime: "2026-11-01T00:00:00Z", eventName: "X", eventSource, accountId: "1", accessKeyId: "A" });
    expect(servicesUsed(key({ lastUsed: { serviceName: "sts" } }), [e("monitoring.amazonaws.com"), e("api.ecr.amazonaws.com"), e("s3.amazonaws.com")])).toEqual(["cloudwatch", "ecr", "s3"]);
  });
});

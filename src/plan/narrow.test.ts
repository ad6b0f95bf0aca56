// The pure narrowing: what the key used, allowed only where the user's statements allowed it.
import { describe, expect, it } from "vitest";
import type { AccessKey, CloudTrailEvent, IamUser, LastAccessedReport } from "../inventory/schema.js";
import { narrowByEvidence } from "./narrow.js";
import { permissionsOf } from "./permissions.js";
import type { PolicyDocument } from "./schema.js";

const doc = (...Statement: PolicyDocument["Statement"]): PolicyDocument => ({ Version: "2012-10-17", Statement });
const event = (eventSource: string, eventName: string): CloudTrailEvent => ({ eventId: `${eventSource}/${eventName}`, eventTime: "2026-11-10T10:00:00Z", eventName, eventSource, accountId: "222222222222", accessKeyId: "AKIAEXAMPLE000000001" });
const report = (services: LastAccessedReport["services"]): LastAccessedReport => ({ granularity: "ACTION_LEVEL", services });
const USED = "2026-11-01T00:00:00Z";

describe("narrowByEvidence", () => {
  it("keeps the user's own S3 and DynamoDB statements when the services were used: their object and item calls are never evidence", () => {
    const terraform = doc(
      { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetObject", "s3:PutObject"], Resource: ["arn:aws:s3:::tf-state", "arn:aws:s3:::tf-state/*"] },
      { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"], Resource: "arn:aws:dynamodb:*:*:table/tf-lock" },
      { Effect: "Allow", Action: "ec2:*", Resource: "*" },
    );
    // IAM tracked S3's management call (ListBucket); the GetObject/PutObject of every plan are data events.
    const seen = report([
      { namespace: "s3", lastAuthenticated: USED, actions: [{ name: "ListBucket", lastAccessed: USED }, { name: "GetObject" }, { name: "PutObject" }] },
      { namespace: "dynamodb", lastAuthenticated: USED },
      { namespace: "ec2", lastAuthenticated: USED, actions: [{ name: "DescribeVpcs", lastAccessed: USED }] },
    ]);
    const n = narrowByEvidence({ documents: [terraform], lastAccessed: seen, events: [] });
    const actions = (n.document?.Statement ?? []).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions).toEqual(expect.arrayContaining(["s3:GetObject", "s3:PutObject", "dynamodb:GetItem", "dynamodb:PutItem", "ec2:DescribeVpcs"]));
    expect(actions).not.toContain("ec2:*");
    expect(n.serviceLevelOnly).toEqual(["dynamodb", "s3"]);
    const s3 = n.document?.Statement.find((s) => JSON.stringify(s.Action).includes("s3:GetObject"));
    expect(s3?.Resource).toEqual(["arn:aws:s3:::tf-state", "arn:aws:s3:::tf-state/*"]);
  });

  const scoped = doc(
    { Effect: "Allow", Action: ["lambda:UpdateFunctionCode", "lambda:GetFunction", "lambda:PublishVersion"], Resource: "arn:aws:lambda:*:*:function:app-*" },
    { Effect: "Allow", Action: "ec2:Describe*", Resource: "*" },
    { Effect: "Allow", Action: "cloudfront:CreateInvalidation", Resource: "*" },
  );
  const lastAccessed = report([
    { namespace: "cloudfront" },
    { namespace: "ec2", lastAuthenticated: USED, actions: [{ name: "DescribeVpcs", lastAccessed: USED }, { name: "DescribeInstances" }] },
    { namespace: "lambda", lastAuthenticated: USED, actions: [{ name: "UpdateFunctionCode", lastAccessed: USED }, { name: "GetFunction" }, { name: "PublishVersion" }] },
  ]);

  it("keeps each used action on the resources the user's statement named, and drops what was never used", () => {
    const n = narrowByEvidence({ documents: [scoped], lastAccessed, events: [event("lambda.amazonaws.com", "GetFunction20150331v2")] });
    expect(n.document?.Statement).toEqual([
      { Effect: "Allow", Action: ["lambda:GetFunction", "lambda:UpdateFunctionCode"], Resource: "arn:aws:lambda:*:*:function:app-*" },
      { Effect: "Allow", Action: "ec2:DescribeVpcs", Resource: "*" },
    ]);
    expect(n.actions).toEqual(["ec2:DescribeVpcs", "lambda:GetFunction", "lambda:UpdateFunctionCode"]);
    expect(n.droppedServices).toEqual(["cloudfront"]);
    expect(n.serviceLevelOnly).toEqual([]);
  });

  it("narrows an administrator to what it used: no `*` survives", () => {
    const admin = doc({ Effect: "Allow", Action: "*", Resource: "*" });
    const n = narrowByEvidence({ documents: [admin], lastAccessed: report([...lastAccessed.services, { namespace: "iam" }, { namespace: "organizations" }]), events: [event("sts.amazonaws.com", "GetCallerIdentity")] });
    expect(n.document?.Statement).toEqual([{ Effect: "Allow", Action: ["ec2:DescribeVpcs", "lambda:UpdateFunctionCode"], Resource: "*" }]);
    expect(JSON.stringify(n.document)).not.toMatch(/"\*"\]?,"Resource"|"Action":"\*"/);
    expect(n.droppedServices).toEqual(["cloudfront", "iam", "organizations"]);
  });

  it("a service used with no record of which actions keeps the user's own statements for it, scoping and Deny included", () => {
    const s3 = doc(
      { Effect: "Allow", Action: ["s3:PutObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::acme-backups", "arn:aws:s3:::acme-backups/*"] },
      { Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" },
      { Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" },
    );
    const n = narrowByEvidence({ documents: [s3], lastAccessed: report([{ namespace: "s3", lastAuthenticated: USED, actions: [] }, { namespace: "sqs" }]), events: [] });
    expect(n.serviceLevelOnly).toEqual(["s3"]);
    expect(n.document?.Statement).toEqual([
      { Effect: "Allow", Action: ["s3:ListBucket", "s3:PutObject"], Resource: ["arn:aws:s3:::acme-backups", "arn:aws:s3:::acme-backups/*"] },
      { Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" },
    ]);
    expect(n.droppedServices).toEqual(["sqs"]);
  });

  it("never grants what the user was not allowed, even if the key tried it", () => {
    const n = narrowByEvidence({ documents: [scoped], lastAccessed, events: [event("iam.amazonaws.com", "CreateUser")] });
    expect(n.usedNotAllowed).toEqual(["iam:CreateUser"]);
    expect(JSON.stringify(n.document)).not.toContain("iam:");
  });
});

describe("permissionsOf: copy or narrow", () => {
  const key: AccessKey = { accessKeyId: "AKIAEXAMPLE000000001", accountId: "222222222222", userName: "deployer", isRoot: false, status: "Active", createDate: "2025-01-01T00:00:00Z", lastUsed: { date: USED, serviceName: "lambda", region: "us-east-1" } };
  const admin = (lastAccessed?: LastAccessedReport): IamUser => ({
    accountId: "222222222222", userName: "deployer", arn: "arn:aws:iam::222222222222:user/deployer", createDate: "2025-01-01T00:00:00Z", groups: [],
    policies: [{ name: "AdministratorAccess", arn: "arn:aws:iam::aws:policy/AdministratorAccess", source: "attached", document: JSON.stringify(doc({ Effect: "Allow", Action: "*", Resource: "*" })) }],
    ...(lastAccessed ? { lastAccessed } : {}),
  });
  const evidence = report([{ namespace: "lambda", lastAuthenticated: USED, actions: [{ name: "UpdateFunctionCode", lastAccessed: USED }] }, { namespace: "iam" }]);

  it("narrow (the default): an admin key's role gets the narrowed policy, and the plan says so", () => {
    const { permissions, issues } = permissionsOf({ user: admin(evidence), key, events: [], leastPrivilege: false });
    expect(permissions.managedPolicyArns).toEqual([]);
    expect(permissions.inlinePolicies).toEqual([{ name: "least-privilege", document: doc({ Effect: "Allow", Action: "lambda:UpdateFunctionCode", Resource: "*" }) }]);
    expect(permissions.narrowing).toMatchObject({ chosen: "narrow", actions: ["lambda:UpdateFunctionCode"], droppedServices: ["iam"], periodDays: 400 });
    expect(issues.map((i) => i.code)).toEqual(["AdminKeyNarrowed"]);
  });

  it("copy: the admin role is kept as the user had it, with a finding and the narrowed policy offered", () => {
    const { permissions, issues } = permissionsOf({ user: admin(evidence), key, events: [], leastPrivilege: false, mode: "copy" });
    expect(permissions.managedPolicyArns).toEqual(["arn:aws:iam::aws:policy/AdministratorAccess"]);
    expect(permissions.narrowing?.chosen).toBe("copy");
    expect(permissions.narrowing?.document?.Statement).toEqual([{ Effect: "Allow", Action: "lambda:UpdateFunctionCode", Resource: "*" }]);
    expect(issues.map((i) => i.code)).toEqual(["AdminRoleCopied"]);
  });

  it("without readable evidence the role copies the user's policies, and says why", () => {
    const failed = permissionsOf({ user: admin({ granularity: "ACTION_LEVEL", services: [], error: { code: "AccessDenied", reason: "not authorized" } }), key, events: [], leastPrivilege: false });
    expect(failed.permissions.managedPolicyArns).toEqual(["arn:aws:iam::aws:policy/AdministratorAccess"]);
    expect(failed.issues.map((i) => i.code)).toEqual(["CannotNarrow", "AdminRoleCopied"]);
    const none = permissionsOf({ user: admin(), key, events: [], leastPrivilege: false });
    expect(none.issues.map((i) => i.code)).toEqual(["AdminRoleCopied"]);
  });
});

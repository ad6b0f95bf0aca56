import { describe, expect, it } from "vitest";
import type { Policy } from "../../inventory/schema.js";
import { adminGrants } from "./admin-policy.js";
import { KL106 } from "./kl106-admin-key.js";
import { context, key, user } from "../../../test/support/analyze/rules-fixtures.js";

const doc = (statement: unknown) => JSON.stringify({ Version: "2012-10-17", Statement: statement });
const inline = (name: string, statement: unknown): Policy => ({ name, source: "inline", document: doc(statement) });
const kinds = (p: Policy) => adminGrants([p]).map((g) => g.kind);

describe("admin-equivalent policies", () => {
  it("AdministratorAccess and IAMFullAccess by ARN, even without a document", () => {
    expect(kinds({ name: "AdministratorAccess", arn: "arn:aws:iam::aws:policy/AdministratorAccess", source: "attached" })).toEqual(["admin"]);
    expect(kinds({ name: "IAMFullAccess", arn: "arn:aws:iam::aws:policy/IAMFullAccess", source: "group-attached", group: "ops" })).toEqual(["escalation"]);
    expect(kinds({ name: "ReadOnlyAccess", arn: "arn:aws:iam::aws:policy/ReadOnlyAccess", source: "attached" })).toEqual([]);
  });

  it("`*` on `*` with Statement as one object and Action as a string", () => {
    expect(kinds(inline("all", { Effect: "Allow", Action: "*", Resource: "*" }))).toEqual(["admin"]);
    expect(kinds(inline("all", [{ Effect: "Allow", Action: ["*:*"], Resource: ["*"] }]))).toEqual(["admin"]);
  });

  it("NotAction counts: everything but some services is admin unless IAM is excluded", () => {
    expect(kinds(inline("notaction", { Effect: "Allow", NotAction: "s3:*", Resource: "*" }))).toEqual(["admin"]);
    expect(kinds(inline("poweruser", { Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" }))).toEqual([]);
  });

  it("IAM privilege escalation on wildcard resources, not on the caller itself", () => {
    expect(kinds(inline("iam", { Effect: "Allow", Action: "iam:*", Resource: "*" }))).toEqual(["escalation"]);
    expect(kinds(inline("attach", { Effect: "Allow", Action: ["s3:GetObject", "iam:attach*"], Resource: "arn:aws:iam::111122223333:user/*" }))).toEqual(["escalation"]);
    expect(kinds(inline("rotate-self", { Effect: "Allow", Action: "iam:CreateAccessKey", Resource: "arn:aws:iam::*:user/${aws:username}" }))).toEqual([]);
  });

  it("not: scoped `*` actions, Deny statements, unreadable or URL-encoded documents", () => {
    expect(kinds(inline("bucket", { Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::bucket/*" }))).toEqual([]);
    expect(kinds(inline("deny", { Effect: "Deny", Action: "*", Resource: "*" }))).toEqual([]);
    expect(kinds({ name: "broken", source: "inline", document: "{not json" })).toEqual([]);
    expect(kinds({ name: "encoded", source: "inline", document: encodeURIComponent(doc({ Effect: "Allow", Action: "*", Resource: "*" })) })).toEqual(["admin"]);
  });
});

describe("KL106 access key with admin-equivalent permissions", () => {
  it("flags each active key of an admin user, naming the policy and where it comes from", () => {
    const users = [user({ policies: [{ name: "AdministratorAccess", arn: "arn:aws:iam::aws:policy/AdministratorAccess", source: "group-attached", group: "admins" }] })];
    const findings = KL106.check(context({ users, keys: [key(), key({ accessKeyId: "AKIAOFF", status: "Inactive" })] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe("Access key AKIAAAAAAAAAAAAAAAA1 of IAM user deployer in account 111122223333 is administrator (managed policy AdministratorAccess via group admins).");
    expect(findings[0]?.evidence[0]).toContain("every action on every resource");
  });

  it("says 'able to grant itself administrator' for escalation only, and nothing for a scoped user", () => {
    const escalating = user({ policies: [inline("iam", { Effect: "Allow", Action: "iam:PutUserPolicy", Resource: "*" })] });
    expect(KL106.check(context({ users: [escalating], keys: [key()] }))[0]?.message).toContain("able to grant itself administrator");
    const scoped = user({ policies: [inline("s3", { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::site/*" })] });
    expect(KL106.check(context({ users: [scoped], keys: [key()] }))).toEqual([]);
  });
});

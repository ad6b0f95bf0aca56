import { describe, expect, test } from "vitest";
import { evaluate, type EvalRequest } from "./policy-eval.js";

const GH = "token.actions.githubusercontent.com";
const PROVIDER = `arn:aws:iam::111111111111:oidc-provider/${GH}`;

function trust(condition: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition, ...extra }] };
}

function web(sub: string, more: Record<string, string | string[]> = {}): EvalRequest {
  return { action: "sts:AssumeRoleWithWebIdentity", principal: { Federated: [PROVIDER] }, context: { [`${GH}:sub`]: sub, [`${GH}:aud`]: "sts.amazonaws.com", ...more } };
}

describe("evaluate: trust conditions", () => {
  test("StringEquals needs every key of the block to hold; values of one key are alternatives", () => {
    const doc = trust({ StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", [`${GH}:sub`]: ["repo:acme/api:environment:prod", "repo:acme/api:ref:refs/heads/main"] } });
    expect(evaluate([doc], web("repo:acme/api:ref:refs/heads/main"))).toBe("Allow");
    expect(evaluate([doc], web("repo:acme/api:ref:refs/heads/dev"))).toBe("ImplicitDeny");
    expect(evaluate([doc], { ...web("repo:acme/api:environment:prod"), context: { [`${GH}:sub`]: "repo:acme/api:environment:prod", [`${GH}:aud`]: "other" } })).toBe("ImplicitDeny");
    // Values compare case-sensitively; key names do not.
    expect(evaluate([doc], web("repo:ACME/api:environment:prod"))).toBe("ImplicitDeny");
    expect(evaluate([doc], { ...web(""), context: { "TOKEN.ACTIONS.GITHUBUSERCONTENT.COM:SUB": "repo:acme/api:environment:prod", [`${GH}:aud`]: "sts.amazonaws.com" } })).toBe("Allow");
  });

  test("StringLike: * spans anything (also / and :), ? one character, ${*} a literal star", () => {
    const doc = trust({ StringLike: { [`${GH}:sub`]: "repo:acme/api:ref:refs/tags/v*" } });
    expect(evaluate([doc], web("repo:acme/api:ref:refs/tags/v1.2/rc:3"))).toBe("Allow");
    expect(evaluate([doc], web("repo:acme/api:ref:refs/heads/v1"))).toBe("ImplicitDeny");
    expect(evaluate([trust({ StringLike: { [`${GH}:sub`]: "repo:acme/ap?:*" } })], web("repo:acme/api:pull_request"))).toBe("Allow");
    const literal = trust({ StringLike: { [`${GH}:sub`]: "repo:acme/api:ref:refs/heads/${*}" } });
    expect(evaluate([literal], web("repo:acme/api:ref:refs/heads/*"))).toBe("Allow");
    expect(evaluate([literal], web("repo:acme/api:ref:refs/heads/main"))).toBe("ImplicitDeny");
  });

  test("a condition on an absent key fails, unless IfExists or a negated operator", () => {
    expect(evaluate([trust({ StringEquals: { "sts:ExternalId": "x" } })], web("s"))).toBe("ImplicitDeny");
    expect(evaluate([trust({ StringEqualsIfExists: { "sts:ExternalId": "x" } })], web("s"))).toBe("Allow");
    expect(evaluate([trust({ StringNotEquals: { "sts:ExternalId": "x" } })], web("s"))).toBe("Allow");
    expect(evaluate([trust({ Null: { "sts:ExternalId": "true" } })], web("s"))).toBe("Allow");
    expect(evaluate([trust({ Null: { "sts:ExternalId": "false" } })], web("s"))).toBe("ImplicitDeny");
  });

  test("ForAllValues and ForAnyValue over multi-valued keys", () => {
    const all = trust({ "ForAllValues:StringEquals": { "aws:TagKeys": ["GitHub", "Repository"] } });
    expect(evaluate([all], web("s", { "aws:TagKeys": ["GitHub"] }))).toBe("Allow");
    expect(evaluate([all], web("s", { "aws:TagKeys": ["GitHub", "Actor"] }))).toBe("ImplicitDeny");
    const any = trust({ "ForAnyValue:StringLike": { "aws:TagKeys": "Git*" } });
    expect(evaluate([any], web("s", { "aws:TagKeys": ["Actor", "GitHub"] }))).toBe("Allow");
    expect(evaluate([any], web("s", { "aws:TagKeys": ["Actor"] }))).toBe("ImplicitDeny");
  });

  test("an operator it does not know never matches (fails closed)", () => {
    expect(evaluate([trust({ StringSortaEquals: { [`${GH}:sub`]: "s" } })], web("s"))).toBe("ImplicitDeny");
  });

  test("the principal must be named: another provider or an AWS principal is not this one", () => {
    const doc = trust({ StringEquals: { [`${GH}:sub`]: "s" } });
    expect(evaluate([doc], { ...web("s"), principal: { Federated: ["arn:aws:iam::222222222222:oidc-provider/" + GH] } })).toBe("ImplicitDeny");
    expect(evaluate([doc], { ...web("s"), principal: { AWS: [PROVIDER] } })).toBe("ImplicitDeny");
  });
});

describe("evaluate: StringNotLike beside StringLike (keyless's exact single-segment patterns)", () => {
  const sub = `${GH}:sub`;
  const aud = { [`${GH}:aud`]: "sts.amazonaws.com" };

  test("release/* less release/*/* admits release/1.2 and refuses release/a/b, release-x and release", () => {
    const doc = trust({ StringEquals: aud, StringLike: { [sub]: "repo:acme/api:ref:refs/heads/release/*" }, StringNotLike: { [sub]: "repo:acme/api:ref:refs/heads/release/*/*" } });
    expect(evaluate([doc], web("repo:acme/api:ref:refs/heads/release/1.2"))).toBe("Allow");
    for (const ref of ["release/a/b", "release-x", "release"]) expect(evaluate([doc], web(`repo:acme/api:ref:refs/heads/${ref}`)), ref).toBe("ImplicitDeny");
  });

  test("a NotLike list refuses a subject matching any of its values; a missing sub holds the NotLike but not the Like", () => {
    const doc = trust({ StringEquals: aud, StringLike: { [sub]: "repo:acme/api:ref:refs/heads/a*/b*" }, StringNotLike: { [sub]: ["repo:acme/api:ref:refs/heads/a*/*/b*", "repo:acme/api:ref:refs/heads/a*/b*/*"] } });
    expect(evaluate([doc], web("repo:acme/api:ref:refs/heads/a1/b2"))).toBe("Allow");
    for (const ref of ["a1/x/b2", "a1/b2/c"]) expect(evaluate([doc], web(`repo:acme/api:ref:refs/heads/${ref}`)), ref).toBe("ImplicitDeny");
    expect(evaluate([doc], { ...web(""), context: aud })).toBe("ImplicitDeny");
    // The NotLike alone (no Like) lets every other subject in, as IAM does.
    expect(evaluate([trust({ StringEquals: aud, StringNotLike: { [sub]: "repo:evil/*" } })], web("repo:acme/api:ref:refs/heads/main"))).toBe("Allow");
  });

  test("statements are ORed: one pattern's NotLike does not cut into another statement's subjects", () => {
    const statement = (like: string, notLike: string) => ({ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: aud, StringLike: { [sub]: like }, StringNotLike: { [sub]: notLike } } });
    const doc = { Version: "2012-10-17", Statement: [statement("repo:acme/api:ref:refs/heads/*", "repo:acme/api:ref:refs/heads/*/*"), statement("repo:acme/api:ref:refs/heads/release/*", "repo:acme/api:ref:refs/heads/release/*/*")] };
    expect(evaluate([doc], web("repo:acme/api:ref:refs/heads/main"))).toBe("Allow");
    expect(evaluate([doc], web("repo:acme/api:ref:refs/heads/release/1"))).toBe("Allow");
    expect(evaluate([doc], web("repo:acme/api:ref:refs/heads/release/1/2"))).toBe("ImplicitDeny");
  });
});

describe("evaluate: identity policies and chained trust", () => {
  const role = "arn:aws:iam::222222222222:role/keyless/gha-api-deploy";
  test("Action and Resource wildcards; an explicit Deny wins over any Allow", () => {
    const allow = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: "arn:aws:iam::222222222222:role/keyless/*" }] };
    const deny = { Version: "2012-10-17", Statement: [{ Effect: "Deny", NotAction: "s3:*", Resource: "*" }] };
    expect(evaluate([allow], { action: "STS:AssumeRole", resource: role, context: {} })).toBe("Allow");
    expect(evaluate([allow], { action: "sts:AssumeRole", resource: "arn:aws:iam::222222222222:role/other", context: {} })).toBe("ImplicitDeny");
    expect(evaluate([allow, deny], { action: "sts:AssumeRole", resource: role, context: {} })).toBe("ExplicitDeny");
  });

  test("policy variables in Resource use the context and fail the statement when absent", () => {
    const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::bucket/${aws:username}/*" }] };
    expect(evaluate([doc], { action: "s3:PutObject", resource: "arn:aws:s3:::bucket/ci/x", context: { "aws:username": "ci" } })).toBe("Allow");
    expect(evaluate([doc], { action: "s3:PutObject", resource: "arn:aws:s3:::bucket/ci/x", context: {} })).toBe("ImplicitDeny");
  });

  test("a chained hop's trust: the entry role ARN, the ExternalId and TagSession each matter", () => {
    const entry = "arn:aws:iam::111111111111:role/keyless/gha-api-env-prod";
    const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: entry }, Action: ["sts:AssumeRole", "sts:TagSession"], Condition: { StringEquals: { "sts:ExternalId": "keyless-abc" } } }] };
    const hop = (action: string, principal: string, externalId?: string): EvalRequest => ({ action, principal: { AWS: ["111111111111", principal] }, context: { "sts:ExternalId": externalId } });
    expect(evaluate([doc], hop("sts:AssumeRole", entry, "keyless-abc"))).toBe("Allow");
    expect(evaluate([doc], hop("sts:TagSession", entry, "keyless-abc"))).toBe("Allow");
    expect(evaluate([doc], hop("sts:AssumeRole", entry))).toBe("ImplicitDeny");
    expect(evaluate([doc], hop("sts:AssumeRole", "arn:aws:iam::111111111111:role/keyless/gha-web-env-prod", "keyless-abc"))).toBe("ImplicitDeny");
    expect(evaluate([doc], hop("sts:SetSourceIdentity", entry, "keyless-abc"))).toBe("ImplicitDeny");
  });

  test("a document IAM could not read allows nothing", () => {
    expect(evaluate(["{not json"], { action: "sts:AssumeRole", resource: "*", context: {} })).toBe("ImplicitDeny");
  });
});

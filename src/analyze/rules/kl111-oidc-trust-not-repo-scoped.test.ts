import { describe, expect, it } from "vitest";
import { KL111 } from "./kl111-oidc-trust-not-repo-scoped.js";
import { context, role } from "../../../test/support/analyze/rules-fixtures.js";
import { githubTrustStatements, statementBreadth, subBreadth } from "./trust-policy.js";

const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
const trust = (condition: unknown, over: Record<string, unknown> = {}) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", ...(condition ? { Condition: condition } : {}), ...over }],
});
const aud = { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" };
const like = (sub: string | string[]) => ({ StringEquals: aud, StringLike: { "token.actions.githubusercontent.com:sub": sub } });
const check = (t: unknown) => KL111.check(context({ roles: [role("deploy", t)] }));

describe("sub breadth", () => {
  it("classifies subject patterns", () => {
    expect(subBreadth("*", true)).toBe("any");
    expect(subBreadth("repo:*", true)).toBe("any");
    expect(subBreadth("repo:acme*/app:*", true)).toBe("any");
    expect(subBreadth("repo:acme/*", true)).toBe("org");
    expect(subBreadth("repo:acme/*:ref:refs/heads/main", true)).toBe("org");
    expect(subBreadth("repo:acme/app-*:*", true)).toBe("partial");
    expect(subBreadth("repo:acme/app:*", true)).toBe("repo");
    expect(subBreadth("repo:acme@5/app@9:ref:refs/heads/main", true)).toBe("repo");
    // StringEquals has no wildcards: `*` is a literal character there.
    expect(subBreadth("repo:acme/*", false)).toBe("repo");
  });

  it("ANDs condition blocks and ORs values", () => {
    const [narrowed] = githubTrustStatements(JSON.stringify(trust({ StringEquals: { "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main" }, StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/*" } }))) ?? [];
    expect(narrowed && statementBreadth(narrowed)).toBe("repo");
    const [widened] = githubTrustStatements(JSON.stringify(trust(like(["repo:acme/app:*", "repo:acme/*"])))) ?? [];
    expect(widened && statementBreadth(widened)).toBe("org");
  });
});

describe("KL111 OIDC trust without a repo-scoped sub", () => {
  it("no sub condition is critical: any repository on GitHub", () => {
    const [f] = check(trust({ StringEquals: aud }));
    expect(f?.severity).toBe("critical");
    expect(f?.subject).toEqual({ type: "role", arn: "arn:aws:iam::111122223333:role/deploy", accountId: "111122223333" });
    expect(f?.message).toBe("Role deploy in account 111122223333 can be assumed by GitHub Actions in any repository on GitHub (no sub condition).");
  });

  it("an organization wildcard is high, a partial name wildcard medium; the condition key's case does not matter", () => {
    expect(check(trust(like("repo:acme/*")))[0]?.severity).toBe("high");
    expect(check(trust({ StringLike: { "Token.Actions.GithubUserContent.com:SUB": "repo:acme/svc-*:*" } }))[0]?.severity).toBe("medium");
  });

  it("evidence names the statement, the conditions and a missing aud", () => {
    const [f] = check({ Statement: { Sid: "GitHub", Effect: "Allow", Principal: { Federated: [PROVIDER] }, Action: ["sts:AssumeRoleWithWebIdentity"], Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "*" } } } });
    expect(f?.evidence).toEqual(["statement GitHub (token.actions.githubusercontent.com) admits repositories of any owner (wildcard over the owner): StringLike *; no aud condition."]);
  });

  it("is silent for repo-scoped trusts, negated conditions alone count as none, non-web-identity statements are ignored", () => {
    expect(check(trust(like(["repo:acme/app:ref:refs/heads/main", "repo:acme/app:environment:prod"])))).toEqual([]);
    expect(check(trust({ StringEquals: { ...aud, "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main" } }))).toEqual([]);
    expect(check(trust({ StringNotLike: { "token.actions.githubusercontent.com:sub": "repo:evil/*" } }))[0]?.severity).toBe("critical");
    expect(check(trust(undefined, { Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" }))).toEqual([]);
    expect(check("not json")).toEqual([]);
  });

  it("reads keyless's segment statement (StringLike less StringNotLike) as repo-scoped, and shows a NotLike as evidence", () => {
    const sub = "token.actions.githubusercontent.com:sub";
    expect(check(trust({ StringEquals: aud, StringLike: { [sub]: "repo:acme/app:ref:refs/heads/release/*" }, StringNotLike: { [sub]: "repo:acme/app:ref:refs/heads/release/*/*" } }))).toEqual([]);
    // A NotLike never narrows an organization wildcard to one repository.
    const [org] = check(trust({ StringEquals: aud, StringLike: { [sub]: "repo:acme/*" }, StringNotLike: { [sub]: "repo:acme/*/*" } }));
    expect(org?.severity).toBe("high");
    expect(org?.evidence[0]).toContain("StringLike repo:acme/*; StringNotLike repo:acme/*/*");
    const [only] = check(trust({ StringEquals: aud, StringNotLike: { [sub]: "repo:evil/*" } }));
    expect(only?.evidence[0]).toContain("any repository on GitHub (no sub condition): StringNotLike repo:evil/*");
  });
});

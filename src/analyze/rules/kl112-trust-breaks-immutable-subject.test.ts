import { describe, expect, it } from "vitest";
import { KL112 } from "./kl112-trust-breaks-immutable-subject.js";
import { context, repo, role } from "../../../test/support/analyze/rules-fixtures.js";

const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
const trust = (subs: string[], operator = "StringLike") => ({
  Statement: [
    {
      Effect: "Allow",
      Principal: { Federated: PROVIDER },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, [operator]: { "token.actions.githubusercontent.com:sub": subs } },
    },
  ],
});
const newRepo = repo("acme/edge", { id: 9001, ownerId: 500, createdAt: "2026-08-01T00:00:00Z" });
const oldRepo = repo("acme/app", { id: 42, createdAt: "2024-01-01T00:00:00Z" });
const check = (t: unknown, repos = [newRepo, oldRepo]) => KL112.check(context({ repos, roles: [role("gha-edge", t)] }));

describe("KL112 trust that breaks for immutable subjects", () => {
  it("flags a name-based trust of a repo created after 2026-07-15, with the subject GitHub issues", () => {
    const [f] = check(trust(["repo:acme/edge:ref:refs/heads/main"]));
    expect(f?.message).toBe("Role gha-edge in account 111122223333 trusts acme/edge by name, but GitHub issues its tokens with the immutable subject; the trust will not match.");
    expect(f?.evidence[1]).toBe("acme/edge (created 2026-08-01): its tokens' subject starts with repo:acme@500/edge@9001.");
  });

  it("flags an organization wildcard for the immutable repos it was meant to cover, exact StringEquals too", () => {
    expect(check(trust(["repo:acme/*"]))[0]?.message).toContain("trusts acme/edge by name");
    expect(check(trust(["repo:acme/edge:ref:refs/heads/main"], "StringEquals"))).toHaveLength(1);
  });

  it("is silent when the trust has the immutable form, for older repos, and for a trust of any owner", () => {
    expect(check(trust(["repo:acme/edge:ref:refs/heads/main", "repo:acme@500/edge@9001:ref:refs/heads/main"]))).toEqual([]);
    expect(check(trust(["repo:acme/app:ref:refs/heads/main"]))).toEqual([]);
    expect(check(trust(["*"]))).toEqual([]);
  });

  it("an older repo that opted in (use_immutable_subject) counts; one that opted out does not", () => {
    const optedIn = repo("acme/app", { id: 42, createdAt: "2024-01-01T00:00:00Z", oidcSubject: { useDefault: true, useImmutableSubject: true } });
    expect(check(trust(["repo:acme/app:*"]), [optedIn])[0]?.evidence[1]).toContain("opted in");
    const optedOut = repo("acme/edge", { id: 9001, createdAt: "2026-08-01T00:00:00Z", oidcSubject: { useDefault: true, useImmutableSubject: false } });
    expect(check(trust(["repo:acme/edge:*"]), [optedOut])).toEqual([]);
  });

  it("reads a StringNotLike: one that takes the immutable form away is a broken trust; keyless's segment exclusion is not", () => {
    const SUB = "token.actions.githubusercontent.com:sub";
    const statement = (condition: Record<string, unknown>) => ({ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, ...condition } });
    // `repo:acme*` matches both forms, but the NotLike refuses every immutable subject.
    const [f] = check({ Statement: [statement({ StringLike: { [SUB]: "repo:acme*" }, StringNotLike: { [SUB]: "repo:acme@*" } })] });
    expect(f?.message).toContain("trusts acme/edge by name");
    expect(f?.evidence[0]).toBe("Trusted subjects: repo:acme*; not: repo:acme@*.");
    // What keyless writes for release/*: the immutable form, with only deeper refs kept out.
    const segment = statement({ StringLike: { [SUB]: "repo:acme@500/edge@9001:ref:refs/heads/release/*" }, StringNotLike: { [SUB]: "repo:acme@500/edge@9001:ref:refs/heads/release/*/*" } });
    expect(check({ Statement: [statement({ StringEquals: { [SUB]: "repo:acme/edge:ref:refs/heads/main" } }), segment] })).toEqual([]);
    // A NotLike in another statement takes nothing away from this one.
    expect(check({ Statement: [statement({ StringLike: { [SUB]: "repo:acme*" } }), statement({ StringLike: { [SUB]: "repo:acme/x:*" }, StringNotLike: { [SUB]: "repo:acme@*" } })] })).toEqual([]);
  });
});

// AssumeRoleWithWebIdentity and the chained hop through the real STS SDK client, with tokens the
// sandbox mints as GitHub would, against the roles of an applied acme plan.
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Plan, RoleAssignment } from "../../plan/index.js";
import { startSandbox, type Sandbox } from "../index.js";
import type { TokenRequest } from "./index.js";
import { acmeWithPlan, assignmentOf, TOOLING } from "../../../test/support/lifecycle.js";

let sandbox: Sandbox;
let etl: RoleAssignment;
let billing: RoleAssignment;
let billingToken: TokenRequest;
let acme: Plan;
beforeAll(async () => {
  const { world, plan } = acmeWithPlan();
  acme = plan;
  etl = assignmentOf(plan, "acme/analytics-etl");
  billing = plan.repos.find((r) => r.repo === "acme/billing-api")!.assignments.find((a) => a.chainRoleArn)!;
  // A token its entry role trusts: the first subject the plan wrote for it.
  const context = plan.roles.find((r) => r.arn === billing.entryRoleArn)!.subjects![0]!.context;
  billingToken = context.startsWith("environment:") ? { repo: "acme/billing-api", environment: context.slice(12) } : { repo: "acme/billing-api", ref: context.slice(4) };
  sandbox = await startSandbox({ world, applyPlan: plan, only: "aws" });
});
afterAll(() => sandbox.close());

// No credentials: the call is unsigned, as AWS serves it. (The SDK names the wire code InvalidIdentityToken InvalidIdentityTokenException.)
const sts = () => new STSClient({ endpoint: sandbox.aws!.url, region: "eu-west-1", credentials: async () => { throw new Error("AssumeRoleWithWebIdentity must not need credentials"); } });
const withToken = (roleArn: string, token: string) => sts().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: "GitHubActions", WebIdentityToken: token }));
const failure = (p: Promise<unknown>) => p.then(() => ({ name: "none", message: "" }), (e: { name: string; message: string }) => ({ name: e.name, message: e.message }));

async function entrySession() {
  const out = await withToken(etl.entryRoleArn, sandbox.mintOidcToken({ repo: "acme/analytics-etl", environment: "production" }));
  const c = out.Credentials!;
  return new STSClient({ endpoint: sandbox.aws!.url, region: "eu-west-1", credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
}

describe("AssumeRoleWithWebIdentity", () => {
  test("the repo's token for its environment gets the entry role's session", async () => {
    expect(sandbox.appliedPlan?.errors).toEqual([]);
    const out = await withToken(etl.entryRoleArn, sandbox.mintOidcToken({ repo: "acme/analytics-etl", environment: "production" }));
    expect(out).toMatchObject({
      SubjectFromWebIdentityToken: "repo:acme/analytics-etl:environment:production",
      Provider: `arn:aws:iam::${TOOLING}:oidc-provider/token.actions.githubusercontent.com`,
      Audience: "sts.amazonaws.com",
      AssumedRoleUser: { Arn: `arn:aws:sts::${TOOLING}:assumed-role/${etl.entryRoleArn.split("/").pop()}/GitHubActions` },
    });
    const c = out.Credentials!;
    const who = await new STSClient({ endpoint: sandbox.aws!.url, region: "eu-west-1", credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } }).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(out.AssumedRoleUser!.Arn);
  });

  test.each([
    ["another repository's token", { repo: "acme/billing-api", environment: "production" }],
    ["a branch's token without the environment", { repo: "acme/analytics-etl", ref: "refs/heads/feature" }],
    ["the default branch's token without the environment", { repo: "acme/analytics-etl" }],
    ["a pull request's token", { repo: "acme/analytics-etl", event: "pull_request", ref: "refs/pull/7/merge" }],
  ])("%s is refused by the trust policy", async (_label, request) => {
    expect(await failure(withToken(etl.entryRoleArn, sandbox.mintOidcToken(request)))).toEqual({ name: "AccessDenied", message: "Not authorized to perform sts:AssumeRoleWithWebIdentity" });
  });

  test("a release/* entry role (StringLike less StringNotLike) admits release/2026.1 and refuses a deeper or neighbouring ref", async () => {
    // acme/checkout-service's production job runs on push to release/* (GitHub's * stops at '/').
    const production = acme.repos.find((r) => r.repo === "acme/checkout-service")!.assignments.find((a) => a.job === "production")!;
    const entry = acme.roles.find((r) => r.arn === production.entryRoleArn)!;
    expect(entry.trustPolicy.Statement.some((s) => s.Condition && "StringNotLike" in s.Condition)).toBe(true);
    const out = await withToken(production.entryRoleArn, sandbox.mintOidcToken({ repo: "acme/checkout-service", ref: "refs/heads/release/2026.1" }));
    expect(out.SubjectFromWebIdentityToken).toBe("repo:acme/checkout-service:ref:refs/heads/release/2026.1");
    for (const ref of ["refs/heads/release/2026.1/evil", "refs/heads/release-2026", "refs/heads/release", "refs/tags/release/2026.1"]) {
      expect(await failure(withToken(production.entryRoleArn, sandbox.mintOidcToken({ repo: "acme/checkout-service", ref }))), ref).toEqual({ name: "AccessDenied", message: "Not authorized to perform sts:AssumeRoleWithWebIdentity" });
    }
  });

  test("a token for another audience, a forged token and a role in an account without the provider are invalid tokens", async () => {
    const token = sandbox.mintOidcToken({ repo: "acme/analytics-etl", environment: "production" });
    expect(await failure(withToken(etl.entryRoleArn, sandbox.mintOidcToken({ repo: "acme/analytics-etl", environment: "production", audience: "https://github.com/acme" })))).toEqual({ name: "InvalidIdentityTokenException", message: "Incorrect token audience" });
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const forged = [header, Buffer.from(JSON.stringify({ ...claims, sub: "repo:acme/analytics-etl:environment:production", repository: "evil/fork" })).toString("base64url"), signature].join(".");
    expect(await failure(withToken(etl.entryRoleArn, forged))).toMatchObject({ name: "InvalidIdentityTokenException", message: expect.stringContaining("could not be validated") });
    expect(await failure(withToken(etl.chainRoleArn!, token))).toEqual({ name: "InvalidIdentityTokenException", message: "No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com" });
  });
});

describe("the chained AssumeRole into the deploy role", () => {
  const tags = [{ Key: "GitHub", Value: "Actions" }, { Key: "Repository", Value: "acme/analytics-etl" }];

  test("needs the ExternalId; with it (and session tags) the deploy role's session acts in its account", async () => {
    const entry = await entrySession();
    expect(await failure(entry.send(new AssumeRoleCommand({ RoleArn: etl.chainRoleArn, RoleSessionName: "GitHubActions", Tags: tags })))).toMatchObject({ name: "AccessDenied", message: expect.stringContaining(`not authorized to perform: sts:AssumeRole on resource: ${etl.chainRoleArn}`) });
    expect(await failure(entry.send(new AssumeRoleCommand({ RoleArn: etl.chainRoleArn, RoleSessionName: "GitHubActions", ExternalId: "keyless-wrong", Tags: tags })))).toMatchObject({ name: "AccessDenied" });
    const out = await entry.send(new AssumeRoleCommand({ RoleArn: etl.chainRoleArn, RoleSessionName: "GitHubActions", ExternalId: etl.externalId, Tags: tags }));
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${etl.chainRoleArn!.split(":")[4]}:assumed-role/${etl.chainRoleArn!.split("/").pop()}/GitHubActions`);
  });

  test("is capped at one hour", async () => {
    const entry = await entrySession();
    expect(await failure(entry.send(new AssumeRoleCommand({ RoleArn: etl.chainRoleArn, RoleSessionName: "GitHubActions", ExternalId: etl.externalId, DurationSeconds: 7200 })))).toMatchObject({ name: "ValidationError", message: expect.stringContaining("role chaining") });
  });

  test("another repository's entry role cannot chain into it, even with the right ExternalId", async () => {
    const c = (await withToken(billing.entryRoleArn, sandbox.mintOidcToken(billingToken))).Credentials!;
    const other = new STSClient({ endpoint: sandbox.aws!.url, region: "eu-west-1", credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
    expect(await failure(other.send(new AssumeRoleCommand({ RoleArn: etl.chainRoleArn, RoleSessionName: "GitHubActions", ExternalId: etl.externalId })))).toMatchObject({ name: "AccessDenied" });
  });

  test("a token minted before the clock moved a day is expired", async () => {
    const token = sandbox.mintOidcToken({ repo: "acme/analytics-etl", environment: "production" });
    sandbox.advanceClock(1);
    expect(await failure(withToken(etl.entryRoleArn, token))).toMatchObject({ name: "ExpiredTokenException", message: expect.stringContaining("Token expired") });
    expect(await withToken(etl.entryRoleArn, sandbox.mintOidcToken({ repo: "acme/analytics-etl", environment: "production" }))).toHaveProperty("Credentials");
  });
});

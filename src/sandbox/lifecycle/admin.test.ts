// The sandbox-only admin operations over HTTP, as another keyless process would drive a running
// `keyless sandbox`: apply a plan, move the clock, run a workflow, mint a token.
import { GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Plan } from "../../plan/index.js";
import { startSandbox, type Sandbox } from "../index.js";
import { SANDBOX_AWS_CREDENTIALS } from "../scenario/index.js";
import { callSandboxAdmin } from "./admin.js";
import type { ApplyReport } from "./apply-plan.js";
import { acmeWithPlan, TOOLING } from "../../../test/support/lifecycle.js";

let sandbox: Sandbox;
let plan: Plan;
beforeAll(async () => {
  const acme = acmeWithPlan();
  plan = acme.plan;
  sandbox = await startSandbox({ world: acme.world });
});
afterAll(() => sandbox.close());

const url = () => sandbox.aws!.url;

describe("POST /_sandbox/<operation>", () => {
  test("apply-plan takes reports/plan.json as is; the roles are then there for IAM; a second call changes nothing", async () => {
    const report = (await callSandboxAdmin(url(), "apply-plan", plan)) as ApplyReport;
    expect(report.errors).toEqual([]);
    expect(report.changes.filter((c) => c.action === "create" && c.kind === "role")).toHaveLength(plan.roles.filter((r) => r.managedByKeyless).length);

    const entry = plan.roles.find((r) => r.kind === "entry")!;
    const sts = new STSClient({ endpoint: url(), region: "us-east-1", credentials: SANDBOX_AWS_CREDENTIALS });
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TOOLING}:role/OrganizationAccountAccessRole`, RoleSessionName: "check" }))).Credentials!;
    const iam = new IAMClient({ endpoint: url(), region: "us-east-1", credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
    const role = await iam.send(new GetRoleCommand({ RoleName: entry.name }));
    expect(role.Role?.Arn).toBe(entry.arn);
    expect(JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!))).toEqual(entry.trustPolicy);

    const again = (await callSandboxAdmin(url(), "apply-plan", { plan, existingRoleChanges: false })) as ApplyReport;
    expect(again.changes.every((ch) => ch.action === "unchanged")).toBe(true);
  });

  test("refuses what is not a plan, with the schema's reason", async () => {
    await expect(callSandboxAdmin(url(), "apply-plan", { ...plan, schemaVersion: 2 })).rejects.toMatchObject({ code: "SandboxAdminFailed", message: expect.stringContaining("schemaVersion") });
  });

  test("needs the sandbox header and POST; unknown operations are 404", async () => {
    const bare = await fetch(`${url()}/_sandbox/advance-clock`, { method: "POST", body: JSON.stringify({ days: 1 }) });
    expect(bare.status).toBe(403);
    const get = await fetch(`${url()}/_sandbox/runs`, { headers: { "x-keyless-sandbox": "1" } });
    expect(get.status).toBe(405);
    const unknown = await fetch(`${url()}/_sandbox/drop-tables`, { method: "POST", headers: { "x-keyless-sandbox": "1" } });
    expect(unknown.status).toBe(404);
    await expect(callSandboxAdmin("http://example.com:1234", "runs")).rejects.toMatchObject({ code: "SandboxAdminRemote" });
  });

  test("simulate-run, runs and advance-clock drive the lifecycle from outside", async () => {
    const ran = (await callSandboxAdmin(url(), "simulate-run", { repo: "acme/edge-router" })) as { runs: Array<{ conclusion: string; jobs: Array<{ subject: string }> }> };
    expect(ran.runs).toHaveLength(1);
    expect(ran.runs[0]).toMatchObject({ conclusion: "success", jobs: [{ subject: expect.stringMatching(/^repo:acme@\d+\/edge-router@\d+:ref:refs\/heads\/main$/) }] });
    const all = (await callSandboxAdmin(url(), "runs")) as { runs: unknown[] };
    expect(all.runs).toHaveLength(sandbox.runs.length);
    const before = Date.parse(sandbox.world.now);
    const moved = (await callSandboxAdmin(url(), "advance-clock", { days: 8 })) as { now: string };
    expect(Date.parse(moved.now) - before).toBe(8 * 86_400_000);
    await expect(callSandboxAdmin(url(), "advance-clock", { days: -1 })).rejects.toMatchObject({ message: expect.stringContaining("only moves forward") });
  });

  test("mint-token gives a token the STS fake accepts for the role that trusts it", async () => {
    const { token } = (await callSandboxAdmin(url(), "mint-token", { repo: "acme/edge-router" })) as { token: string };
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
    expect(claims).toMatchObject({ iss: "https://token.actions.githubusercontent.com", aud: "sts.amazonaws.com", repository: "acme/edge-router", ref: "refs/heads/main", event_name: "push", ref_type: "branch" });
    expect(claims.exp - claims.iat).toBe(300);
    const sts = new STSClient({ endpoint: url(), region: "eu-west-1", credentials: SANDBOX_AWS_CREDENTIALS });
    const out = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${TOOLING}:role/gha-edge-router`, RoleSessionName: "GitHubActions", WebIdentityToken: token }));
    expect(out.SubjectFromWebIdentityToken).toBe(claims.sub);
  });
});

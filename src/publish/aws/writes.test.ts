// The I/O of retire against the sandbox fakes: key state and writes through the audit role (a
// second delete succeeds), secret deletion that tells a gone secret from an invisible repository,
// and role assumptions in CloudTrail where refused calls prove nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../sandbox/index.js";
import type { CloudTrailEvent } from "../../sandbox/world.js";
import { openMemoryStateStore } from "../../state/index.js";
import { verdictFor, type KeyEvidence } from "../../verify/index.js";
import { assumes, lookupAssumeEvents } from "./cloudtrail.js";
import { deleteSecret } from "./github.js";
import { deleteKey, readKey, setKeyStatus } from "./keys.js";
import { deleteRetired } from "./retire.js";
import { openAwsSession, type AwsSession } from "./session.js";
import { sandboxGithub } from "../../../test/support/publish/aws.js";

let sandbox: Sandbox;
let aws: AwsSession;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "acme" });
  const env = sandbox.env;
  aws = await openAwsSession({
    connection: { region: "us-east-1", endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? "", secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? "" }, maxAttempts: 1 },
    auditRoleName: "OrganizationAccountAccessRole",
    cloudTrailRequestsPerSecond: 50,
  });
});

afterAll(async () => {
  await sandbox?.close();
});

const PIPELINE = { accessKeyId: "AKIAFPBDAR3HQY72S2WV", userName: "gha-data-pipeline", accountId: "135629879328" };

describe("keys", () => {
  it("reads, deactivates and deletes a key in a member account; deleting it again is success", async () => {
    const iam = aws.account(PIPELINE.accountId).iam;
    const first = await readKey(iam, PIPELINE);
    expect(first.state).toEqual({ status: "Active" });
    expect(first.lastUsed?.date).toMatch(/^2026-/);
    await setKeyStatus(iam, PIPELINE, "Inactive");
    expect((await readKey(iam, PIPELINE)).state).toEqual({ status: "Inactive" });
    expect(await deleteKey(iam, PIPELINE)).toBe("deleted");
    expect(await deleteKey(iam, PIPELINE)).toBe("already-gone");
    expect((await readKey(iam, PIPELINE)).state).toEqual({ status: "missing" });
  });

  it("reads a key whose user is gone as missing, and never reads a root key through a role", async () => {
    const iam = aws.account(PIPELINE.accountId).iam;
    expect((await readKey(iam, { accessKeyId: "AKIAAAAAAAAAAAAAAAAA", userName: "nobody" })).state).toEqual({ status: "missing" });
    expect((await readKey(iam, { accessKeyId: "AKIA5ND4OYKQT3ABXAM5", userName: "<root_account>" })).state.status).toBe("unknown");
  });

  it("reports a key the audit role cannot read as unknown, with the reason", async () => {
    const denied = sandbox.world.aws.accounts.find((a) => a.denyAuditRole);
    const state = (await readKey(aws.account(denied!.id).iam, PIPELINE)).state;
    expect(state.status).toBe("unknown");
    expect("error" in state && state.error).toMatch(/AccessDenied/);
  });
});

describe("secrets", () => {
  it("deletes repository, environment and organization secrets; a second delete finds them gone", async () => {
    const gh = sandboxGithub(sandbox);
    const repo = sandbox.world.github.repos.find((r) => r.fullName === "acme/analytics-etl")!;
    const env = repo.environments.find((e) => e.name === "production")!;
    const target = { scope: "environment" as const, repo: "acme/analytics-etl", environment: "production", name: "aws_secret_access_key" };
    expect(await deleteSecret(gh, target)).toBe("deleted");
    expect(env.secrets.map((s) => s.name)).not.toContain("AWS_SECRET_ACCESS_KEY");
    expect(await deleteSecret(gh, target)).toBe("already-gone");

    const repoSecret = { scope: "repo" as const, repo: "acme/data-pipeline", name: "AWS_ACCESS_KEY_ID" };
    expect(await deleteSecret(gh, repoSecret)).toBe("deleted");
    expect(await deleteSecret(gh, repoSecret)).toBe("already-gone");

    const org = sandbox.world.github.orgs[0]!;
    const orgSecret = { scope: "organization" as const, org: org.login, name: org.secrets[0]!.name };
    expect(await deleteSecret(gh, orgSecret)).toBe("deleted");
    expect(org.secrets.map((s) => s.name)).not.toContain(orgSecret.name);
  });

  it("does not take a repository the token cannot see for an already deleted secret", async () => {
    await expect(deleteSecret(sandboxGithub(sandbox), { scope: "repo", repo: "acme/no-such-repo", name: "AWS_ACCESS_KEY_ID" })).rejects.toMatchObject({ status: 404 });
  });
});

describe("role assumptions in CloudTrail", () => {
  it("finds successful AssumeRoleWithWebIdentity events by role, and ignores refused ones", async () => {
    const tooling = "947472025964";
    const role = "arn:aws:iam::947472025964:role/keyless/gha-api-main";
    const event = (id: string, at: string, extra: Partial<CloudTrailEvent> = {}): CloudTrailEvent => ({
      eventId: id, eventTime: at, eventName: "AssumeRoleWithWebIdentity", eventSource: "sts.amazonaws.com", accountId: tooling, awsRegion: "eu-west-1",
      accessKeyId: "", userName: "repo:acme/api:ref:refs/heads/main", sourceIPAddress: "4.148.0.10", userAgent: "configure-aws-credentials", readOnly: true,
      resources: [{ type: "AWS::IAM::Role", name: role }], ...extra,
    });
    sandbox.world.aws.cloudtrail.push(
      event("refused", "2026-11-20T11:10:00Z", { errorCode: "AccessDenied" }),
      event("ok", "2026-11-20T11:20:00Z"),
      event("other", "2026-11-20T11:30:00Z", { resources: [{ type: "AWS::IAM::Role", name: "arn:aws:iam::947472025964:role/keyless/gha-web-main" }] }),
    );
    const events = await lookupAssumeEvents(aws.account(tooling), "eu-west-1", "AssumeRoleWithWebIdentity", { start: new Date("2026-11-20T11:00:00Z"), end: new Date("2026-11-20T12:00:00Z") });
    expect(events.map((e) => e.eventId).sort()).toEqual(["ok", "other"]);
    expect(events.filter((e) => assumes(e, role)).map((e) => e.eventId)).toEqual(["ok"]);
  });
});

describe("retire --delete after a crash", () => {
  it("deletes the secrets of a key keyless deactivated that is gone, records it, and then has nothing left to do", async () => {
    const store = openMemoryStateStore();
    const key = { accessKeyId: "AKIAOHQYKSTZZX5NMFTX", accountId: "249253487105", userName: "backup-bot" };
    const deactivated = { ...key, action: "deactivated" as const, at: "2026-11-10T00:00:00Z", detail: "user backup-bot" };
    store.recordKeyEvent(deactivated);
    const evidence: KeyEvidence = {
      plan: { ...key, disposition: "retire-after-migration", repos: ["acme/nightly-backups"] },
      links: [{ repo: "acme/nightly-backups", confidence: "high" }],
      state: { status: "missing" },
      uses: [],
      events: [deactivated],
      errors: [],
    };
    const links = [{ ...key, repo: "acme/nightly-backups", secretNames: ["AWS_S3_BACKUP_ACCESS_KEY_ID", "AWS_S3_BACKUP_SECRET_ACCESS_KEY"], scope: "repo" as const, confidence: "high" as const, evidence: [] }];
    const lines: string[] = [];
    const ctx = { store, aws, github: sandboxGithub(sandbox), now: () => new Date("2026-11-20T12:00:00Z"), apply: true, say: (l: string) => lines.push(l) };
    const run = () => deleteRetired({ verdicts: [verdictFor(evidence, new Map(), { minConfidence: "high" })], keys: [{ ...evidence, events: store.keyEvents(key.accessKeyId) }], links, waitDays: 7 }, ctx);

    expect(await run()).toMatchObject({ keysDeleted: 0, secretsDeleted: 2, failed: 0 });
    expect(lines[0]).toBe("access key AKIAOHQYKSTZZX5NMFTX (backup-bot in 249253487105) is gone since keyless deactivated it; its secrets go too");
    const repo = sandbox.world.github.repos.find((r) => r.fullName === "acme/nightly-backups")!;
    expect(repo.secrets.map((s) => s.name)).not.toEqual(expect.arrayContaining(["AWS_S3_BACKUP_ACCESS_KEY_ID"]));
    expect(store.keyEvents(key.accessKeyId).map((e) => e.action)).toEqual(["deactivated", "deleted", "secret-deleted", "secret-deleted"]);

    lines.length = 0;
    expect(await run()).toMatchObject({ keysDeleted: 0, secretsDeleted: 0, failed: 0 });
    expect(lines).toEqual([]);
  });
});

import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { IAMClient, ListUsersCommand, paginateListUsers } from "@aws-sdk/client-iam";
import { ListAccountsCommand, OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, test } from "vitest";
import { startAwsFake } from "./index.js";
import { ADMIN_CREDENTIALS, MGMT, buildTestWorld, sdkClients } from "../../../test/support/sandbox/aws.js";

describe("throttling", () => {
  test("a seeded share of throttled requests is absorbed by the SDK's own retries", async () => {
    const fake = await startAwsFake(buildTestWorld(), { pageSize: 2, faults: { throttleRate: 0.3, seed: 42 } });
    try {
      const c = sdkClients(fake.url);
      const users: string[] = [];
      let retried = 0;
      for await (const page of paginateListUsers({ client: c.iam }, {})) {
        users.push(...(page.Users ?? []).map((u) => u.UserName!));
        retried += page.$metadata.attempts! - 1;
      }
      const accounts: string[] = [];
      for await (const page of paginateListAccounts({ client: c.org }, {})) {
        accounts.push(...(page.Accounts ?? []).map((a) => a.Id!));
        retried += page.$metadata.attempts! - 1;
      }
      expect(users).toEqual(["admin", "alice", "bob", "carol", "dave", "erin"]);
      expect(accounts).toHaveLength(7);
      // 3 + 4 pages were fetched; every extra request was a throttled attempt the SDK retried.
      const sent = fake.requests.get("iam:ListUsers")! + fake.requests.get("organizations:ListAccounts")!;
      expect(retried).toBeGreaterThan(0);
      expect(sent).toBe(7 + retried);
    } finally {
      await fake.close();
    }
  });

  test("when retries run out, each service's throttling error reaches the caller", async () => {
    const fake = await startAwsFake(buildTestWorld(), { faults: { throttleRate: 1 } });
    try {
      const c = sdkClients(fake.url, ADMIN_CREDENTIALS, { maxAttempts: 2 });
      await expect(c.iam.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: "Throttling", message: "Rate exceeded", $metadata: { attempts: 2, httpStatusCode: 400 } });
      await expect(c.sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "Throttling" });
      await expect(c.org.send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: "TooManyRequestsException", $metadata: { attempts: 2 } });
      await expect(c.trail.send(new LookupEventsCommand({}))).rejects.toMatchObject({ name: "ThrottlingException", $metadata: { attempts: 2 } });
      expect(fake.requests.get("iam:ListUsers")).toBe(2);
    } finally {
      await fake.close();
    }
  });

  test("the same seed throttles the same requests", async () => {
    const throttledAttempts = async () => {
      const fake = await startAwsFake(buildTestWorld(), { faults: { throttleRate: 0.5, seed: 9 } });
      try {
        const c = sdkClients(fake.url, ADMIN_CREDENTIALS, { maxAttempts: 1 });
        const outcomes: string[] = [];
        for (let i = 0; i < 8; i++) outcomes.push(await c.sts.send(new GetCallerIdentityCommand({})).then(() => "ok", (e: Error) => e.name));
        return outcomes;
      } finally {
        await fake.close();
      }
    };
    const first = await throttledAttempts();
    expect(first).toContain("Throttling");
    expect(first).toContain("ok");
    expect(await throttledAttempts()).toEqual(first);
  });
});

describe("latency", () => {
  test("every answer is delayed by latencyMs", async () => {
    const fake = await startAwsFake(buildTestWorld(), { latencyMs: 150 });
    try {
      const started = performance.now();
      await sdkClients(fake.url).sts.send(new GetCallerIdentityCommand({}));
      expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    } finally {
      await fake.close();
    }
  });
});

describe("configuration as a user would give it", () => {
  test("AWS_ENDPOINT_URL and the environment credentials reach every service through one URL", async () => {
    const fake = await startAwsFake(buildTestWorld());
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ENDPOINT_URL: fake.url, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: ADMIN_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN_CREDENTIALS.secretAccessKey });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
    try {
      expect((await new STSClient({}).send(new GetCallerIdentityCommand({}))).Account).toBe(MGMT);
      expect((await new IAMClient({}).send(new ListUsersCommand({}))).Users?.length).toBeGreaterThan(0);
      expect((await new OrganizationsClient({}).send(new ListAccountsCommand({}))).Accounts?.length).toBeGreaterThan(0);
      expect((await new CloudTrailClient({}).send(new LookupEventsCommand({}))).Events?.length).toBeGreaterThan(0);
      expect([...fake.requests.keys()].sort()).toEqual(["cloudtrail:LookupEvents", "iam:ListUsers", "organizations:ListAccounts", "sts:GetCallerIdentity"]);
    } finally {
      process.env = saved;
      await fake.close();
    }
  });
});

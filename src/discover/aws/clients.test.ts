import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { ListUsersCommand } from "@aws-sdk/client-iam";
import { afterEach, describe, expect, it } from "vitest";
import { startAwsFake, type AwsFake } from "../../sandbox/aws/index.js";
import { buildScenario } from "../../sandbox/scenario/index.js";
import { RequestCounter } from "../request-counter.js";
import { awsConnection, quickRetry } from "../../../test/support/discover.js";
import { assumedRole } from "./assumed-role.js";
import { accountClients, globalEventsRegion, managementClients } from "./clients.js";
import { RateGates } from "./rate-gate.js";

const fakes: AwsFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function fake(throttleRate = 0) {
  const world = buildScenario("acme");
  const started = await startAwsFake(world, { faults: { throttleRate, seed: 3 } });
  fakes.push(started);
  return { world, fake: started };
}

describe("CloudTrail pacing", () => {
  it("spaces every LookupEvents attempt, retries included, per account and region", async () => {
    const { world, fake: aws } = await fake(0.4);
    const counter = new RequestCounter();
    const gates = new RateGates(20); // 50 ms apart; AWS allows 2/s, the test runs faster
    const clients = accountClients(awsConnection(aws, { maxAttempts: 10, retryStrategy: quickRetry(10) }), counter, {
      accountId: world.aws.organization.managementAccountId,
      lookupGates: gates,
    });
    const sent: Record<string, number[]> = { "us-east-1": [], "eu-west-1": [] };
    for (const region of Object.keys(sent)) {
      // Right behind the gate, so signing time does not blur the measured spacing.
      clients.cloudTrail(region).middlewareStack.addRelativeTo(
        ((next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
          sent[region]?.push(performance.now());
          return next(args);
        }) as never,
        { relation: "after", toMiddleware: "keylessRequestPace", name: "testAttemptClock" },
      );
    }
    const lookup = (region: string) =>
      clients.cloudTrail(region).send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "AccessKeyId", AttributeValue: "AKIAIOSFODNN7EXAMPLE" }] }));
    await Promise.all([...Array.from({ length: 8 }, () => lookup("us-east-1")), ...Array.from({ length: 3 }, () => lookup("eu-west-1"))]);

    const attempts = (sent["us-east-1"]?.length ?? 0) + (sent["eu-west-1"]?.length ?? 0);
    expect(attempts).toBe(aws.requests.get("cloudtrail:LookupEvents"));
    expect(attempts).toBeGreaterThan(11); // some were throttled and retried
    for (const times of Object.values(sent)) {
      const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(45);
    }
    // The two regions are paced apart: eu-west-1 did not queue behind us-east-1's eight.
    expect((sent["eu-west-1"]?.[0] ?? Infinity) - (sent["us-east-1"]?.[0] ?? 0)).toBeLessThan(100);
  });
});

describe("member account sessions", () => {
  it("renews the audit role's session when the SDK finds it near expiry, mid-scan", async () => {
    const { world, fake: aws } = await fake();
    const counter = new RequestCounter();
    const connection = awsConnection(aws);
    const { sts } = managementClients(connection, counter);
    const member = world.aws.accounts.find((a) => a.status === "ACTIVE" && !a.denyAuditRole && a.id !== world.aws.organization.managementAccountId);
    // Sessions that claim to end in 4 minutes: inside the SDK's 5-minute refresh margin.
    const shortLived = {
      send: async (command: Parameters<typeof sts.send>[0]) => {
        const out = (await sts.send(command as never)) as { Credentials?: { Expiration?: Date } };
        if (out.Credentials) out.Credentials.Expiration = new Date(Date.now() + 4 * 60_000);
        return out;
      },
    };
    const credentials = assumedRole(shortLived as never, { roleArn: `arn:aws:iam::${member?.id}:role/${world.aws.auditRoleName}`, sessionName: "keyless-audit", durationSeconds: 3600 });
    const clients = accountClients(connection, counter, { accountId: member?.id ?? "", credentials, lookupGates: new RateGates(100) });
    for (let i = 0; i < 3; i++) {
      const { Users } = await clients.iam.send(new ListUsersCommand({}));
      expect(Users?.length).toBeGreaterThan(0);
    }
    // Without renewal this would be 1 (and the SDK would sign with an expiring session).
    expect(aws.requests.get("sts:AssumeRole")).toBeGreaterThanOrEqual(3);
  });
});

describe("client configuration", () => {
  it("sends IAM to the partition's global endpoint from any region (not a hard-coded us-east-1)", async () => {
    const counter = new RequestCounter();
    const endpointOf = async (region: string) => {
      const { iam } = accountClients({ region, maxAttempts: 3, credentials: { accessKeyId: "AKIAEXAMPLEEXAMPLE00", secretAccessKey: "x" } }, counter, {
        accountId: "111111111111",
        lookupGates: new RateGates(2),
      });
      const provider = iam.config.endpointProvider as (p: { Region: string; UseFIPS: boolean; UseDualStack: boolean }) => { url: URL };
      return provider({ Region: region, UseFIPS: false, UseDualStack: false }).url.host;
    };
    expect(await endpointOf("eu-west-1")).toBe("iam.amazonaws.com");
    expect(await endpointOf("cn-north-1")).toBe("iam.cn-north-1.amazonaws.com.cn");
    expect(await endpointOf("us-gov-east-1")).toBe("iam.us-gov.amazonaws.com");
    expect(globalEventsRegion("aws-cn", "cn-northwest-1")).toBe("cn-north-1");
    expect(globalEventsRegion("aws-us-gov", "us-gov-east-1")).toBe("us-gov-west-1");
  });
});

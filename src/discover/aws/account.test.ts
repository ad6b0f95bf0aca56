import { afterEach, describe, expect, it } from "vitest";
import { startAwsFake, type AwsFake } from "../../sandbox/aws/index.js";
import { buildScenario } from "../../sandbox/scenario/index.js";
import { RequestCounter } from "../request-counter.js";
import { awsConnection, noSleep } from "../test-support.js";
import { readAccount } from "./account.js";
import { accountClients } from "./clients.js";
import { RateGates } from "./rate-gate.js";

const fakes: AwsFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

describe("readAccount", () => {
  it("lists users instead when the audit role may not generate the credential report", async () => {
    const world = buildScenario("acme");
    const fake = await startAwsFake(world);
    fakes.push(fake);
    const accountId = world.aws.organization.managementAccountId;
    const clients = accountClients(awsConnection(fake), new RequestCounter(), { accountId, lookupGates: new RateGates(100) });
    // IAM's answer to a role without iam:GenerateCredentialReport.
    clients.iam.middlewareStack.add(
      ((next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        if (context.commandName === "GenerateCredentialReportCommand") {
          throw Object.assign(new Error(`User: arn:aws:sts::${accountId}:assumed-role/Audit/keyless is not authorized to perform: iam:GenerateCredentialReport`), { name: "AccessDenied" });
        }
        return next(args);
      }) as never,
      { step: "initialize", name: "denyCredentialReport" },
    );
    const result = await readAccount(accountId, clients, new Map(), {
      cloudTrail: false, now: new Date(world.now), maxEventsPerKey: 10, globalEventsRegion: "us-east-1", sleep: noSleep,
    });
    const planted = world.aws.iam[accountId]?.accessKeys ?? [];
    expect(result.accessKeys.map((k) => k.accessKeyId).sort()).toEqual(planted.filter((k) => k.userName !== "<root_account>").map((k) => k.accessKeyId).sort());
    expect(result.accessKeys.some((k) => k.isRoot)).toBe(false); // unknown without the report, and said so:
    expect(result.skipped).toEqual([
      { side: "aws", target: `${accountId}/credential-report`, code: "AccessDenied", reason: expect.stringMatching(/^credential report unavailable, users listed instead and root keys unknown: .*GenerateCredentialReport/) },
    ]);
    // Only users that hold keys are kept (their policies are read, nobody else's).
    expect(new Set(result.users.map((u) => u.userName))).toEqual(new Set(planted.filter((k) => k.userName !== "<root_account>").map((k) => k.userName)));
    expect(fake.requests.get("iam:ListUsers")).toBeGreaterThan(0);
  });
});

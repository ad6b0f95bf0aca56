import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startAwsFake, type AwsFake, type AwsFakeOptions } from "../../sandbox/aws/index.js";
import { buildScenario } from "../../sandbox/scenario/index.js";
import type { World } from "../../sandbox/world.js";
import { RequestCounter } from "../request-counter.js";
import { awsConnection, noSleep, quickRetry, sum } from "../../../test/support/discover.js";
import type { AwsConnection } from "./clients.js";
import { discoverAws } from "./index.js";

const DAY = 86_400_000;
const fakes: AwsFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

/** One scan of acme without faults, the reference the other scans must reproduce. */
let baseline: Awaited<ReturnType<typeof scan>>;
let baselineWorld: World;
beforeAll(async () => {
  baselineWorld = buildScenario("acme");
  baseline = await scan(baselineWorld);
  fakes.splice(0); // kept open for the whole file
});
afterAll(async () => baseline.fake.close());

async function scan(world: World, fakeOptions: AwsFakeOptions = {}, connection: Partial<AwsConnection> = {}) {
  const fake = await startAwsFake(world, fakeOptions);
  fakes.push(fake);
  const counter = new RequestCounter();
  const events: string[] = [];
  const result = await discoverAws({
    connection: awsConnection(fake, connection),
    auditRoleName: world.aws.auditRoleName,
    concurrency: 4,
    cloudTrail: true,
    maxEventsPerKey: 200,
    // The fake does not enforce LookupEvents' 2/s; pacing has its own test below.
    cloudTrailRequestsPerSecond: 1000,
    now: new Date(world.now),
    counter,
    sleep: noSleep,
    onEvent: (e) => events.push(e.type === "aws-account-done" ? `${e.accountId}:${e.ok ? "ok" : e.reason}` : e.type),
  });
  return { ...result, fake, counter, events };
}

/** What a correct scan of the world finds in the accounts it can enter. */
function expected(world: World) {
  const reachable = world.aws.accounts.filter((a) => a.status === "ACTIVE" && !a.denyAuditRole).map((a) => a.id);
  const keys = reachable.flatMap((id) => (world.aws.iam[id]?.accessKeys ?? []).map((k) => ({ ...k, accountId: id })));
  const now = Date.parse(world.now);
  const events = world.aws.cloudtrail.filter((e) => {
    const key = keys.find((k) => k.accessKeyId === e.accessKeyId);
    if (!key?.lastUsed || key.userName === "<root_account>" || now - Date.parse(key.lastUsed.date) > 90 * DAY) return false;
    const t = Date.parse(e.eventTime);
    return t >= now - 90 * DAY && t <= now && (e.awsRegion === key.lastUsed.region || e.awsRegion === "us-east-1");
  });
  return { reachable, keys, events };
}

/** The inventory minus what legitimately differs between two scans of one world. */
const comparable = (aws: Awaited<ReturnType<typeof scan>>["aws"]) => JSON.parse(JSON.stringify(aws)) as unknown;

describe("discoverAws against the acme sandbox", () => {
  it("reads every reachable account, records the denied and the suspended one, and finds each key once", async () => {
    const world = baselineWorld;
    const { aws, skipped, events } = baseline;
    const want = expected(world);

    expect(aws.organizationId).toBe(world.aws.organization.id);
    expect(aws.accounts.map((a) => a.id).sort()).toEqual(world.aws.accounts.map((a) => a.id).sort());
    const denied = world.aws.accounts.find((a) => a.denyAuditRole);
    const suspended = world.aws.accounts.find((a) => a.status === "SUSPENDED");
    expect(denied && suspended).toBeTruthy();
    expect(aws.accounts.find((a) => a.id === denied?.id)).toMatchObject({ reachable: false, unreachableReason: expect.stringMatching(/^AccessDenied: .*sts:AssumeRole/) });
    expect(skipped).toContainEqual(expect.objectContaining({ side: "aws", target: denied?.id, code: "AccessDenied" }));
    expect(aws.accounts.find((a) => a.id === suspended?.id)).toMatchObject({ status: "SUSPENDED", reachable: false, unreachableReason: "account is SUSPENDED" });
    expect(aws.accounts.filter((a) => a.reachable).map((a) => a.id).sort()).toEqual([...want.reachable].sort());
    // The scan went on past the denied account: every other account reported done.
    expect(events.filter((e) => e.endsWith(":ok"))).toHaveLength(want.reachable.length);

    // OU paths, root first, as the organization's tree says.
    const prod = aws.accounts.find((a) => a.ouPath.includes("Prod"));
    expect(prod?.ouPath[0]).toBe("Root");
    expect(aws.accounts.find((a) => a.isManagement)?.id).toBe(world.aws.organization.managementAccountId);

    // Every key exactly once, with status, creation and last use as IAM reports them.
    const userKeys = want.keys.filter((k) => k.userName !== "<root_account>");
    const found = aws.accessKeys.filter((k) => !k.isRoot);
    expect(found.map((k) => k.accessKeyId).sort()).toEqual(userKeys.map((k) => k.accessKeyId).sort());
    for (const key of userKeys) {
      const got = found.find((k) => k.accessKeyId === key.accessKeyId);
      expect(got).toMatchObject({ accountId: key.accountId, userName: key.userName, status: key.status });
      expect(Date.parse(got?.createDate ?? "")).toBe(Date.parse(key.createDate));
      expect(got?.lastUsed?.date ? Math.abs(Date.parse(got.lastUsed.date) - Date.parse(key.lastUsed?.date ?? "")) < 1000 : !key.lastUsed).toBe(true);
      if (key.lastUsed) expect(got?.lastUsed).toMatchObject({ serviceName: key.lastUsed.serviceName, region: key.lastUsed.region });
    }
    // Root keys come from the credential report only.
    expect(aws.accessKeys.filter((k) => k.isRoot)).toHaveLength(want.keys.length - userKeys.length);

    // CloudTrail evidence: each event of a recently used key, in its region or us-east-1, once.
    expect(aws.cloudTrail.map((e) => e.eventId).sort()).toEqual(want.events.map((e) => e.eventId).sort());
    expect(aws.cloudTrail.find((e) => e.userAgent?.includes("configure-aws-credentials"))).toBeTruthy();

    // Users holding keys, with their policies; GitHub OIDC trust where the scenario planted it.
    expect(new Set(aws.users.map((u) => `${u.accountId}/${u.userName}`))).toEqual(new Set(userKeys.map((k) => `${k.accountId}/${k.userName}`)));
    expect(aws.users.some((u) => u.policies.some((p) => p.document?.includes('"Action"')))).toBe(true);
    expect(aws.oidcProviders.length).toBeGreaterThan(0);
    expect(aws.githubTrustingRoles.every((r) => r.trustPolicy.includes("token.actions.githubusercontent.com"))).toBe(true);
  });

  it("follows pagination across pages of one item: the same inventory, every item once", async () => {
    const roomy = baseline; // pages of 4
    const tight = await scan(buildScenario("acme"), { pageSize: 1 });
    expect(comparable(tight.aws)).toEqual(comparable(roomy.aws));
    const ids = tight.aws.accessKeys.map((k) => k.accessKeyId);
    expect(new Set(ids).size).toBe(ids.length);
    const eventIds = tight.aws.cloudTrail.map((e) => e.eventId);
    expect(new Set(eventIds).size).toBe(eventIds.length);
    // One item per page means many more list calls, and the counter saw each of them.
    const lists = (c: RequestCounter) => c.toJSON().filter((r) => /:List(Accounts|Roles|AccessKeys|OrganizationalUnitsForParent|Children)$/.test(r.endpoint));
    expect(sum(lists(tight.counter).map((r) => r.count))).toBeGreaterThan(sum(lists(roomy.counter).map((r) => r.count)));
  });

  it("answers throttling (30% of requests) with the SDK's retries: same inventory, retries counted", async () => {
    const calm = baseline;
    const stormy = await scan(buildScenario("acme"), { faults: { throttleRate: 0.3, seed: 7 } }, { maxAttempts: 12, retryStrategy: quickRetry(12) });
    expect(comparable(stormy.aws)).toEqual(comparable(calm.aws));
    expect(stormy.skipped).toEqual(calm.skipped);

    // Every HTTP attempt counted once, on both sides: discover's counter equals the fake's log.
    const ours = Object.fromEntries(stormy.counter.toJSON().map((r) => [r.endpoint, r.count]));
    expect(ours).toEqual(Object.fromEntries(stormy.fake.requests));
    const extra = stormy.counter.total("aws") - calm.counter.total("aws");
    expect(extra).toBeGreaterThan(calm.counter.total("aws") * 0.2); // roughly 30% / (1 - 30%) more
  });

  it("lets the next account read IAM while one waits on its CloudTrail pace (2 lookups per second per account-region)", async () => {
    const world = buildScenario("acme");
    const now = Date.parse(world.now);
    const recentKeys = (id: string) =>
      (world.aws.iam[id]?.accessKeys ?? []).filter((k) => k.userName !== "<root_account>" && k.lastUsed && now - Date.parse(k.lastUsed.date) <= 90 * DAY).length;
    // Accounts are read in id order: a slow one (several lookups) first, then a quick one (one key at most).
    const reachable = world.aws.accounts.filter((a) => a.status === "ACTIVE" && !a.denyAuditRole).map((a) => a.id).sort();
    const slow = reachable.find((id) => recentKeys(id) >= 4);
    const quick = reachable.find((id) => slow !== undefined && id > slow && recentKeys(id) <= 1);
    if (!slow || !quick) throw new Error("scenario lacks the two accounts this test needs");
    const fake = await startAwsFake(world);
    fakes.push(fake);
    const done: string[] = [];
    await discoverAws({
      connection: awsConnection(fake), auditRoleName: world.aws.auditRoleName, concurrency: 1, cloudTrail: true, maxEventsPerKey: 200,
      accountIds: [slow, quick], cloudTrailRequestsPerSecond: 2, now: new Date(world.now), counter: new RequestCounter(), sleep: noSleep,
      onEvent: (e) => void (e.type === "aws-account-done" && done.push(e.accountId)),
    });
    // With one account at a time, the quick one still finished first: the slow one's lookups did not hold the slot.
    expect(done).toEqual([quick, slow]);
  });

  it("scans only its own account when the caller may not list the organization (a member account)", async () => {
    const world = buildScenario("acme");
    const delegated = new Set((world.aws.organization.delegatedAdministrators ?? []).map((d) => d.accountId));
    const member = world.aws.accounts.find((a) => a.status === "ACTIVE" && !a.denyAuditRole && a.id !== world.aws.organization.managementAccountId && !delegated.has(a.id));
    if (!member) throw new Error("scenario has no member account");
    world.aws.callers.AKIAMEMBERAUDITOR000 = {
      accessKeyId: "AKIAMEMBERAUDITOR000",
      secretAccessKey: "member-secret-not-real",
      accountId: member.id,
      arn: `arn:aws:iam::${member.id}:user/auditor`,
      userId: "AIDAMEMBERAUDITOR000",
    };
    const { aws, skipped } = await scan(world, {}, { credentials: { accessKeyId: "AKIAMEMBERAUDITOR000", secretAccessKey: "member-secret-not-real" } });
    expect(aws.accounts).toEqual([expect.objectContaining({ id: member.id, reachable: true })]);
    expect(aws.organizationId).toBe(world.aws.organization.id); // DescribeOrganization works from any member
    expect(aws.scannedFrom).toEqual({ accountId: member.id, kind: "member" });
    expect(skipped).toContainEqual(expect.objectContaining({ target: "organization", code: "AccessDenied", reason: expect.stringContaining(`scanning only account ${member.id}`) }));
    expect(aws.accessKeys.filter((k) => !k.isRoot).map((k) => k.accessKeyId).sort()).toEqual(
      (world.aws.iam[member.id]?.accessKeys ?? []).filter((k) => k.userName !== "<root_account>").map((k) => k.accessKeyId).sort(),
    );
  });

  it("stops with a clear error when the credentials are rejected", async () => {
    const world = buildScenario("acme");
    await expect(scan(world, {}, { credentials: { accessKeyId: "AKIAUNKNOWNCALLER000", secretAccessKey: "nope-not-real" } })).rejects.toMatchObject({
      name: "KeylessError",
      code: "BadAwsCredentials",
    });
  });
});

// A small hand-made World for the AWS fake's tests, the fake started over it for a test file, and SDK
// clients pointed at it. (The full scenario generator lives in src/sandbox/scenario; these tests must not depend on it.)

import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll } from "vitest";
import type { AwsAccount, CloudTrailEvent, IamAccount, World } from "../../../src/sandbox/world.js";
import { startAwsFake, type AwsFake, type AwsFakeOptions } from "../../../src/sandbox/aws/index.js";

export const MGMT = "111111111111";
export const PROD = "222222222222";
export const DEV = "333333333333";
export const DENIED = "444444444444";
export const SUSPENDED = "555555555555";

export const ADMIN_CREDENTIALS = { accessKeyId: "AKIAFAKEADMIN0000001", secretAccessKey: "FAKEsandboxSECRET/admin-key-for-tests" };

const ORG = "o-abc1234567";
const ROOT = "r-ab12";

function account(id: string, name: string, parentId: string, extra: Partial<AwsAccount> = {}): AwsAccount {
  return {
    id, name, parentId,
    arn: `arn:aws:organizations::${MGMT}:account/${ORG}/${id}`,
    email: `aws+${name}@example.com`,
    status: "ACTIVE",
    joinedMethod: id === MGMT ? "CREATED" : "INVITED",
    joinedTimestamp: "2021-03-04T05:06:07.000Z",
    ...extra,
  };
}

function user(accountId: string, userName: string, index: number, extra: Partial<IamAccount["users"][number]> = {}): IamAccount["users"][number] {
  return {
    userName,
    userId: `AIDAFAKE${accountId.slice(0, 3)}${String(index).padStart(10, "0")}`,
    arn: `arn:aws:iam::${accountId}:user/${userName}`,
    path: "/",
    createDate: `2022-01-${String(10 + index).padStart(2, "0")}T08:00:00.000Z`,
    groups: [],
    attachedPolicies: [],
    inlinePolicies: [],
    ...extra,
  };
}

function event(i: number, extra: Partial<CloudTrailEvent>): CloudTrailEvent {
  return {
    eventId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    eventTime: new Date(Date.parse("2026-07-31T00:00:00Z") - i * 3600_000).toISOString(),
    eventName: i % 3 === 0 ? "PutObject" : "DescribeInstances",
    eventSource: i % 3 === 0 ? "s3.amazonaws.com" : "ec2.amazonaws.com",
    accountId: MGMT,
    awsRegion: "us-east-1",
    accessKeyId: "AKIAFAKEALICE0000001",
    userName: "alice",
    sourceIPAddress: "4.148.0.10",
    userAgent: "aws-sdk-js/3.0 configure-aws-credentials-for-github-actions run/1234",
    readOnly: i % 3 !== 0,
    ...extra,
  };
}

export function buildTestWorld(): World {
  const inline = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::deploy-bucket/*" }] });
  const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${MGMT}:oidc-provider/token.actions.githubusercontent.com` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/web:*" } } }],
  });
  const mgmtIam: IamAccount = {
    users: [
      user(MGMT, "admin", 0, { attachedPolicies: [{ arn: "arn:aws:iam::aws:policy/AdministratorAccess", name: "AdministratorAccess" }] }),
      user(MGMT, "alice", 1, {
        groups: ["developers"],
        passwordLastUsed: "2026-07-01T10:00:00.000Z",
        attachedPolicies: [{ arn: "arn:aws:iam::aws:policy/AdministratorAccess", name: "AdministratorAccess" }],
        inlinePolicies: [{ name: "s3-deploy", document: inline }],
        tags: [{ key: "team", value: "web" }],
      }),
      user(MGMT, "bob", 2),
      user(MGMT, "carol", 3),
      user(MGMT, "dave", 4, { path: "/ci/", arn: `arn:aws:iam::${MGMT}:user/ci/dave` }),
      user(MGMT, "erin", 5),
    ],
    groups: [
      {
        groupName: "developers", groupId: "AGPAFAKEDEVELOPERS01", arn: `arn:aws:iam::${MGMT}:group/developers`, path: "/",
        createDate: "2021-05-01T00:00:00.000Z",
        attachedPolicies: [{ arn: "arn:aws:iam::aws:policy/PowerUserAccess", name: "PowerUserAccess" }, { arn: `arn:aws:iam::${MGMT}:policy/deploy-extra`, name: "deploy-extra" }],
        inlinePolicies: [{ name: "logs", document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "*" }] }) }],
      },
    ],
    accessKeys: [
      { accessKeyId: ADMIN_CREDENTIALS.accessKeyId, userName: "admin", status: "Active", createDate: "2025-01-01T00:00:00.000Z", lastUsed: { date: "2026-07-31T00:00:00.000Z", serviceName: "iam", region: "us-east-1" } },
      { accessKeyId: "AKIAFAKEALICE0000001", userName: "alice", status: "Active", createDate: "2023-02-03T04:05:06.000Z", lastUsed: { date: "2026-07-30T12:00:00.000Z", serviceName: "s3", region: "eu-west-1" } },
      { accessKeyId: "AKIAFAKEALICE0000002", userName: "alice", status: "Inactive", createDate: "2024-02-03T04:05:06.000Z" },
      { accessKeyId: "AKIAFAKEBOB000000001", userName: "bob", status: "Active", createDate: "2020-06-07T00:00:00.000Z" },
      { accessKeyId: "AKIAFAKEROOT00000001", userName: "<root_account>", status: "Active", createDate: "2019-01-01T00:00:00.000Z" },
    ],
    roles: [
      {
        roleName: "github-deploy", roleId: "AROAFAKEGITHUBDEPLOY1", arn: `arn:aws:iam::${MGMT}:role/github-deploy`, path: "/",
        createDate: "2025-06-01T00:00:00.000Z", description: "Deploys acme/web", maxSessionDuration: 3600,
        assumeRolePolicyDocument: trust, attachedPolicies: [], inlinePolicies: [],
      },
    ],
    oidcProviders: [
      { arn: `arn:aws:iam::${MGMT}:oidc-provider/token.actions.githubusercontent.com`, url: "token.actions.githubusercontent.com", clientIdList: ["sts.amazonaws.com"], thumbprintList: ["6938fd4d98bab03faadb97b34396831e3780aea1"], createDate: "2024-01-01T00:00:00.000Z" },
    ],
    policies: [
      { arn: `arn:aws:iam::${MGMT}:policy/deploy-extra`, name: "deploy-extra", path: "/", defaultVersionId: "v3", createDate: "2024-03-03T00:00:00.000Z", document: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["ecr:*"], Resource: "*" }] }) },
    ],
  };
  const prodIam: IamAccount = {
    users: [user(PROD, "deployer", 0)],
    groups: [],
    accessKeys: [{ accessKeyId: "AKIAFAKEPRODDEPLOY01", userName: "deployer", status: "Active", createDate: "2022-02-02T00:00:00.000Z" }],
    roles: [],
    oidcProviders: [],
    policies: [],
  };
  const events: CloudTrailEvent[] = [];
  for (let i = 0; i < 23; i++) events.push(event(i, {}));
  for (let i = 23; i < 26; i++) events.push(event(i, { awsRegion: "eu-west-1" }));
  for (let i = 26; i < 29; i++) events.push(event(i, { accessKeyId: "AKIAFAKEBOB000000001", userName: "bob" }));
  events.push(event(29, { accountId: PROD, accessKeyId: "AKIAFAKEPRODDEPLOY01", userName: "deployer" }));
  events.push(event(30, { accessKeyId: "AKIAFAKEALICE0000001", eventTime: "2025-01-01T00:00:00.000Z" })); // older than 90 days

  return {
    now: "2026-08-01T12:00:00.000Z",
    seed: 7,
    aws: {
      organization: { id: ORG, arn: `arn:aws:organizations::${MGMT}:organization/${ORG}`, managementAccountId: MGMT, managementAccountEmail: "aws+mgmt@example.com", featureSet: "ALL" },
      roots: [{ id: ROOT, arn: `arn:aws:organizations::${MGMT}:root/${ORG}/${ROOT}`, name: "Root" }],
      ous: [
        { id: "ou-ab12-prod0001", arn: `arn:aws:organizations::${MGMT}:ou/${ORG}/ou-ab12-prod0001`, name: "Prod", parentId: ROOT },
        { id: "ou-ab12-dev00001", arn: `arn:aws:organizations::${MGMT}:ou/${ORG}/ou-ab12-dev00001`, name: "Dev", parentId: ROOT },
        { id: "ou-ab12-team0001", arn: `arn:aws:organizations::${MGMT}:ou/${ORG}/ou-ab12-team0001`, name: "Team", parentId: "ou-ab12-prod0001" },
      ],
      accounts: [
        account(MGMT, "management", ROOT),
        account(PROD, "prod", "ou-ab12-prod0001"),
        account(DEV, "dev", "ou-ab12-dev00001"),
        account(DENIED, "locked", "ou-ab12-prod0001", { denyAuditRole: true }),
        account(SUSPENDED, "old", ROOT, { status: "SUSPENDED" }),
        account("666666666666", "team-a", "ou-ab12-team0001"),
        account("777777777777", "team-b", "ou-ab12-team0001"),
      ],
      iam: { [MGMT]: mgmtIam, [PROD]: prodIam },
      cloudtrail: events,
      callers: {
        [ADMIN_CREDENTIALS.accessKeyId]: { ...ADMIN_CREDENTIALS, accountId: MGMT, arn: `arn:aws:iam::${MGMT}:user/admin`, userId: "AIDAFAKE1110000000000" },
      },
      auditRoleName: "OrganizationAccountAccessRole",
    },
    github: { tokens: [], orgs: [], repos: [], actionsIpRanges: [], rateLimit: { limit: 5000, graphqlLimit: 5000 } },
    truth: { usages: [], links: [], oidcRepos: [], unreachableAccounts: [DENIED], keysUsedOutsideGithub: [], invalidWorkflows: [] },
  };
}

export interface AwsSandbox {
  /** The test World the fake serves; tests may change it and the fake answers from the change. */
  readonly world: World;
  readonly fake: AwsFake;
}

/**
 * The fake over a fresh test World, shared by the tests of the calling file: started before them
 * (beforeAll) and closed after them (afterAll). Call it at the top level of a test file.
 */
export function useAwsFake(options: AwsFakeOptions = {}): AwsSandbox {
  let started: { world: World; fake: AwsFake } | undefined;
  beforeAll(async () => {
    const world = buildTestWorld();
    started = { world, fake: await startAwsFake(world, options) };
  });
  afterAll(() => started?.fake.close());
  const get = () => {
    if (!started) throw new Error("the AWS fake starts in beforeAll: use it inside a test, not while the file loads");
    return started;
  };
  return {
    get world() {
      return get().world;
    },
    get fake() {
      return get().fake;
    },
  };
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The real SDK clients, unmodified, pointed at the fake. */
export function sdkClients(url: string, credentials: Credentials = ADMIN_CREDENTIALS, options: { region?: string; maxAttempts?: number } = {}) {
  const config = { endpoint: url, region: options.region ?? "us-east-1", credentials, maxAttempts: options.maxAttempts };
  return {
    iam: new IAMClient(config),
    sts: new STSClient(config),
    org: new OrganizationsClient(config),
    trail: new CloudTrailClient(config),
  };
}

/** A hand-signed request (SigV4 via @smithy/signature-v4), for what the SDK would never send. */
export async function signedFetch(
  url: string,
  request: { service: string; body: string; headers?: Record<string, string>; credentials?: Credentials; region?: string; tamper?: (body: string) => string },
): Promise<{ status: number; text: string; headers: Headers }> {
  const { SignatureV4 } = await import("@smithy/signature-v4");
  const { NodeSha256 } = await import("../../../src/sandbox/aws/sigv4.js");
  const target = new URL(url);
  const credentials = request.credentials ?? ADMIN_CREDENTIALS;
  const signer = new SignatureV4({ credentials, region: request.region ?? "us-east-1", service: request.service, sha256: NodeSha256 });
  const signed = await signer.sign({
    method: "POST",
    protocol: "http:",
    hostname: target.hostname,
    port: Number(target.port),
    path: "/",
    query: {},
    headers: { host: target.host, ...request.headers },
    body: request.body,
  });
  const response = await fetch(url + "/", { method: "POST", headers: signed.headers as Record<string, string>, body: request.tamper ? request.tamper(request.body) : request.body });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

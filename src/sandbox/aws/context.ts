// What every operation handler receives: the world, the verified caller, and where the call acts.
// AwsFault is the one error type handlers throw; the server renders it in the service's wire format.

import type { Caller, IamAccount, World } from "../world.js";
import type { IdFactory } from "./ids.js";

export type ServiceName = "iam" | "sts" | "organizations" | "cloudtrail";

/** State the fake keeps beside the World (it is not part of the scenario's data). */
export interface FakeState {
  ids: IdFactory;
  /** Credential reports per account: generation progress and the snapshot taken when done. */
  reports: Map<string, { state: "INPROGRESS" | "COMPLETE"; pendingCalls: number; csv?: string; generatedAt?: string }>;
  pageSize: number;
}

export interface RequestContext {
  world: World;
  state: FakeState;
  caller: Caller;
  service: ServiceName;
  /** The region of the SigV4 credential scope: regional services (CloudTrail) answer for it. */
  region: string;
  action: string;
  requestId: string;
  /** The scenario's clock: world.now, advancing with real time since the fake started. */
  now(): Date;
  /** Where the request came from, for the CloudTrail events STS records. */
  client?: { ip: string; userAgent: string };
}

/** What STS's core needs, over HTTP or in-process (the sandbox's simulated workflow runs). */
export interface StsEnv {
  world: World;
  ids: IdFactory;
  now(): Date;
}

/** Who made an STS call and where, as CloudTrail records it. */
export interface CallOrigin {
  sourceIp: string;
  userAgent: string;
  region: string;
  /** When the call happened; defaults to the env's clock. */
  eventTime?: Date;
}

export class AwsFault extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: "Sender" | "Receiver";
  /** Extra members of the JSON error body (e.g. Organizations' Reason). */
  readonly extra: Record<string, string>;

  constructor(code: string, message: string, status = 400, options?: { type?: "Sender" | "Receiver"; extra?: Record<string, string> }) {
    super(message);
    this.name = "AwsFault";
    this.code = code;
    this.status = status;
    this.type = options?.type ?? "Sender";
    this.extra = options?.extra ?? {};
  }
}

/** The IAM state of the account the call acts in; an account without IAM data starts empty. */
export function iamOf(ctx: RequestContext, accountId = ctx.caller.accountId): IamAccount {
  const existing = ctx.world.aws.iam[accountId];
  if (existing) return existing;
  const created: IamAccount = { users: [], groups: [], accessKeys: [], roles: [], oidcProviders: [], policies: [] };
  ctx.world.aws.iam[accountId] = created;
  return created;
}

/** What kind of principal the caller is, from its ARN. */
export function principalOf(caller: Caller): { kind: "user" | "root" | "assumed-role" | "other"; name?: string; roleName?: string } {
  const user = /^arn:aws:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(caller.arn);
  if (user) return { kind: "user", name: user[1] };
  if (/^arn:aws:iam::\d{12}:root$/.test(caller.arn)) return { kind: "root" };
  const role = /^arn:aws:sts::\d{12}:assumed-role\/([^/]+)\/(.+)$/.exec(caller.arn);
  if (role) return { kind: "assumed-role", roleName: role[1], name: role[2] };
  return { kind: "other" };
}

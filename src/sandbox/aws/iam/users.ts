// IAM users and their access keys: listing, last use, and the two writes keyless needs to retire a
// key (UpdateAccessKey to deactivate, DeleteAccessKey), with IAM's error semantics; and CreateAccessKey,
// so a test can create the key someone makes after the migration (drift).

import type { AccessKey } from "../../world.js";
import { AwsFault, iamOf, type RequestContext } from "../context.js";
import { isoSeconds } from "../format.js";
import type { QueryParams } from "../query-protocol.js";
import { findUser, iamPage, noSuchEntity, pathPrefixFilter, targetUserName, userShape, type IamHandler } from "./common.js";

const ROOT = "<root_account>";

function keysOf(ctx: RequestContext, userName: string): AccessKey[] {
  if (userName !== ROOT) findUser(ctx, userName);
  return iamOf(ctx).accessKeys.filter((k) => k.userName === userName);
}

/** The key named by AccessKeyId, owned by the targeted user; anything else is "cannot be found". */
function ownedKey(ctx: RequestContext, params: QueryParams): AccessKey {
  const id = params.required("AccessKeyId");
  const userName = targetUserName(ctx, params);
  if (userName !== ROOT) findUser(ctx, userName);
  const key = iamOf(ctx).accessKeys.find((k) => k.accessKeyId === id && k.userName === userName);
  if (!key) throw noSuchEntity(`The Access Key with id ${id} cannot be found.`);
  return key;
}

export const USER_HANDLERS: Record<string, IamHandler> = {
  ListUsers(ctx, params) {
    const page = iamPage(ctx, params, pathPrefixFilter(iamOf(ctx).users, params), (u) => u.userName, `ListUsers:${params.get("PathPrefix") ?? "/"}`);
    return { Users: page.items.map(userShape), ...page.fields };
  },
  GetUser(ctx, params) {
    const userName = targetUserName(ctx, params);
    if (userName === ROOT) {
      const id = ctx.caller.accountId;
      return { User: { UserId: id, Arn: `arn:aws:iam::${id}:root`, CreateDate: isoSeconds(ctx.now()) } };
    }
    const user = findUser(ctx, userName);
    const tags = user.tags?.map((t) => ({ Key: t.key, Value: t.value }));
    return { User: { ...userShape(user), Tags: tags && tags.length > 0 ? tags : undefined } };
  },
  ListAccessKeys(ctx, params) {
    const userName = targetUserName(ctx, params);
    const page = iamPage(ctx, params, keysOf(ctx, userName), (k) => k.accessKeyId, `ListAccessKeys:${userName}`);
    return {
      AccessKeyMetadata: page.items.map((k) => ({
        UserName: k.userName === ROOT ? undefined : k.userName,
        AccessKeyId: k.accessKeyId,
        Status: k.status,
        CreateDate: isoSeconds(k.createDate),
      })),
      ...page.fields,
    };
  },
  GetAccessKeyLastUsed(ctx, params) {
    const id = params.required("AccessKeyId");
    const key = iamOf(ctx).accessKeys.find((k) => k.accessKeyId === id);
    if (!key) {
      throw new AwsFault("AccessDenied", `User: ${ctx.caller.arn} is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${id}`, 403);
    }
    // A key never used has no date, and "N/A" for service and region, as IAM answers.
    const lastUsed = key.lastUsed
      ? { LastUsedDate: isoSeconds(key.lastUsed.date), ServiceName: key.lastUsed.serviceName, Region: key.lastUsed.region }
      : { ServiceName: "N/A", Region: "N/A" };
    return { UserName: key.userName === ROOT ? "root" : key.userName, AccessKeyLastUsed: lastUsed };
  },
  // IAM allows two keys per user: a third is LimitExceeded. The secret is in this answer only.
  CreateAccessKey(ctx, params) {
    const userName = targetUserName(ctx, params);
    if (userName === ROOT) throw new AwsFault("AccessDenied", `User: ${ctx.caller.arn} is not authorized to perform: iam:CreateAccessKey on a root user`, 403);
    const user = findUser(ctx, userName);
    const iam = iamOf(ctx);
    if (iam.accessKeys.filter((k) => k.userName === userName).length >= 2) {
      throw new AwsFault("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", 409);
    }
    const key: AccessKey = { accessKeyId: ctx.state.ids.awsId("AKIA", 16), userName, status: "Active", createDate: ctx.now().toISOString() };
    const secretAccessKey = ctx.state.ids.fakeSecret();
    iam.accessKeys.push(key);
    ctx.world.aws.callers[key.accessKeyId] = { accessKeyId: key.accessKeyId, secretAccessKey, accountId: ctx.caller.accountId, arn: user.arn, userId: user.userId };
    return { AccessKey: { UserName: userName, AccessKeyId: key.accessKeyId, Status: key.status, SecretAccessKey: secretAccessKey, CreateDate: isoSeconds(key.createDate) } };
  },
  UpdateAccessKey(ctx, params) {
    const status = params.required("Status");
    if (status !== "Active" && status !== "Inactive") {
      throw new AwsFault("ValidationError", `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`);
    }
    // Setting the status a key already has succeeds: the call is idempotent.
    ownedKey(ctx, params).status = status;
    return undefined;
  },
  DeleteAccessKey(ctx, params) {
    const key = ownedKey(ctx, params);
    const iam = iamOf(ctx);
    iam.accessKeys = iam.accessKeys.filter((k) => k !== key);
    // A deleted key can no longer sign anything.
    delete ctx.world.aws.callers[key.accessKeyId];
    return undefined;
  },
};

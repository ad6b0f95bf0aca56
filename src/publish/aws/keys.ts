// An access key's state in IAM, and the two writes retire makes: its status (Inactive to
// deactivate, Active to undo) and its deletion. A key or user that no longer exists is "missing";
// deleting what is already gone succeeds, so a second run changes nothing.
import { DeleteAccessKeyCommand, GetAccessKeyLastUsedCommand, paginateListAccessKeys, UpdateAccessKeyCommand, type IAMClient } from "@aws-sdk/client-iam";
import { awsReason } from "../../discover/aws/errors.js";
import type { KeyState } from "../../verify/index.js";

export interface KeyRef {
  accessKeyId: string;
  userName: string;
}

export interface KeyReading {
  state: KeyState;
  lastUsed?: { date: string; region?: string; service?: string };
}

const ROOT = "<root_account>";

function isNoSuchEntity(error: unknown): boolean {
  const e = error as { name?: string; Code?: string };
  return e?.name === "NoSuchEntityException" || e?.name === "NoSuchEntity" || e?.Code === "NoSuchEntity";
}

function reasonOf(error: unknown): string {
  const { code, reason } = awsReason(error);
  return `${code}: ${reason}`;
}

export async function readKey(iam: IAMClient, key: KeyRef): Promise<KeyReading> {
  // IAM acts on a root key only with the root user's own credentials, never through a role.
  if (key.userName === ROOT) return { state: { status: "unknown", error: "a root access key cannot be read through a role" } };
  let status: "Active" | "Inactive" | undefined;
  try {
    for await (const page of paginateListAccessKeys({ client: iam }, { UserName: key.userName })) {
      const found = page.AccessKeyMetadata?.find((k) => k.AccessKeyId === key.accessKeyId);
      if (found) status = found.Status === "Inactive" ? "Inactive" : "Active";
    }
  } catch (error) {
    if (isNoSuchEntity(error)) return { state: { status: "missing" } };
    return { state: { status: "unknown", error: reasonOf(error) } };
  }
  if (!status) return { state: { status: "missing" } };
  try {
    const out = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.accessKeyId }));
    const used = out.AccessKeyLastUsed;
    const lastUsed = used?.LastUsedDate
      ? { date: used.LastUsedDate.toISOString(), ...(used.Region && used.Region !== "N/A" ? { region: used.Region } : {}), ...(used.ServiceName && used.ServiceName !== "N/A" ? { service: used.ServiceName } : {}) }
      : undefined;
    return { state: { status }, ...(lastUsed ? { lastUsed } : {}) };
  } catch (error) {
    return { state: { status: "unknown", error: reasonOf(error) } };
  }
}

/**
 * A write whose answer never came (dropped connection, timeout) may have been applied. Before the
 * SDK sends it again, IAM is read: when the key is already as the write would leave it, the write
 * counts as done and is not sent twice (one deactivation, one deletion, in IAM and in CloudTrail).
 * Placed inside the SDK's retry loop, so it runs before each retry.
 */
function readBeforeRetry<C extends { middlewareStack: { addRelativeTo(m: unknown, o: unknown): void } }>(command: C, iam: IAMClient, key: KeyRef, done: (state: KeyReading["state"]) => boolean): C {
  command.middlewareStack.addRelativeTo(
    (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
      try {
        return await next(args);
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== undefined) throw error;
        const { state } = await readKey(iam, key);
        if (done(state)) return { output: { $metadata: {} }, response: {} };
        throw error;
      }
    },
    { relation: "after", toMiddleware: "retryMiddleware", name: "keylessReadBeforeRetry" },
  );
  return command;
}

export async function setKeyStatus(iam: IAMClient, key: KeyRef, status: "Active" | "Inactive"): Promise<void> {
  const command = new UpdateAccessKeyCommand({ UserName: key.userName, AccessKeyId: key.accessKeyId, Status: status });
  await iam.send(readBeforeRetry(command, iam, key, (state) => state.status === status));
}

export async function deleteKey(iam: IAMClient, key: KeyRef): Promise<"deleted" | "already-gone"> {
  try {
    const command = new DeleteAccessKeyCommand({ UserName: key.userName, AccessKeyId: key.accessKeyId });
    await iam.send(readBeforeRetry(command, iam, key, (state) => state.status === "missing"));
    return "deleted";
  } catch (error) {
    if (isNoSuchEntity(error)) return "already-gone";
    throw error;
  }
}

export { reasonOf as awsErrorText };

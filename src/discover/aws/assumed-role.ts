// Credentials for the audit role in a member account, as a provider the SDK calls again when they
// near expiry: AssumeRole sessions last an hour (role chaining allows no more), and reading a large
// account — CloudTrail at two requests per second — can take longer than that.
import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";

/** Re-assume when less than this is left. The SDK asks again when under 5 minutes remain. */
const REFRESH_MARGIN_MS = 10 * 60_000;

export interface AssumedRoleOptions {
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  now?: () => number;
}

/**
 * The provider, marked as memoized so the SDK asks it before every request (it caches by itself),
 * and able to drop a session that AWS refused as expired before its time (a session revoked, clocks
 * apart): `generation` tells a caller whether the session it used is still the current one.
 */
export interface RenewableCredentials extends AwsCredentialIdentityProvider {
  memoized: true;
  generation(): number;
  /** Forgets the session of `generation` (a later one, already renewed, is kept). */
  invalidate(generation: number): void;
}

export function isRenewable(provider: unknown): provider is RenewableCredentials {
  return typeof provider === "function" && typeof (provider as Partial<RenewableCredentials>).invalidate === "function";
}

export function assumedRole(sts: Pick<STSClient, "send">, options: AssumedRoleOptions): RenewableCredentials {
  const now = options.now ?? Date.now;
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  let generation = 0;

  const assume = async (): Promise<AwsCredentialIdentity> => {
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({ RoleArn: options.roleArn, RoleSessionName: options.sessionName, DurationSeconds: options.durationSeconds }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error(`AssumeRole ${options.roleArn} returned no credentials`);
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      expiration: Credentials.Expiration,
    };
  };

  const fresh = (c: AwsCredentialIdentity) => !c.expiration || c.expiration.getTime() - now() > REFRESH_MARGIN_MS;

  const provider = async () => {
    if (current && fresh(current)) return current;
    // Clients of one account share this provider: concurrent callers wait for one AssumeRole.
    pending ??= assume()
      .then((c) => {
        generation++;
        return c;
      })
      .finally(() => {
        pending = undefined;
      });
    current = await pending;
    return current;
  };
  return Object.assign(provider, {
    memoized: true as const,
    generation: () => generation,
    invalidate(of: number) {
      if (of === generation) current = undefined;
    },
  });
}

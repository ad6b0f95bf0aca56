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

export function assumedRole(sts: Pick<STSClient, "send">, options: AssumedRoleOptions): AwsCredentialIdentityProvider {
  const now = options.now ?? Date.now;
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;

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

  return async () => {
    if (current && fresh(current)) return current;
    // Clients of one account share this provider: concurrent callers wait for one AssumeRole.
    pending ??= assume().finally(() => {
      pending = undefined;
    });
    current = await pending;
    return current;
  };
}

// Where the shells get their AWS and GitHub settings: flags first, then the standard environment
// (AWS default chain, AWS_ENDPOINT_URL, GITHUB_TOKEN/GH_TOKEN, GITHUB_API_URL).
import { KeylessError } from "../core/errors.js";
import type { AwsConnection } from "../discover/aws/clients.js";
import type { GithubConnection } from "../discover/github/client.js";
import { appCredentials } from "./app-credentials.js";

export type Env = Record<string, string | undefined>;

/**
 * `endpoint` is set only for the embedded sandbox: otherwise the SDK reads AWS_ENDPOINT_URL and
 * AWS_ENDPOINT_URL_<SERVICE> (and the profile's endpoint settings) itself, which an explicit
 * endpoint would override.
 */
export function awsConnection(options: { profile?: string; region?: string; endpoint?: string }, env: Env): AwsConnection {
  const explicit =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY && !options.profile
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN }
      : undefined;
  return {
    region: options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1",
    profile: options.profile ?? env.AWS_PROFILE,
    endpoint: options.endpoint,
    credentials: explicit,
    maxAttempts: 6,
  };
}

/**
 * `org`: the organization whose GitHub App installation to use, when an App is configured (the
 * first of "a,b"); a request about another organization's repo uses that one's (byOwner).
 */
export function githubConnection(env: Env, org?: string): GithubConnection {
  const scale = Number(env.KEYLESS_SANDBOX_TIME_SCALE);
  const timeScale = Number.isFinite(scale) && scale > 1 ? { timeScale: scale } : {};
  // A GitHub App, when one is configured, rather than a token that may also be in the environment.
  const found = appCredentials(env, org?.split(",")[0]?.trim() || undefined);
  const app = found && !found.installationId ? { ...found, byOwner: true } : found;
  if (app) return { app, apiUrl: env.GITHUB_API_URL ?? "https://api.github.com", maxRetries: 4, ...timeScale };
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!token) {
    throw new KeylessError(
      "NoGithubToken",
      "No GitHub token: set GITHUB_TOKEN or GH_TOKEN.",
      "Create a token with repo, workflow and read:org scopes (classic) or Contents, Actions, Secrets, Variables: read (fine-grained), or use a GitHub App (--app-id, --app-private-key), or --sandbox, or --no-github to scan AWS only.",
    );
  }
  // A sandbox on a scaled clock (`keyless sandbox --time-scale N`) says so, so that pacing scales too.
  return { token, apiUrl: env.GITHUB_API_URL ?? "https://api.github.com", maxRetries: 4, ...timeScale };
}

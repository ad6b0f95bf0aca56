// GitHub App authentication for the Octokit clients: @octokit/auth-app signs the app's JWT and
// mints installation tokens; this strategy first finds the installation (given, the
// organization's, or the app's only one) and renews a token before it expires, by its
// expires_at, on the connection's clock (auth-app's own cache keeps a token 59 minutes of real
// time, which a sandbox on a faster clock outlives), and once more if GitHub answers 401 anyway.
// The private key and the tokens stay in memory: never printed, logged or stored.

import { inspect } from "node:util";
import { createAppAuth } from "@octokit/auth-app";
import { KeylessError } from "../../core/errors.js";

/** Text kept out of logs, JSON and util.inspect (a private key). */
export class SecretText {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return "[redacted]";
  }
  toJSON(): string {
    return "[redacted]";
  }
  [inspect.custom](): string {
    return "[redacted]";
  }
}

export interface GithubAppCredentials {
  /** The app's id (or client id), as GitHub shows it on the app's settings page. */
  appId: string;
  /** The app's private key, a PKCS#8 PEM. */
  privateKey: SecretText;
  installationId?: number;
  /** The organization whose installation to use (GET /orgs/{org}/installation). */
  org?: string;
  /**
   * Several organizations in one run: a request to /repos/{owner}/... or /orgs/{org}/... uses that
   * owner's installation (an installation token reaches only its own organization); other
   * requests, and owners without the app, use `org`'s. Ignored when installationId is given.
   */
  byOwner?: boolean;
}

/** An installation's token as auth-app hands it out; `permissions` are the installation's. */
export interface InstallationAuthentication {
  type: "token";
  tokenType: "installation";
  token: string;
  expiresAt: string;
  permissions: Record<string, string>;
}

type RequestFn = ((route: string, parameters?: Record<string, unknown>) => Promise<{ data: unknown }>) & {
  endpoint: { merge(route: unknown, parameters?: unknown): { url: string; headers: Record<string, string> }; parse(options: unknown): { url: string } };
};
type AuthFn = ReturnType<typeof createAppAuth>;

const APP_PATH = /^\/(app(\/|$)|orgs\/[^/]+\/installation$|users\/[^/]+\/installation$|repos\/[^/]+\/[^/]+\/installation$)/;

function pathOf(url: string | undefined): string {
  if (!url) return "";
  try {
    return new URL(url, "http://relative.invalid").pathname.replace(/^\/api\/v3(?=\/)/, "");
  } catch {
    return url;
  }
}

function isAppPath(url: string | undefined): boolean {
  return APP_PATH.test(pathOf(url));
}

/** The account a request is about: /repos/{owner}/... or /orgs/{org}/... */
function ownerOf(url: string | undefined): string | undefined {
  const found = /^\/(?:repos|orgs)\/([^/]+)/.exec(pathOf(url))?.[1];
  if (!found) return undefined;
  try {
    return decodeURIComponent(found);
  } catch {
    return found;
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" ? status : undefined;
}

function githubMessage(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } }).response?.data;
  return typeof data?.message === "string" ? data.message.slice(0, 200) : `HTTP ${statusOf(error) ?? "error"}`;
}

/** The keyless error for a failure on an app endpoint; other errors unchanged. */
export function appError(error: unknown, app: GithubAppCredentials): unknown {
  if (error instanceof KeylessError) return error;
  const status = statusOf(error);
  const url = (error as { request?: { url?: string } }).request?.url;
  if (status === 401 && isAppPath(url)) {
    return new KeylessError(
      "GithubAppJwtRejected",
      `GitHub rejected the JWT of GitHub App ${app.appId} (401: ${githubMessage(error)}).`,
      "Check --app-id (GITHUB_APP_ID) and that --app-private-key (GITHUB_APP_PRIVATE_KEY) is a current private key of that app (the app's settings, Private keys), and that this machine's clock is right.",
      { cause: error },
    );
  }
  if (status === 404 && /\/access_tokens$/.test(pathOf(url))) {
    return new KeylessError(
      "GithubAppInstallationNotFound",
      `GitHub App ${app.appId} has no installation ${app.installationId ?? ""} (404).`,
      "Check --app-installation-id (GITHUB_APP_INSTALLATION_ID), or leave it out and pass --org to use the organization's installation.",
      { cause: error },
    );
  }
  if (status === 422 && /\/access_tokens$/.test(pathOf(url))) {
    return new KeylessError("GithubAppTokenRefused", `GitHub refused an installation token for GitHub App ${app.appId} (422: ${githubMessage(error)}).`, "Check the installation's permissions in the organization's settings.", { cause: error });
  }
  return error;
}

async function findInstallationId(app: GithubAppCredentials, request: RequestFn): Promise<number> {
  if (app.installationId) return app.installationId;
  try {
    if (app.org) {
      const response = await request("GET /orgs/{org}/installation", { org: app.org });
      return (response.data as { id: number }).id;
    }
    const response = await request("GET /app/installations", { per_page: 100 });
    const installations = response.data as Array<{ id: number; account?: { login?: string } | null }>;
    if (installations.length === 1) return (installations[0] as { id: number }).id;
    throw new KeylessError(
      "GithubAppInstallationAmbiguous",
      `GitHub App ${app.appId} has ${installations.length} installations (${installations.map((i) => i.account?.login ?? String(i.id)).join(", ") || "none"}); which one?`,
      "Pass --org, or --app-installation-id (GITHUB_APP_INSTALLATION_ID).",
    );
  } catch (error) {
    if (statusOf(error) === 404 && app.org) {
      throw new KeylessError(
        "GithubAppNotInstalled",
        `GitHub App ${app.appId} is not installed on the organization ${app.org} (GET /orgs/${app.org}/installation: 404).`,
        `Install the app on ${app.org} (its public page, Install; or the organization's settings, GitHub Apps) with access to all repositories, then run again.`,
        { cause: error },
      );
    }
    throw appError(error, app);
  }
}

/**
 * A cache for auth-app that forgets a token `marginMs` before its expires_at, so the next request
 * gets a new one. auth-app stores "token|createdAt|expiresAt|...".
 */
export function expiringTokenCache(marginMs: number, now: () => number = Date.now): { get(key: string): string; set(key: string, value: string): void } {
  const entries = new Map<string, string>();
  return {
    get(key) {
      // "" is auth-app's "not cached" (it tests the value for falsiness).
      const value = entries.get(key);
      if (value === undefined) return "";
      const expiresAt = Date.parse(value.split("|")[2] ?? "");
      if (!Number.isFinite(expiresAt) || now() >= expiresAt - marginMs) {
        entries.delete(key);
        return "";
      }
      return value;
    },
    set(key, value) {
      entries.set(key, value);
    },
  };
}

export interface AppAuthOptions {
  app: GithubAppCredentials;
  /** The sandbox's time scale: a token is renewed a minute of its clock before it expires. */
  timeScale?: number;
  /** Given by Octokit: its request, with every plugin (so token requests are paced and counted too). */
  request?: RequestFn;
}

/** An Octokit `authStrategy`: `new KeylessOctokit({ authStrategy: keylessAppAuth, auth: { app, timeScale } })`. */
export function keylessAppAuth(options: AppAuthOptions) {
  const { app } = options;
  const request = options.request as RequestFn;
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const base = {
    appId: app.appId,
    privateKey: app.privateKey.reveal(),
    request: request as never,
    log: quiet,
    cache: expiringTokenCache(60_000 / (options.timeScale ?? 1)),
  };
  const appAuth = createAppAuth(base);
  // One auth per installation, by the organization it was looked up for ("" the default one).
  const installations = new Map<string, Promise<AuthFn>>();
  const lookUp = (org: string | undefined): Promise<AuthFn> => {
    const key = org?.toLowerCase() ?? "";
    let found = installations.get(key);
    if (!found) {
      found = findInstallationId(org === undefined ? app : { ...app, org }, request).then((installationId) => createAppAuth({ ...base, installationId }));
      installations.set(key, found);
    }
    return found;
  };
  const installationAuth = (url?: string): Promise<AuthFn> => {
    const owner = app.byOwner && !app.installationId ? ownerOf(url) : undefined;
    if (owner === undefined || owner.toLowerCase() === app.org?.toLowerCase()) return lookUp(app.org);
    // An owner without the app (a public repo elsewhere): the default installation, as before.
    return lookUp(owner).catch((error: unknown) => {
      if (error instanceof KeylessError && error.code === "GithubAppNotInstalled") return lookUp(app.org);
      throw error;
    });
  };

  const auth = async (authOptions: { type?: string; refresh?: boolean } = {}) => {
    try {
      if (authOptions.type === "app") return await appAuth({ type: "app" });
      return (await (await installationAuth())({ type: "installation", ...(authOptions.refresh ? { refresh: true } : {}) })) as unknown as InstallationAuthentication;
    } catch (error) {
      throw appError(error, app);
    }
  };

  const hook = async (inner: RequestFn, route: unknown, parameters?: Record<string, unknown>): Promise<unknown> => {
    const endpoint = inner.endpoint.merge(route, parameters);
    try {
      if (isAppPath(endpoint.url)) return await appAuth.hook(inner as never, route as never, parameters as never);
      // merge leaves "{owner}" in the url; parse fills it in.
      const installed = await installationAuth(app.byOwner ? inner.endpoint.parse(endpoint).url : undefined);
      try {
        return await installed.hook(inner as never, route as never, parameters as never);
      } catch (error) {
        // 401 on an installation token: it expired in flight (or was revoked). One new token, one retry.
        if (statusOf(error) !== 401) throw error;
        const fresh = (await installed({ type: "installation", refresh: true })) as unknown as InstallationAuthentication;
        endpoint.headers["authorization"] = `token ${fresh.token}`;
        return await (inner as unknown as (options: unknown) => Promise<unknown>)(endpoint);
      }
    } catch (error) {
      throw appError(error, app);
    }
  };

  return Object.assign(auth, { hook });
}

// GitHub App credentials from the flags (--app-id, --app-private-key, --app-installation-id) or
// the environment (GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY as a path or the PEM itself,
// GITHUB_APP_INSTALLATION_ID). The key is checked here, before any request, and then only held
// in memory (SecretText): its text is never printed, not even in an error.
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { KeylessError } from "../core/errors.js";
import { SecretText, type GithubAppCredentials } from "../discover/github/app-auth.js";
import type { Io } from "./io.js";

export type Env = Record<string, string | undefined>;

export interface AppFlags {
  appId?: string;
  appPrivateKey?: string;
  appInstallationId?: string;
}

/** The App flags, on every command that talks to GitHub. */
export function addAppOptions(command: Command): Command {
  return command
    .option("--app-id <id>", "authenticate as this GitHub App (also GITHUB_APP_ID) instead of a token")
    .option("--app-private-key <path>", "the GitHub App's private key file, .pem (also GITHUB_APP_PRIVATE_KEY: a path or the PEM itself)")
    .option("--app-installation-id <id>", "the App's installation to use (default: the organization's, GET /orgs/{org}/installation)");
}

/** The Io a command runs with: its environment with the App flags as GITHUB_APP_* (flags win). */
export function withAppFlags(io: Io, flags: AppFlags): Io {
  if (!flags.appId && !flags.appPrivateKey && !flags.appInstallationId) return io;
  return {
    ...io,
    env: {
      ...io.env,
      ...(flags.appId ? { GITHUB_APP_ID: flags.appId } : {}),
      ...(flags.appPrivateKey ? { GITHUB_APP_PRIVATE_KEY: flags.appPrivateKey } : {}),
      ...(flags.appInstallationId ? { GITHUB_APP_INSTALLATION_ID: flags.appInstallationId } : {}),
    },
  };
}

const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

function readKeyText(value: string): { text: string; source: string } {
  // The PEM itself (in one line, its line breaks may be written \n, as in a .env file).
  if (PEM.test(value)) return { text: value.replace(/\\n/g, "\n"), source: "GITHUB_APP_PRIVATE_KEY" };
  try {
    return { text: readFileSync(value, "utf8"), source: value };
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    const why = errno === "ENOENT" ? "no such file" : errno === "EISDIR" ? "it is a folder" : errno === "EACCES" ? "permission denied" : (errno ?? "unreadable");
    throw new KeylessError(
      "GithubAppKeyUnreadable",
      `Cannot read the GitHub App private key ${value}: ${why}.`,
      "Pass --app-private-key (or GITHUB_APP_PRIVATE_KEY) the path of the .pem file downloaded from the app's settings (Private keys), or the PEM text itself.",
    );
  }
}

/** The private key as PKCS#8 PEM (GitHub downloads PKCS#1; both are read). */
function privateKeyOf(value: string): SecretText {
  const { text, source } = readKeyText(value);
  const invalid = () =>
    new KeylessError(
      "GithubAppKeyInvalid",
      `The GitHub App private key (${source}) is not an RSA private key in PEM form.`,
      "Use the .pem file GitHub generated for the app (it begins with -----BEGIN RSA PRIVATE KEY-----); generate a new one in the app's settings if it was lost.",
    );
  if (!PEM.test(text)) throw invalid();
  try {
    const key = createPrivateKey(text);
    if (key.asymmetricKeyType !== "rsa") throw invalid();
    return new SecretText(key.export({ type: "pkcs8", format: "pem" }).toString());
  } catch (error) {
    if (error instanceof KeylessError) throw error;
    throw invalid();
  }
}

/** The App credentials in `env`, or undefined when no App is configured. */
export function appCredentials(env: Env, org?: string): GithubAppCredentials | undefined {
  const appId = env.GITHUB_APP_ID?.trim();
  const key = env.GITHUB_APP_PRIVATE_KEY;
  if (!appId && !key) return undefined;
  if (!appId || !key) {
    throw new KeylessError(
      "GithubAppIncomplete",
      `A GitHub App needs both its id and its private key; only the ${appId ? "id" : "private key"} was given.`,
      "Pass --app-id and --app-private-key (or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY).",
    );
  }
  if (!/^(\d+|Iv[0-9A-Za-z.]+)$/.test(appId)) {
    throw new KeylessError("GithubAppIdInvalid", `'${appId.slice(0, 40)}' is not a GitHub App id.`, "Pass the App ID (a number) or Client ID shown on the app's settings page.");
  }
  const installation = env.GITHUB_APP_INSTALLATION_ID?.trim();
  if (installation && !/^[1-9]\d*$/.test(installation)) {
    throw new KeylessError("GithubAppInstallationInvalid", `'${installation.slice(0, 40)}' is not an installation id.`, "Pass the number at the end of the installation's settings URL, or leave --app-installation-id out.");
  }
  return { appId, privateKey: privateKeyOf(key), ...(installation ? { installationId: Number(installation) } : {}), ...(org ? { org } : {}) };
}

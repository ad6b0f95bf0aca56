// The environment the audit sees: the runner's, without the action's inputs, with exactly one GitHub
// credential — the token (GITHUB_TOKEN), or the App's id and key file (GITHUB_APP_ID,
// GITHUB_APP_PRIVATE_KEY, which the CLI reads). A key given as text goes to a 0600 file in a fresh
// 0700 folder under RUNNER_TEMP, removed by cleanup (and by the runner's own cleanup of RUNNER_TEMP).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { GithubAuth } from "./inputs.js";

type Env = Record<string, string | undefined>;

export interface AuditCredentials {
  env: Env;
  /** The key file written for this run, if any. */
  keyFile?: string;
  /** Removes the key file; safe to call more than once. */
  cleanup(): void;
}

const GITHUB_CREDENTIALS = ["GITHUB_TOKEN", "GH_TOKEN", "GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY"];

export function auditCredentials(env: Env, auth: GithubAuth, tempRoot: string): AuditCredentials {
  const base: Env = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith("INPUT_") && !GITHUB_CREDENTIALS.includes(k)));
  if (auth.kind === "token") return { env: { ...base, GITHUB_TOKEN: auth.token }, cleanup: () => {} };
  if ("path" in auth.privateKey) {
    const keyPath = resolve(env.GITHUB_WORKSPACE || process.cwd(), auth.privateKey.path);
    return { env: { ...base, GITHUB_APP_ID: auth.appId, GITHUB_APP_PRIVATE_KEY: keyPath }, cleanup: () => {} };
  }
  // mkdtemp creates the folder 0700; the file is created 0600 and never existed before (wx).
  const dir = mkdtempSync(join(tempRoot, "keyless-app-"));
  const keyFile = join(dir, "app-private-key.pem");
  try {
    writeFileSync(keyFile, auth.privateKey.text, { mode: 0o600, flag: "wx" });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    env: { ...base, GITHUB_APP_ID: auth.appId, GITHUB_APP_PRIVATE_KEY: keyFile },
    keyFile,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

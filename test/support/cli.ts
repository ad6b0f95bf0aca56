// Runs the built `keyless` binary as a user would, with a clean environment.
import { execFile } from "node:child_process";
import { mkdtemp, realpath } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const BIN = resolve(import.meta.dirname, "../../dist/keyless.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A minimal environment: nothing from the developer's shell leaks into the test (no real credentials). */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: join(tmpdir(), "keyless-test-home"),
    AWS_CONFIG_FILE: "/nonexistent/aws-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
    // Never let the SDK's credential chain reach for the instance metadata service.
    AWS_EC2_METADATA_DISABLED: "true",
    KEYLESS_NOW: "2026-11-20T12:00:00Z",
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export function runCli(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [BIN, ...args], { env: cleanEnv(options.env), cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** A fresh folder, by its real path: keyless refuses to write through links, and macOS's /tmp is one. */
export async function tempDir(prefix = "keyless-"): Promise<string> {
  return realpath(await mkdtemp(join(tmpdir(), prefix)));
}

// Helpers for the end-to-end tests of verify and retire on the sandbox: the commands (pr, verify,
// retire) run in-process through commander, at the sandbox's time, against its fakes.
import { Writable } from "node:stream";
import { Command } from "commander";
import type { Io } from "../../../src/cli/io.js";
import { registerPrCommand } from "../../../src/cli/commands/pr.js";
import { registerRetireCommand } from "../../../src/cli/commands/retire.js";
import { registerVerifyCommand } from "../../../src/cli/commands/verify.js";
import type { GithubClient } from "../../../src/discover/github/client.js";
import { RequestCounter } from "../../../src/discover/request-counter.js";
import { unpacedClient } from "../../../src/publish/github/index.js";
import type { Sandbox } from "../../../src/sandbox/index.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `keyless <args>` (pr, verify or retire) in-process against the sandbox, at the sandbox's time. */
export async function keyless(sandbox: Sandbox, cwd: string, args: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (append(String(chunk)), done()) });
  const io: Io = {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    env: { ...sandbox.env },
    cwd,
    now: () => new Date(sandbox.world.now),
    waitForInterrupt: () => Promise.resolve(),
  };
  const result = { code: 0 };
  const program = new Command("keyless").exitOverride().configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  // The sandbox has no rate limits: pr's writes need not be spaced a second apart.
  registerPrCommand(program, io, result, { client: unpacedClient });
  registerVerifyCommand(program, io, result);
  registerRetireCommand(program, io, result);
  await program.parseAsync(["node", "keyless", ...args]);
  return { code: result.code, stdout, stderr };
}

export function sandboxGithub(sandbox: Sandbox): GithubClient {
  return unpacedClient({ token: sandbox.env.GITHUB_TOKEN ?? "", apiUrl: sandbox.env.GITHUB_API_URL ?? "", maxRetries: 0 }, new RequestCounter());
}

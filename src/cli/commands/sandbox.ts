// `keyless sandbox`: serves the sandbox until interrupted and prints the environment to use it.
import { startSandbox } from "../../sandbox/index.js";
import type { Io } from "../io.js";

export interface SandboxCommandOptions {
  only?: "aws" | "github";
  scenario: string;
  seed?: number;
  accounts?: number;
  repos?: number;
  awsPort?: number;
  githubPort?: number;
  latency?: number;
}

export async function runSandbox(options: SandboxCommandOptions, io: Io): Promise<number> {
  const sandbox = await startSandbox({
    scenario: options.scenario,
    seed: options.seed,
    accounts: options.accounts,
    repos: options.repos,
    only: options.only,
    port: { aws: options.awsPort, github: options.githubPort },
    latencyMs: options.latency,
  });
  io.stdout.write(`# keyless sandbox: scenario ${options.scenario}; paste these lines into a shell to point tools at it.\n`);
  for (const [name, value] of Object.entries(sandbox.env)) io.stdout.write(`export ${name}=${value}\n`);
  io.stderr.write("# serving on 127.0.0.1 until interrupted (Ctrl-C)\n");
  await io.waitForInterrupt();
  await sandbox.close();
  return 0;
}

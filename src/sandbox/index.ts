// The embedded sandbox: a scenario world served by the AWS and GitHub fakes on 127.0.0.1, and
// the environment that points any tool (keyless, the AWS CLI, gh) at it.
import { KeylessError } from "../core/errors.js";
import { startAwsFake, type AwsFake } from "./aws/index.js";
import { startGithubFake, type GithubFake } from "./github/index.js";
import { buildScenario, SANDBOX_AWS_CREDENTIALS, SANDBOX_GITHUB_TOKEN } from "./scenario/index.js";
import type { World } from "./world.js";

export interface SandboxOptions {
  scenario?: string;
  seed?: number;
  accounts?: number;
  repos?: number;
  only?: "aws" | "github";
  port?: { aws?: number; github?: number };
  latencyMs?: number;
  /** Largest page the fakes return (small by default so pagination bugs show; real-sized in the bench). */
  pageSize?: { aws?: number; github?: number };
  faults?: { throttleRate?: number; secondaryRateLimitRate?: number; seed?: number };
  /** A prepared world instead of a generated scenario (tests). */
  world?: World;
}

export interface Sandbox {
  world: World;
  aws?: AwsFake;
  github?: GithubFake;
  /** Environment variables that point tools at the sandbox. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const world = options.world ?? buildScenario(options.scenario ?? "acme", { seed: options.seed, accounts: options.accounts, repos: options.repos });
  const env: Record<string, string> = {};
  let aws: AwsFake | undefined;
  let github: GithubFake | undefined;
  try {
    if (options.only !== "github") {
      aws = await startAwsFake(world, {
        port: options.port?.aws,
        latencyMs: options.latencyMs,
        pageSize: options.pageSize?.aws,
        faults: { throttleRate: options.faults?.throttleRate, seed: options.faults?.seed },
      });
      Object.assign(env, {
        AWS_ENDPOINT_URL: aws.url,
        AWS_ACCESS_KEY_ID: SANDBOX_AWS_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: SANDBOX_AWS_CREDENTIALS.secretAccessKey,
        AWS_REGION: "us-east-1",
      });
    }
    if (options.only !== "aws") {
      github = await startGithubFake(world, {
        port: options.port?.github,
        latencyMs: options.latencyMs,
        maxPerPage: options.pageSize?.github,
        faults: { secondaryRateLimitRate: options.faults?.secondaryRateLimitRate, seed: options.faults?.seed },
      });
      Object.assign(env, { GITHUB_API_URL: github.url, GITHUB_TOKEN: SANDBOX_GITHUB_TOKEN });
    }
  } catch (error) {
    await Promise.all([aws?.close(), github?.close()]);
    throw new KeylessError("SandboxFailed", `The sandbox could not start: ${(error as Error).message}`, "Check that the ports are free (or use port 0) and run again.", { cause: error });
  }
  return {
    world,
    aws,
    github,
    env,
    async close() {
      await Promise.all([aws?.close(), github?.close()]);
    },
  };
}

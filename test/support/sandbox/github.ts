// Test helpers: a fake over a fresh test World and Octokit clients pointed at it.

import { Octokit } from "@octokit/rest";
import type { World } from "../../../src/sandbox/world.js";
import { startGithubFake, type GithubFake, type GithubFakeOptions } from "../../../src/sandbox/github/server.js";
import { testWorld, TOKENS } from "./github-world.js";

export const quietLog = { debug() {}, info() {}, warn() {}, error() {} };

export interface Harness {
  world: World;
  fake: GithubFake;
  client(token?: string): Octokit;
}

export async function startHarness(options: GithubFakeOptions = {}, world: World = testWorld()): Promise<Harness> {
  const fake = await startGithubFake(world, options);
  return {
    world,
    fake,
    client: (token: string = TOKENS.admin) => new Octokit({ baseUrl: fake.url, auth: token, log: quietLog }),
  };
}

/** The HTTP status of a failed Octokit call (or 0 when it did not fail). */
export async function statusOf(promise: Promise<unknown>): Promise<{ status: number; message: string; headers: Record<string, string> }> {
  try {
    await promise;
    return { status: 0, message: "", headers: {} };
  } catch (error) {
    const e = error as { status?: number; message?: string; response?: { headers?: Record<string, string> } };
    return { status: e.status ?? -1, message: e.message ?? "", headers: e.response?.headers ?? {} };
  }
}

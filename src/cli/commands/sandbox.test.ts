// `keyless sandbox --limits/--time-scale` as a user runs them: the built binary in its own process,
// read through the real Octokit and AWS SDK.
import { LookupEventsCommand, CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { Octokit } from "@octokit/rest";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../test/support/cli.js";
import { startSandboxProcess } from "../../../test/support/sandbox-process.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function clients(env: Record<string, string>) {
  return {
    gh: (token = env.GITHUB_TOKEN) => new Octokit({ baseUrl: env.GITHUB_API_URL, auth: token, log: quiet }),
    trail: new CloudTrailClient({ endpoint: env.AWS_ENDPOINT_URL, region: "us-east-1", maxAttempts: 1, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! } }),
  };
}

describe("keyless sandbox rate limits", () => {
  it("plays every limit by default: GitHub's by token kind, AWS's throttling", async () => {
    const sandbox = await startSandboxProcess();
    try {
      const { gh, trail } = clients(sandbox.env);
      const me = await gh().users.getAuthenticated();
      expect(me.headers["x-ratelimit-limit"]).toBe("5000");
      expect(Number(me.headers["x-ratelimit-reset"]) - Date.now() / 1000).toBeGreaterThan(3500);
      // The installation token the sandbox prints has the installation's limit (large enough organization: the ceiling).
      const token = /GITHUB_TOKEN=(ghs_\S+)/.exec(sandbox.stdout)?.[1];
      expect(token).toBeDefined();
      const app = await gh(token).repos.listForOrg({ org: "acme" });
      expect(Number(app.headers["x-ratelimit-limit"])).toBeGreaterThan(5000);
      // AWS throttling is on: LookupEvents allows 2 a second per account and Region.
      const answers = await Promise.all(Array.from({ length: 12 }, () => trail.send(new LookupEventsCommand({})).then(() => "ok", (e: Error) => e.name)));
      expect(answers).toContain("ThrottlingException");
    } finally {
      expect(await sandbox.stop()).toBe(0);
    }
  });

  it("--time-scale 60 makes the hour's reset a minute away", async () => {
    const sandbox = await startSandboxProcess(["--time-scale", "60", "--only", "github"]);
    try {
      const me = await clients(sandbox.env).gh().users.getAuthenticated();
      const wait = Number(me.headers["x-ratelimit-reset"]) - Date.now() / 1000;
      expect(wait).toBeGreaterThan(55);
      expect(wait).toBeLessThanOrEqual(61);
    } finally {
      await sandbox.stop();
    }
  });

  it("--limits none serves without rate-limit headers and never throttles", async () => {
    const sandbox = await startSandboxProcess(["--limits", "none"]);
    try {
      const { gh, trail } = clients(sandbox.env);
      const me = await gh().users.getAuthenticated();
      expect(me.headers["x-ratelimit-remaining"]).toBeUndefined();
      const answers = await Promise.all(Array.from({ length: 12 }, () => trail.send(new LookupEventsCommand({})).then(() => "ok", (e: Error) => e.name)));
      expect(new Set(answers)).toEqual(new Set(["ok"]));
    } finally {
      await sandbox.stop();
    }
  });

  it("refuses a time scale that is not a positive number", async () => {
    const result = await runCli(["sandbox", "--time-scale", "0"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--time-scale.*positive number/);
  });
});

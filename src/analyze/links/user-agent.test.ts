import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { cacUserAgent } from "../../sandbox/scenario/index.js";
import { parseActionsUserAgent } from "./user-agent.js";

/** The User-Agent header the real AWS SDK builds for an STS client, captured before anything is sent. */
async function sdkUserAgent(customUserAgent: string | Array<[string, string?]>): Promise<string> {
  const client = new STSClient({
    region: "us-east-1",
    customUserAgent: customUserAgent as never,
    // Obviously fake: the request is stopped before it is signed or sent.
    credentials: { accessKeyId: "AKIAFAKEFAKEFAKEFAKE", secretAccessKey: "fake" },
  });
  let header = "";
  client.middlewareStack.add(
    () => async (args) => {
      header = String((args.request as { headers: Record<string, string> }).headers["user-agent"] ?? "");
      throw new Error("captured");
    },
    { step: "finalizeRequest", priority: "high" },
  );
  await client.send(new GetCallerIdentityCommand({})).catch(() => undefined);
  return header;
}

describe("parseActionsUserAgent", () => {
  it("recognises the action's mark as the SDK appends it (v2 to v5: no run id)", async () => {
    const ua = await sdkUserAgent("configure-aws-credentials-for-github-actions");
    expect(ua).toMatch(/configure-aws-credentials-for-github-actions$/);
    expect(parseActionsUserAgent(ua)).toEqual({ configureAwsCredentials: true });
  });

  it("reads the run id and attempt when the action passes them as SDK metadata pairs", async () => {
    const ua = await sdkUserAgent([["configure-aws-credentials-for-github-actions"], ["md/github-run-id", "38417552918"], ["md/github-run-attempt", "2"]]);
    expect(ua).toContain("md/github-run-id#38417552918");
    expect(parseActionsUserAgent(ua)).toEqual({ configureAwsCredentials: true, runId: 38417552918, runAttempt: 2 });
  });

  it("reads the run id when it was passed inside one string and the SDK escaped it", async () => {
    const ua = await sdkUserAgent("configure-aws-credentials-for-github-actions md/github-run-id#38417552918");
    expect(ua).toContain("configure-aws-credentials-for-github-actions-md/github-run-id-38417552918");
    expect(parseActionsUserAgent(ua).runId).toBe(38417552918);
  });

  it("accepts what the sandbox plants, with and without a run id", () => {
    expect(parseActionsUserAgent(cacUserAgent(39913896106, 1))).toEqual({ configureAwsCredentials: true, runId: 39913896106, runAttempt: 1 });
    expect(parseActionsUserAgent(cacUserAgent(undefined, 1))).toEqual({ configureAwsCredentials: true });
  });

  it("recognises v1 (AWS SDK for JavaScript v2) user agents", () => {
    expect(parseActionsUserAgent("aws-sdk-nodejs/2.1001.0 linux/v16.20.0 configure-aws-credentials-for-github-actions").configureAwsCredentials).toBe(true);
  });

  it("finds no run id in ordinary tool user agents", () => {
    const cli = "aws-cli/2.27.50 md/awscrt#0.26.1 ua/2.1 os/linux#6.11.0-1018-azure md/arch#x86_64 lang/python#3.13.4 md/pyimpl#CPython m/E cfg/retry-mode#standard md/command#s3.sync";
    expect(parseActionsUserAgent(cli)).toEqual({ configureAwsCredentials: false });
    expect(parseActionsUserAgent(undefined)).toEqual({ configureAwsCredentials: false });
    // "run-id" needs a number of run-id size right after it.
    expect(parseActionsUserAgent("tool/1.0 prune-id#12").runId).toBeUndefined();
  });

  it("reads a run id another tool wrote, without claiming configure-aws-credentials made the call", () => {
    expect(parseActionsUserAgent("my-deployer/1.2 GITHUB_RUN_ID=38417552918")).toEqual({ configureAwsCredentials: false, runId: 38417552918 });
  });
});

import { Octokit } from "@octokit/rest";
import { describe, expect, it } from "vitest";
import { parseFaultMix } from "./fault-mix.js";
import { startSandbox } from "./index.js";
import { buildScenario, SANDBOX_GITHUB_TOKEN } from "./scenario/index.js";

describe("fault mix", () => {
  it("reads shares as percentages or fractions, and refuses what it does not know", () => {
    expect(parseFaultMix("throttle=5%,error=1%,reset=0.01,lost=1%,seed=7,slow-ms=20")).toEqual({ throttle: 0.05, error: 0.01, reset: 0.01, lost: 0.01, seed: 7, slowMs: 20 });
    expect(() => parseFaultMix("boom=1%")).toThrow(/unknown fault "boom"/);
    expect(() => parseFaultMix("error=150%")).toThrow(/share/);
  });

  it("a lost write is applied on the server while the client sees a dropped connection", async () => {
    const sandbox = await startSandbox({ world: buildScenario("acme"), only: "github", faults: { mix: { lost: 1 } } });
    try {
      const octokit = new Octokit({ auth: SANDBOX_GITHUB_TOKEN, baseUrl: sandbox.env.GITHUB_API_URL });
      const repo = sandbox.world.github.repos[0]!;
      const [owner, name] = repo.fullName.split("/") as [string, string];
      const base = await octokit.git.getRef({ owner, repo: name, ref: `heads/${repo.defaultBranch}` });
      await expect(octokit.git.createRef({ owner, repo: name, ref: "refs/heads/lost-answer", sha: base.data.object.sha })).rejects.toThrow();
      // The branch exists all the same.
      expect(sandbox.github?.branchSha(repo.fullName, "lost-answer")).toBe(base.data.object.sha);
      expect(sandbox.writeTrap.status().writes).toBe(1);
    } finally {
      await sandbox.close();
    }
  });

  it("the write trap holds the write after the Nth, unapplied, until released", async () => {
    const sandbox = await startSandbox({ world: buildScenario("acme"), only: "github" });
    try {
      const octokit = new Octokit({ auth: SANDBOX_GITHUB_TOKEN, baseUrl: sandbox.env.GITHUB_API_URL, request: { retries: 0 } });
      const repo = sandbox.world.github.repos[0]!;
      const [owner, name] = repo.fullName.split("/") as [string, string];
      const base = await octokit.git.getRef({ owner, repo: name, ref: `heads/${repo.defaultBranch}` });
      sandbox.writeTrap.arm(1);
      await octokit.git.createRef({ owner, repo: name, ref: "refs/heads/first", sha: base.data.object.sha });
      const second = octokit.git.createRef({ owner, repo: name, ref: "refs/heads/second", sha: base.data.object.sha });
      await expect.poll(() => sandbox.writeTrap.status().held).toBe(1);
      sandbox.writeTrap.release();
      await expect(second).rejects.toThrow();
      expect(sandbox.github?.branchSha(repo.fullName, "first")).toBeDefined();
      expect(sandbox.github?.branchSha(repo.fullName, "second")).toBeUndefined();
    } finally {
      await sandbox.close();
    }
  });
});

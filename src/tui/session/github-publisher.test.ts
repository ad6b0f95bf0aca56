// The act step wired to `keyless pr`'s publisher and state store, against the sandbox's GitHub fake:
// the preview is what would be written, publishing writes exactly the chosen repos, once.
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../sandbox/index.js";
import { buildScenario, SANDBOX_GITHUB_TOKEN } from "../../sandbox/scenario/index.js";
import { acme, NOW } from "../../../test/support/tui.js";
import type { ActPorts } from "./ports.js";
import { wire, type Wiring } from "./wiring.js";

let sandbox: Sandbox;
let wiring: Wiring;
let ports: ActPorts;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

beforeAll(async () => {
  sandbox = await startSandbox({ world: buildScenario("acme"), only: "github" });
  const io = { stdout: process.stdout, stderr: process.stderr, env: {}, cwd: "/nonexistent", now: () => NOW, waitForInterrupt: () => new Promise<void>(() => {}) };
  const scan = { sandbox: true, scenario: "acme", aws: true, github: true, auditRole: "OrganizationAccountAccessRole", concurrency: 8, cloudtrail: true, deep: false, quiet: true };
  wiring = wire({ apply: true, embeddedSandbox: true, io, scan });
  ports = wiring.makePorts(acme().results, { GITHUB_TOKEN: SANDBOX_GITHUB_TOKEN, GITHUB_API_URL: sandbox.github!.url });
});
afterAll(async () => {
  wiring?.close();
  await sandbox?.close();
});

async function openPulls(repo: string) {
  const gh = new Octokit({ baseUrl: sandbox.github!.url, auth: SANDBOX_GITHUB_TOKEN, log: quiet });
  const [owner, name] = repo.split("/") as [string, string];
  return (await gh.pulls.list({ owner, repo: name, state: "open" })).data;
}

describe("the GitHub publisher port", () => {
  it("is missing without a GitHub token, and says what to do", () => {
    const none = wiring.makePorts(acme().results, {});
    expect(none.publisher).toBeUndefined();
    expect(none.missing?.publisher).toEqual({ message: "Opening pull requests needs a GitHub token.", remediation: "Set GITHUB_TOKEN (repo and workflow scopes), or try it with --sandbox." });
  });

  it("previews the branch, title, files with their diffs and the body; a blocked repo is left alone with the plan's reason", async () => {
    const blocked = acme().results.data.repos.find((r) => r.migration === "blocked")!.id;
    const previews = await ports.publisher!.preview(["acme/billing-api", blocked]);
    const billing = previews.find((p) => p.repo === "acme/billing-api")!;
    expect(billing).toMatchObject({ action: "create", branch: "keyless/oidc-migration", base: "main" });
    expect(billing.title).toMatch(/OIDC/);
    expect(billing.files.map((f) => f.path)).toContain(".github/workflows/release.yml");
    expect(billing.files.find((f) => f.path === ".github/workflows/release.yml")?.diff).toMatch(/^\+.*role-to-assume/m);
    expect(billing.body.length).toBeGreaterThan(100);
    expect(previews.find((p) => p.repo === blocked)).toMatchObject({ action: "skip", note: expect.stringMatching(/^plan status blocked/) });
    expect(await openPulls("acme/billing-api")).toHaveLength(0);
  });

  it("opens the PRs of exactly the repos asked for, records them, and finds nothing left to do afterwards", async () => {
    const outcomes = await ports.publisher!.publish(["acme/billing-api", "acme/customer-portal"]);
    expect(outcomes.map((o) => [o.repo, o.ok, o.action])).toEqual([
      ["acme/billing-api", true, "create"],
      ["acme/customer-portal", true, "create"],
    ]);
    expect((await openPulls("acme/billing-api")).map((p) => p.head.ref)).toEqual(["keyless/oidc-migration"]);
    expect(await openPulls("acme/customer-portal")).toHaveLength(1);
    expect(await openPulls("acme/web-frontend")).toHaveLength(0);
    expect(ports.records!().prs.map((p) => [p.repo, p.state]).sort()).toEqual([
      ["acme/billing-api", "open"],
      ["acme/customer-portal", "open"],
    ]);
    const again = await ports.publisher!.preview(["acme/billing-api"]);
    expect(again[0]).toMatchObject({ repo: "acme/billing-api", action: "none" });
  });
});

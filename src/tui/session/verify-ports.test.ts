// Verify and deactivate from the act step, against the sandbox's lifecycle: the TUI opens a PR
// (saving the baseline), the roles are applied, the PR is merged (the sandbox runs the migrated
// workflow through OIDC), verify finds the repo's keys ready, and deactivation makes them Inactive.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Io } from "../../cli/io.js";
import { startSandbox, type Sandbox } from "../../sandbox/index.js";
import { buildScenario, SANDBOX_GITHUB_TOKEN } from "../../sandbox/scenario/index.js";
import { acme, NOW } from "../../../test/support/tui.js";
import type { ActPorts } from "./ports.js";
import { wire, type Wiring } from "./wiring.js";

const REPO = "acme/billing-api";
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let sandbox: Sandbox;
let wiring: Wiring;
let ports: ActPorts;

beforeAll(async () => {
  sandbox = await startSandbox({ world: buildScenario("acme") });
  const cwd = await mkdtemp(join(tmpdir(), "keyless-tui-verify-"));
  const env = { ...sandbox.env, AWS_EC2_METADATA_DISABLED: "true" };
  const io: Io = { stdout: process.stdout, stderr: process.stderr, env, cwd, now: () => NOW, waitForInterrupt: () => new Promise(() => {}) };
  const scan = { org: "acme", sandbox: false, scenario: "acme", aws: true, github: true, auditRole: "OrganizationAccountAccessRole", concurrency: 4, cloudtrail: true, deep: false, quiet: true };
  wiring = wire({ apply: true, embeddedSandbox: false, io, scan });
  ports = wiring.makePorts(acme().results, env);
});
afterAll(async () => {
  wiring?.close();
  await sandbox?.close();
});

describe("verify and deactivate from the TUI", () => {
  it("verify says the repo's keys wait for its merge, and records the verdicts", async () => {
    await ports.publisher!.publish([REPO]);
    const outcomes = await ports.verifier!.verify();
    const keys = acme().results.data.index.linksByRepo.get(REPO)!.map((l) => l.accessKeyId);
    for (const k of keys) expect(outcomes.find((o) => o.subject.startsWith(k))?.message).toMatch(/^waiting/);
    expect(ports.records!().verifications.filter((v) => keys.includes(v.accessKeyId)).map((v) => v.verdict)).toEqual(keys.map(() => "waiting"));
  });

  it("after the merge, deactivates exactly the keys verify found ready, and records it", async () => {
    sandbox.applyPlan(acme().results.plan);
    const gh = new Octokit({ baseUrl: sandbox.github!.url, auth: SANDBOX_GITHUB_TOKEN, log: quiet });
    const pr = ports.records!().prs.find((p) => p.repo === REPO)!;
    await gh.pulls.merge({ owner: "acme", repo: "billing-api", pull_number: pr.number });
    const outcomes = await ports.verifier!.verify();
    const ready = ports.records!().verifications.filter((v) => v.verdict === "ready").map((v) => v.accessKeyId);
    expect(ready.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.message.startsWith("ready")).length).toBe(ready.length);
    const keys = ready.map((id) => {
      const k = acme().results.data.keys.find((x) => x.id === id)!;
      return { accessKeyId: id, accountId: k.accountId, userName: k.userName };
    });
    const done = await ports.retirer!.deactivate(keys);
    expect(done.every((o) => o.ok)).toBe(true);
    for (const k of keys) {
      const inWorld = sandbox.world.aws.iam[k.accountId]!.accessKeys.find((x) => x.accessKeyId === k.accessKeyId);
      expect(inWorld?.status).toBe("Inactive");
    }
    // "deactivating" is recorded before the call, so a run killed after IAM applied it still knows the key is keyless's.
    expect(ports.records!().keyEvents.map((e) => [e.accessKeyId, e.action])).toEqual(keys.flatMap((k) => [[k.accessKeyId, "deactivating"], [k.accessKeyId, "deactivated"]]));
  });
});

// `keyless audit --upload-sarif --apply` closes the alerts of a repository that became clean: code
// scanning closes an alert only when a new analysis of the same tool, category and ref lacks it, and
// a clean repository gets no regular upload. The state store remembers where keyless left alerts; the
// next run sends those repositories an empty analysis (their alerts become fixed), then forgets them.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import type { GithubRepo } from "../../src/sandbox/world.js";
import { runCli, tempDir, type CliResult } from "../support/cli.js";

let sandbox: Sandbox;
let out: string;
let first: CliResult;
let dry: CliResult;
let second: CliResult;
let third: CliResult;
let noState: CliResult;
let fromSaved: CliResult;
let target: string;
let openBefore: number;
const uploadsAfter: Array<Map<string, number>> = [];

const repoOf = (name: string): GithubRepo => {
  const repo = sandbox.world.github.repos.find((r) => r.fullName === name);
  if (!repo) throw new Error(`no ${name} in the sandbox`);
  return repo;
};
const uploaded = (stdout: string) => [...stdout.matchAll(/^(\S+): uploaded /gm)].map((m) => m[1] as string);
const alertsOf = (name: string, state?: string) => (repoOf(name).codeScanningAlerts ?? []).filter((a) => a.toolName === "keyless" && a.category === "keyless/" && (!state || a.state === state));
const uploadCounts = () => new Map(sandbox.world.github.repos.map((r) => [r.fullName, r.sarifUploads?.length ?? 0]));

/** What a migrated repository looks like to keyless: no workflow using a key, no AWS secret. */
function makeClean(repo: GithubRepo): void {
  for (const path of Object.keys(repo.files)) if (path.startsWith(".github/")) delete repo.files[path];
  repo.files[".github/workflows/ci.yml"] = "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ok\n";
  repo.secrets = [];
  repo.variables = [];
  repo.environments = [];
  repo.secretScanningAlerts = [];
}

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "acme", timeScale: 20 });
  out = await tempDir("keyless-sarif-close-");
  // Against the sandbox keyless keeps no state unless told: --state is what lets it remember its uploads.
  const state = ["--state", join(out, "state.db")];
  const audit = (name: string, ...flags: string[]) => runCli(["audit", "--org", "acme", "--out", join(out, name), "--upload-sarif", ...flags], { env: sandbox.env });
  first = await audit("first", "--apply", ...state);
  uploadsAfter.push(uploadCounts());
  // The uploaded repository with the fewest alerts: the one whose migration is easiest to fake.
  target = uploaded(first.stdout).sort((a, b) => alertsOf(a).length - alertsOf(b).length)[0] as string;
  openBefore = alertsOf(target, "open").length;
  makeClean(repoOf(target));
  dry = await audit("dry", ...state);
  uploadsAfter.push(uploadCounts());
  second = await audit("second", "--apply", ...state);
  uploadsAfter.push(uploadCounts());
  third = await audit("third", "--apply", ...state);
  uploadsAfter.push(uploadCounts());
  noState = await audit("no-state");
  // Before the repository was cleaned (the first scan, saved), with the state that knows it was closed since.
  fromSaved = await runCli(["audit", "--from", join(out, "first"), "--out", join(out, "from"), "--upload-sarif", ...state], { env: sandbox.env });
}, 600_000);

afterAll(async () => {
  await sandbox?.close();
});

describe("audit --upload-sarif closes the alerts of a repository that became clean", () => {
  it("the first run leaves open keyless alerts in the repository", () => {
    expect(first.code, first.stderr).toBe(0);
    expect(target).toBeDefined();
    expect(openBefore).toBeGreaterThan(0);
    expect(uploadsAfter[0]?.get(target)).toBe(1);
  });

  it("dry run: names the clean repository, the empty analysis and how many alerts it closes; uploads nothing", () => {
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`${target}: would upload an empty analysis (closing) for refs/heads/${repoOf(target).defaultBranch}`);
    expect(dry.stdout).toContain(`no keyless findings now; ${openBefore} alert${openBefore === 1 ? "" : "s"} from the previous upload will close`);
    expect(dry.stdout).toContain("1 of them an empty analysis that closes keyless's alerts");
    expect(uploadsAfter[1]).toEqual(uploadsAfter[0]);
  });

  it("--apply: the clean repository gets an empty keyless analysis on the same ref, and its alerts are fixed", () => {
    expect(second.code, second.stderr).toBe(0);
    const uploads = repoOf(target).sarifUploads ?? [];
    expect(uploads).toHaveLength(2);
    const [before, empty] = uploads;
    expect(empty).toMatchObject({ ref: before?.ref, toolName: "keyless", category: "keyless/", processingStatus: "complete" });
    const log = JSON.parse(empty?.sarif ?? "{}");
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].tool.driver.name).toBe("keyless");
    expect(log.runs[0].results).toEqual([]);
    expect(alertsOf(target, "open")).toEqual([]);
    expect(alertsOf(target, "fixed")).toHaveLength(openBefore);
    expect(second.stdout).toMatch(new RegExp(`^${target}: uploaded an empty analysis \\(closing\\)`, "m"));
  });

  it("repositories that still have findings get their regular upload, not an empty one, and keep open alerts", () => {
    const others = uploaded(first.stdout).filter((r) => r !== target);
    expect(others.length).toBeGreaterThan(0);
    expect(second.stdout.match(/empty analysis \(closing\)/g)).toHaveLength(1);
    for (const name of others) {
      const latest = JSON.parse(repoOf(name).sarifUploads?.at(-1)?.sarif ?? "{}");
      expect(latest.runs[0].results.length, name).toBeGreaterThan(0);
      expect(alertsOf(name, "open").length, name).toBe(latest.runs[0].results.length);
    }
  });

  it("a third run uploads nothing more to the closed repository", () => {
    expect(third.code, third.stderr).toBe(0);
    expect(uploadsAfter[3]?.get(target)).toBe(2);
    expect(third.stdout).not.toContain(target);
    expect(third.stdout).toContain("0 of them an empty analysis");
    expect(alertsOf(target, "open")).toEqual([]);
  });

  it("a re-run from a saved scan reads the same state: the closed repository gets its findings again, no empty analysis", () => {
    expect(fromSaved.code, fromSaved.stderr).toBe(0);
    expect(fromSaved.stdout).toMatch(new RegExp(`^${target}: would upload \\d+ results?`, "m"));
    expect(fromSaved.stdout).toContain("0 of them an empty analysis");
  });

  it("without a state store, the summary says that clean repositories keep their alerts", () => {
    expect(noState.code, noState.stderr).toBe(0);
    expect(noState.stdout).toMatch(/No state store \(--state\): repositories that became clean since an earlier upload keep their keyless alerts/);
  });
});

// `keyless tui` end to end: the built binary in a real pseudo-terminal (tmux), against a sandbox
// served by `keyless sandbox` in another process. Scan, open a repo, view its diff, select two repos,
// open their pull requests — and then the sandbox's GitHub has exactly those two.
import { spawn, type ChildProcess } from "node:child_process";
import { Octokit } from "@octokit/rest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BIN as BUILT, cleanEnv, tempDir } from "../../test/support/cli.js";
import { hasTmux, openTerminal, type Terminal } from "../../test/support/tmux.js";

// KEYLESS_BIN: another build of the binary (a developer's); by default dist/keyless.js.
const BIN = process.env.KEYLESS_BIN ?? BUILT;
const CHOSEN = ["acme/billing-api", "acme/customer-portal"];
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

let sandbox: ChildProcess | undefined;
let sandboxEnv: Record<string, string> = {};
let term: Terminal | undefined;
const frames: Record<string, string> = {};

/** Starts `keyless sandbox` and reads the `export NAME=value` lines it prints. */
function startSandboxProcess(): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "sandbox"], { env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    sandbox = child;
    const env: Record<string, string> = {};
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const m of buffered.matchAll(/^export ([A-Z_]+)=(.*)$/gm)) env[m[1] as string] = m[2] as string;
      if (env.GITHUB_TOKEN && env.AWS_ENDPOINT_URL) resolve(env);
    });
    child.on("exit", (code) => reject(new Error(`keyless sandbox exited with ${code}`)));
  });
}

async function openPullRequests(env: Record<string, string>): Promise<string[]> {
  const gh = new Octokit({ baseUrl: env.GITHUB_API_URL, auth: env.GITHUB_TOKEN, log: quiet });
  const repos = await gh.paginate(gh.repos.listForOrg, { org: "acme", per_page: 100 });
  const open: string[] = [];
  for (const r of repos) {
    const pulls = await gh.paginate(gh.pulls.list, { owner: "acme", repo: r.name, state: "open", per_page: 100 });
    for (const p of pulls) open.push(`${r.full_name}#${p.number} ${p.head.ref}`);
  }
  return open.sort();
}

// Without tmux the test cannot run; in CI that is a failure (install tmux), elsewhere a skip.
const tmuxThere = await hasTmux();
if (!tmuxThere && process.env.CI) throw new Error("tmux is needed for the TUI's end-to-end test: apt-get install -y tmux");

describe.skipIf(!tmuxThere)("keyless tui in a terminal, against keyless sandbox", () => {
  beforeAll(async () => {
    sandboxEnv = await startSandboxProcess();
    const cwd = await tempDir("keyless-tui-");
    term = await openTerminal([process.execPath, BIN, "tui", "--org", "acme", "--apply"], { env: cleanEnv(sandboxEnv), cwd, columns: 80, rows: 24 });
  }, 60_000);

  afterEach(async (context) => {
    // A failed step shows the terminal as it was left, to see what the binary did.
    if (context.task.result?.state === "fail" && term) console.error(`screen after "${context.task.name}":\n${await term.screen()}`);
  });

  afterAll(async () => {
    await term?.close();
    sandbox?.kill("SIGINT");
  });

  it("scans with live progress per side, then shows the overview", async () => {
    const t = term!;
    frames.scan = await t.waitFor(/GitHub: \d+\/\d+ repositories/, 30_000);
    expect(frames.scan).toMatch(/^keyless acme\s+APPLY$/m);
    expect(frames.scan).toMatch(/^AWS: \d+\/(\d+|\?) accounts/m);
    expect(frames.scan).toMatch(/errors so far: \d+/);
    frames.overview = await t.waitFor(/1 Overview {2}2 Repos 48 {2}3 Keys/, 120_000);
    expect(frames.overview).toMatch(/Access keys: \d+ \(\d+ active/);
    expect(frames.overview).toMatch(/Repositories: \d+ of 48 use static keys/);
  }, 150_000);

  it("opens a repo: its usages with file:line, its linked keys and its plan", async () => {
    const t = term!;
    // Every key waits for what it does to show on the screen before the next one is sent: a loaded
    // machine can take seconds to draw a frame, and a key sent before the frame lands acts on the old one.
    await t.key("2");
    await t.waitFor(/sev\s+repository\s+state/);
    await t.type("/billing-api");
    await t.waitFor(/\/billing-api▏/);
    await t.key("Enter");
    await t.waitFor(/\b1 repos · filter "billing-api"/);
    await t.key("Enter");
    frames.detail = await t.waitFor(/acme\/billing-api · ready/);
    expect(frames.detail).toMatch(/Static-key usages \(2\)/);
    expect(frames.detail).toMatch(/\.github\/workflows\/release\.yml:\d+/);
    expect(frames.detail).toMatch(/Linked keys \(2\)/);
  }, 60_000);

  it("shows its diff: the workflow patch, coloured", async () => {
    const t = term!;
    await t.key("d");
    frames.diff = await t.waitFor(/^Workflow \.github\/workflows\/release\.yml$/m);
    expect(frames.diff).toMatch(/^-{3} a\/\.github\/workflows\/release\.yml$/m);
    expect(await t.screen({ escapes: true })).toMatch(/\x1b\[32m\+/); // added lines in green
    await t.key("PageDown");
    frames.diffPage2 = await t.waitFor(/^\+.*role-to-assume/m);
    expect(frames.diffPage2).toMatch(/^\d+–\d+ of \d+ lines$/m);
  }, 60_000);

  it("selects two repos and opens their pull requests after showing what will be written", async () => {
    const t = term!;
    await t.key("Escape"); // diff → detail
    await t.waitFor(/acme\/billing-api · ready/);
    await t.key("Escape"); // detail → list (filtered)
    await t.waitFor(/\b1 repos · filter "billing-api"/);
    await t.key("Space");
    await t.waitFor(/1 repo selected/);
    await t.key("Escape"); // clears the filter
    await t.waitFor(/\b1–\d+ of 48 repos · sort/);
    await t.type("/customer-portal");
    await t.waitFor(/\/customer-portal▏/);
    await t.key("Enter");
    await t.waitFor(/\b1 repos · filter "customer-portal"/);
    await t.key("Space");
    await t.waitFor(/2 repos selected/);
    await t.key("Escape");
    frames.selected = await t.waitFor(/\b1–\d+ of 48 repos · sort .*2 repos selected/);
    expect(frames.selected).toMatch(/● \S+\s+acme\/billing-api/);
    expect(frames.selected).toMatch(/● \S+\s+acme\/customer-portal/);
    await t.key("p");
    frames.confirm = await t.waitFor(/^acme\/billing-api: open a new PR$/m, 60_000);
    expect(frames.confirm).toMatch(/^Enter or y writes exactly this; Esc cancels\.$/m);
    expect(frames.confirm).toContain(`Pull requests for 2 repositories: ${CHOSEN.join(", ")}`);
    expect(await openPullRequests(sandboxEnv)).toEqual([]); // nothing written before the confirmation
    await t.key("y");
    frames.done = await t.waitFor(/Pull requests: 2 of 2 written/, 90_000);
    expect(frames.done).toMatch(/✓ acme\/billing-api: opened #\d+/);
    expect(frames.done).toMatch(/✓ acme\/customer-portal: opened #\d+/);
  }, 240_000);

  it("the sandbox's GitHub now has exactly those two pull requests", async () => {
    const open = await openPullRequests(sandboxEnv);
    expect(open.map((p) => p.replace(/#\d+/, ""))).toEqual(CHOSEN.map((r) => `${r} keyless/oidc-migration`));
  }, 60_000);

  it("adapts to a resize and quits with q", async () => {
    const t = term!;
    await t.key("Escape");
    await t.resize(100, 30);
    // Wider rows show more of each reason; taller, more rows.
    frames.resized = await t.waitFor(/^.{81,}$/m);
    expect(frames.resized).toMatch(/acme\/billing-api\s+pr-open\s+certain\s+2 usages in release\.yml · 2 keys/);
    expect(frames.resized).toMatch(/^1–25 of 48 repos/m);
    await t.key("q");
    const end = Date.now() + 10_000;
    while ((await t.exitStatus()) === undefined && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(await t.exitStatus()).toBe(0);
  }, 30_000);
});

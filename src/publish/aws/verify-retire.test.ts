// End to end on the sandbox: pull requests opened and merged (the sandbox runs the migrated
// workflows on OIDC and records CloudTrail), then verify, retire --deactivate, --reactivate, the
// quiet period, retire --delete. Keys of migrated repos go with their secrets; a key used outside
// GitHub, a shared key whose other repository has not migrated and a weakly linked key stay
// untouched, and so do the secrets that weak key may sit behind.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../analyze/index.js";
import { DEFAULT_ANALYSIS_CONFIG } from "../../analyze/model.js";
import { serializeInventory } from "../../inventory/parse.js";
import { buildPlan, DEFAULT_PLAN_CONFIG } from "../../plan/index.js";
import { acmeInventory } from "../../../test/support/plan.js";
import { startSandbox, type Sandbox } from "../../sandbox/index.js";
import type { KeyVerdict } from "../../verify/index.js";
import { keyless, sandboxGithub } from "../../../test/support/publish/aws.js";

const PIPELINE = "AKIAFPBDAR3HQY72S2WV"; // acme/data-pipeline, repo secrets
const ETL = "AKIAYSCAHTI4XQUEELQP"; // acme/analytics-etl, environment secrets (production)
const SHARED = "AKIALZEEZ5L6WLFSUW3V"; // acme/chat-plugin-github and acme/chat-plugin-jira, organization secrets
const OUTSIDE = "AKIAROHBKYQL4RS2AROK"; // acme/platform-infra, also used outside GitHub (KL110)
const FRONTEND = "AKIAHS2XW3NL5M3TYWAC"; // acme/web-frontend, certain; its secrets are also linked to…
const WEAK = "AKIARGUY6Z5NM7R2WSD3"; // …this key, linked to acme/web-frontend with low confidence (inactive, not by keyless)
const MIGRATED = ["acme/data-pipeline", "acme/analytics-etl", "acme/chat-plugin-github", "acme/platform-infra", "acme/web-frontend"];

let sandbox: Sandbox;
let dir: string;
// verify and retire read the baseline `keyless pr --apply` saved in the state; one step passes --from instead.
const from = ["--quiet"];

const keyIn = (id: string) => Object.values(sandbox.world.aws.iam).flatMap((iam) => iam.accessKeys).find((k) => k.accessKeyId === id);
const repo = (name: string) => sandbox.world.github.repos.find((r) => r.fullName === name)!;
const statuses = () => Object.values(sandbox.world.aws.iam).flatMap((iam) => iam.accessKeys.map((k) => `${k.accessKeyId}:${k.status}`)).sort();

async function verdicts(): Promise<Map<string, KeyVerdict>> {
  const run = await keyless(sandbox, dir, ["verify", ...from, "--json"]);
  expect(run.code).toBe(0);
  return new Map((JSON.parse(run.stdout) as { verdicts: KeyVerdict[] }).verdicts.map((v) => [v.accessKeyId, v]));
}

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "acme" });
  dir = await mkdtemp(join(tmpdir(), "keyless-retire-"));
  const inventory = acmeInventory(sandbox.world);
  const now = new Date(sandbox.world.now);
  const plan = buildPlan({ inventory, analysis: analyze(inventory, DEFAULT_ANALYSIS_CONFIG, now), config: DEFAULT_PLAN_CONFIG, now });
  await writeFile(join(dir, "inventory.json"), serializeInventory(inventory));
  await writeFile(join(dir, "plan.json"), JSON.stringify(plan));
  // The Terraform applied, then keyless's pull requests opened (and the baseline saved in the state).
  expect(sandbox.applyPlan(plan).errors).toEqual([]);
  const pr = await keyless(sandbox, dir, ["pr", "--from", dir, ...MIGRATED.flatMap((r) => ["--repo", r]), "--apply", "--quiet"]);
  expect(pr.code, pr.stdout + pr.stderr).toBe(0);
});

afterAll(async () => {
  await sandbox?.close();
});

describe("verify and retire on the sandbox", () => {
  const UNUSED = ["AKIAFAGD52NZBARVKJDP", "AKIACYAH5X3G6K4EKLPC", "AKIAP4AAPZU6PSKPJBDZ"]; // KL104, nothing to migrate
  const RETIRED = [PIPELINE, ETL, FRONTEND, ...UNUSED].sort();

  it("before the merge, a migrating repo's key waits for its pull request to be merged", async () => {
    const v = await verdicts();
    expect(v.get(PIPELINE)).toMatchObject({ verdict: "waiting", reasons: [expect.stringMatching(/^acme\/data-pipeline: waits for #1 to be merged \(http:\/\/127\.0\.0\.1:\d+\/acme\/data-pipeline\/pull\/1\)$/)] });
    expect(v.get(SHARED)?.reasons).toEqual([expect.stringContaining("acme/chat-plugin-github: waits for #1 to be merged"), "acme/chat-plugin-jira: waits for its pull request (keyless pr --apply)"]);
    expect([...v.values()].filter((x) => x.verdict === "ready").map((x) => x.accessKeyId).sort()).toEqual([...UNUSED].sort());
  });

  it("after the merge and a successful OIDC run, the keys of fully migrated repos are ready; the others are not", async () => {
    const gh = sandboxGithub(sandbox);
    for (const name of MIGRATED) {
      const [owner = "", repoName = ""] = name.split("/");
      await gh.rest.pulls.merge({ owner, repo: repoName, pull_number: 1 });
    }
    const v = await verdicts();
    expect([...v.values()].filter((x) => x.verdict === "ready").map((x) => x.accessKeyId).sort()).toEqual(RETIRED);
    expect(v.get(PIPELINE)?.reasons).toEqual([
      expect.stringMatching(/^acme\/data-pipeline: #1 merged 2026-11-20 12:00Z; run \d+ succeeded 2026-11-20 12:0\dZ; 2 role\(s\) assumed through OIDC from 2026-11-20 12:0\dZ$/),
    ]);
    expect(v.get(SHARED)).toMatchObject({ verdict: "waiting", reasons: ["acme/chat-plugin-jira: waits for its pull request (keyless pr --apply)"] });
    expect(v.get(OUTSIDE)?.verdict).toBe("blocked");
    expect(v.get(OUTSIDE)?.reasons).toContain("used outside GitHub (KL110): keyless never deactivates it; move that consumer to its own credentials first");
    expect(v.get(WEAK)).toMatchObject({
      verdict: "done",
      reasons: ["inactive, but not deactivated by keyless: retire leaves it alone", expect.stringContaining("linked with low confidence to acme/web-frontend, below --confidence high")],
    });
  });

  it("retire --deactivate without --apply says what it would do and changes nothing", async () => {
    const before = statuses();
    const run = await keyless(sandbox, dir, ["retire", "--deactivate", ...from]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("dry run: nothing is changed");
    for (const id of RETIRED) expect(run.stdout).toContain(`would deactivate ${id}`);
    expect(run.stdout).toContain("summary: 6 would be deactivated");
    expect(statuses()).toEqual(before);
  });

  it("--apply deactivates exactly the ready keys, announcing each first; a second --apply changes nothing", async () => {
    const before = statuses();
    const run = await keyless(sandbox, dir, ["retire", "--deactivate", ...from, "--apply"]);
    expect(run.code).toBe(0);
    expect(run.stdout.indexOf(`deactivating ${PIPELINE} (gha-data-pipeline in 135629879328)`)).toBeLessThan(run.stdout.indexOf("done: Inactive"));
    const changed = statuses().filter((x) => !before.includes(x));
    expect(changed).toEqual(RETIRED.map((id) => `${id}:Inactive`).sort());
    expect(run.stdout).toContain("summary: 6 deactivated");

    const again = await keyless(sandbox, dir, ["retire", "--deactivate", ...from, "--apply"]);
    expect(again.stdout).toContain("summary: 0 deactivated");
    expect(statuses().filter((x) => !before.includes(x))).toEqual(changed);
  });

  it("--reactivate undoes one deactivation (dry run first), and verify then sees the key ready again", async () => {
    const dry = await keyless(sandbox, dir, ["retire", "--reactivate", ETL]);
    expect(dry.stdout).toContain(`would reactivate ${ETL} (gha-analytics-etl in 909676433281)`);
    expect(keyIn(ETL)?.status).toBe("Inactive");
    const run = await keyless(sandbox, dir, ["retire", "--reactivate", ETL, "--apply"]);
    expect(run.code).toBe(0);
    expect(keyIn(ETL)?.status).toBe("Active");
    expect((await verdicts()).get(ETL)?.verdict).toBe("ready");
    // --from the audit folder works as well as the baseline saved by keyless pr.
    await keyless(sandbox, dir, ["retire", "--deactivate", "--from", dir, "--key", ETL, "--apply"]);
    expect(keyIn(ETL)?.status).toBe("Inactive");
  });

  it("retire --delete holds keys during the quiet period", async () => {
    const run = await keyless(sandbox, dir, ["retire", "--delete", ...from, "--apply"]);
    expect(run.stdout).toMatch(new RegExp(`holding ${PIPELINE} \\(gha-data-pipeline in 135629879328\\): inactive since 2026-11-20 12:\\d\\dZ: the 7-day quiet period ends`));
    expect(run.stdout).toContain("summary: 0 key(s) and 0 secret(s) deleted, 0 secret(s) kept, 6 key(s) held");
    for (const id of RETIRED) expect(keyIn(id)?.status).toBe("Inactive");
  });

  it("after the quiet period, retire --delete --apply deletes the keys, then their secrets; a failed run holds its key; a second run changes nothing", async () => {
    sandbox.advanceClock(8);
    // A run of acme/web-frontend failed while its key was inactive: that key waits for a human.
    const frontend = repo("acme/web-frontend");
    const failedAt = new Date(Date.parse(sandbox.world.now) - 86_400_000).toISOString();
    frontend.workflowRuns.push({ ...frontend.workflowRuns[0]!, id: 990_001, conclusion: "failure", status: "completed", createdAt: failedAt, updatedAt: failedAt, runStartedAt: failedAt });

    const dry = await keyless(sandbox, dir, ["retire", "--delete", ...from]);
    expect(dry.stdout).toContain(`would delete access key ${PIPELINE}`);
    expect(keyIn(PIPELINE)).toBeDefined();

    const run = await keyless(sandbox, dir, ["retire", "--delete", ...from, "--apply"]);
    expect(run.code).toBe(0);
    const out = run.stdout;
    for (const id of RETIRED.filter((k) => k !== FRONTEND)) expect(keyIn(id)).toBeUndefined();
    expect(keyIn(FRONTEND)?.status).toBe("Inactive");
    expect(out).toContain(`holding ${FRONTEND} (gha-web-frontend in 765557019350): 1 run(s) failed since it was deactivated`);
    expect(out.indexOf(`deleting access key ${PIPELINE}`)).toBeLessThan(out.indexOf("deleting repo acme/data-pipeline secret AWS_ACCESS_KEY_ID"));
    expect(repo("acme/data-pipeline").secrets.map((x) => x.name)).not.toEqual(expect.arrayContaining(["AWS_ACCESS_KEY_ID"]));
    expect(repo("acme/data-pipeline").secrets.map((x) => x.name)).not.toEqual(expect.arrayContaining(["AWS_SECRET_ACCESS_KEY"]));
    const production = repo("acme/analytics-etl").environments.find((e) => e.name === "production");
    expect(production?.secrets).toEqual([]);
    expect(out).toContain("leaving environment acme/analytics-etl/production variable AWS_ACCESS_KEY_ID: a configuration variable with the key id");
    expect(out).toContain("summary: 5 key(s) and 3 secret(s) deleted, 0 secret(s) kept, 1 variable(s) left, 1 key(s) held");

    const again = await keyless(sandbox, dir, ["retire", "--delete", ...from, "--apply"]);
    expect(again.stdout).not.toContain("deleting");
    expect(again.stdout).toContain("summary: 0 key(s) and 0 secret(s) deleted, 0 secret(s) kept, 1 key(s) held");
    expect((await verdicts()).get(PIPELINE)).toMatchObject({ verdict: "done", reasons: [expect.stringMatching(/^deleted by keyless 2026-11-28/)] });
  });

  it("deactivated anew after the failure was looked at, the key goes after another quiet period; secrets a weak key shares stay", async () => {
    await keyless(sandbox, dir, ["retire", "--reactivate", FRONTEND, "--apply"]);
    await keyless(sandbox, dir, ["retire", "--deactivate", ...from, "--key", FRONTEND, "--apply"]);
    expect(keyIn(FRONTEND)?.status).toBe("Inactive");
    sandbox.advanceClock(8);
    const run = await keyless(sandbox, dir, ["retire", "--delete", ...from, "--apply"]);
    expect(keyIn(FRONTEND)).toBeUndefined();
    expect(run.stdout).toContain(`keeping repo acme/web-frontend secret AWS_ACCESS_KEY_ID: also linked to ${WEAK}, which is not retired`);
    // The Dependabot secret the audit placed the key in (timing) held only this key: it goes.
    expect(run.stdout).toContain(`deleting repo acme/web-frontend Dependabot secret WEB_AWS_ACCESS_KEY_ID (held ${FRONTEND})`);
    expect(repo("acme/web-frontend").dependabotSecrets ?? []).toEqual([]);
    expect(run.stdout).toContain("summary: 1 key(s) and 1 secret(s) deleted, 2 secret(s) kept, 0 key(s) held");
    const again = await keyless(sandbox, dir, ["retire", "--delete", ...from, "--apply"]);
    expect(again.stdout).toContain("nothing to delete");
  });

  it("retire asks for exactly one of --deactivate, --delete, --reactivate, before touching anything", async () => {
    await expect(keyless(sandbox, dir, ["retire", "--apply"])).rejects.toMatchObject({ code: "RetireWhat" });
    await expect(keyless(sandbox, dir, ["retire", "--deactivate", "--delete", "--apply"])).rejects.toMatchObject({ code: "RetireWhat" });
  });

  it("never touched the key used outside GitHub, the shared key whose other repository did not migrate, or the weakly linked key", async () => {
    expect(keyIn(OUTSIDE)?.status).toBe("Active");
    expect(repo("acme/platform-infra").secrets.map((x) => x.name)).toEqual(expect.arrayContaining(["TF_AWS_ACCESS_KEY_ID", "TF_AWS_SECRET_ACCESS_KEY"]));
    expect(keyIn(SHARED)?.status).toBe("Active");
    const org = sandbox.world.github.orgs.find((o) => o.login === "acme");
    expect(org?.secrets.map((x) => x.name)).toEqual(expect.arrayContaining(["PLUGIN_AWS_ACCESS_KEY_ID", "PLUGIN_AWS_SECRET_ACCESS_KEY"]));
    expect(keyIn(WEAK)?.status).toBe("Inactive");
    expect(repo("acme/web-frontend").secrets.map((x) => x.name)).toEqual(expect.arrayContaining(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]));
  });
});

// The publisher against the sandbox's GitHub fake, through real Octokit: dry run, idempotence,
// plan changes, human pushes, opt-outs, a crash before the PR, and tokens that may not write workflows.
import { Octokit } from "@octokit/rest";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Stages } from "../../cli/pipeline.js";
import { RequestCounter } from "../../discover/request-counter.js";
import { startSandbox, type Sandbox } from "../../sandbox/index.js";
import { buildScenario, SANDBOX_GITHUB_TOKEN } from "../../sandbox/scenario/index.js";
import { openMemoryStateStore } from "../../state/index.js";
import type { StateStore } from "../../state/store.js";
import { PublishApi } from "./api.js";
import { buildTerraformChangeSet, MIGRATION_BRANCH, TERRAFORM_BRANCH, type ChangeSet } from "./change-set.js";
import { unpacedClient } from "./client.js";
import { planHashOf } from "./hash.js";
import { commitTrailer, markerComment, readCommitTrailer, readMarker } from "./marker.js";
import { publish, type PublishReport } from "./publish.js";
import { acmeStages, changeSetsOf, NOW } from "../../../test/support/publish/github.js";

const REPOS = ["acme/billing-api", "acme/customer-portal", "acme/chat-plugin-github"];
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

let stages: Stages;
let sets: ChangeSet[];
let sandbox: Sandbox | undefined;

beforeAll(() => {
  stages = acmeStages(buildScenario("acme"), (r) => REPOS.includes(r)).stages;
  sets = changeSetsOf(stages, { selection: { repos: REPOS }, pr: { labels: ["security"], reviewers: ["alice"] } }).changeSets;
  expect(sets.map((c) => c.repo).sort()).toEqual([...REPOS].sort());
});
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

interface Env {
  sandbox: Sandbox;
  store: StateStore;
  gh: Octokit;
  run(changeSets?: ChangeSet[], options?: { apply?: boolean; token?: string; store?: StateStore; fetch?: typeof fetch }): Promise<PublishReport>;
  writes(): number;
}

/** A fresh acme world served by the GitHub fake, a state store, and a way to run the publisher. */
async function start(): Promise<Env> {
  sandbox = await startSandbox({ world: buildScenario("acme"), only: "github" });
  const url = sandbox.github!.url;
  const store = openMemoryStateStore();
  const fake = sandbox;
  return {
    sandbox: fake,
    store,
    gh: new Octokit({ baseUrl: url, auth: SANDBOX_GITHUB_TOKEN, log: quiet }),
    run: (changeSets = sets, options = {}) => {
      const client = unpacedClient({ token: options.token ?? SANDBOX_GITHUB_TOKEN, apiUrl: url, maxRetries: 0, ...(options.fetch ? { fetch: options.fetch } : {}) }, new RequestCounter());
      return publish({ api: new PublishApi(client), store: options.store ?? store, now: () => NOW, apply: options.apply ?? true }, changeSets);
    },
    writes: () => [...fake.github!.requests].filter(([k]) => /^(POST|PATCH|PUT|DELETE) /.test(k) && k !== "POST /graphql").reduce((n, [, c]) => n + c, 0),
  };
}

const commitTrailerOf = (cs: ChangeSet) => commitTrailer(cs.planHash);
const outcomes = (report: PublishReport) => Object.fromEntries(report.results.map((r) => [r.repo, r.outcome]));
const split = (repo: string) => ({ owner: repo.split("/")[0]!, repo: repo.split("/")[1]! });

async function pullsOf(gh: Octokit, repo: string) {
  return (await gh.rest.pulls.list({ ...split(repo), state: "all", per_page: 100 })).data.filter((p) => p.head.ref.startsWith("keyless/"));
}

async function headOf(gh: Octokit, repo: string, branch = MIGRATION_BRANCH): Promise<string> {
  return (await gh.rest.git.getRef({ ...split(repo), ref: `heads/${branch}` })).data.object.sha;
}

/** The same repo's change set after a plan change: its first file gets one more line. */
function changed(cs: ChangeSet, note: string): ChangeSet {
  const patches = stages.patches.map((p) => (p.repo !== cs.repo ? p : { ...p, patches: p.patches.map((x, i) => (i === 0 ? { ...x, after: `${x.after.replace(/\n?$/, "\n")}# ${note}\n` } : x)) }));
  return changeSetsOf(stages, { selection: { repos: [cs.repo] }, patches }).changeSets[0]!;
}

describe("publish against the GitHub fake", () => {
  it("a dry run reads only: no POST, PATCH or PUT reaches GitHub, and the state stays empty", async () => {
    const env = await start();
    const report = await env.run(sets, { apply: false });
    expect(Object.values(outcomes(report))).toEqual(["would-open", "would-open", "would-open"]);
    expect(env.writes()).toBe(0);
    expect(env.store.listPrs()).toEqual([]);
    for (const repo of REPOS) expect(await pullsOf(env.gh, repo)).toEqual([]);
  });

  it("--apply opens one PR per repo with one keyless commit on the base; a second run writes nothing", async () => {
    const env = await start();
    const first = await env.run();
    expect(Object.values(outcomes(first))).toEqual(["opened", "opened", "opened"]);
    for (const cs of sets) {
      const [pr, ...more] = await pullsOf(env.gh, cs.repo);
      expect(more).toEqual([]);
      expect(pr?.state).toBe("open");
      expect(readMarker(pr?.body)?.planHash).toBe(cs.planHash);
      expect(pr?.labels.map((l) => l.name)).toEqual(["security"]);
      expect(pr?.requested_reviewers?.map((u) => u.login)).toEqual(["alice"]);
      const head = await headOf(env.gh, cs.repo);
      const commit = (await env.gh.rest.git.getCommit({ ...split(cs.repo), commit_sha: head })).data;
      expect(commit.parents.map((p) => p.sha)).toEqual([await headOf(env.gh, cs.repo, cs.baseBranch)]);
      expect(readCommitTrailer(commit.message)).toBe(cs.planHash);
      for (const f of cs.files) {
        const blob = (await env.gh.rest.repos.getContent({ ...split(cs.repo), path: f.path, ref: MIGRATION_BRANCH })).data as { content: string };
        expect(Buffer.from(blob.content, "base64").toString("utf8")).toBe(f.content);
      }
      expect(env.store.getPr(cs.repo)).toMatchObject({ number: pr?.number, headSha: head, planHash: cs.planHash, state: "open", kind: "migration" });
      expect(env.store.getBranch(cs.repo, MIGRATION_BRANCH)?.headSha).toBe(head);
    }
    const writes = env.writes();
    const second = await env.run();
    expect(Object.values(outcomes(second))).toEqual(["unchanged", "unchanged", "unchanged"]);
    expect(env.writes()).toBe(writes);
    for (const cs of sets) expect(await pullsOf(env.gh, cs.repo)).toHaveLength(1);
  });

  it("writes go one at a time, even without the throttling plugin; reads of several repos overlap", async () => {
    const env = await start();
    const inFlight = { write: 0, read: 0 };
    const peak = { write: 0, read: 0 };
    const watch: typeof fetch = async (input, init) => {
      const kind = (init?.method ?? "GET") === "GET" ? "read" : "write";
      peak[kind] = Math.max(peak[kind], ++inFlight[kind]);
      try {
        return await fetch(input, init);
      } finally {
        inFlight[kind]--;
      }
    };
    await env.run(sets, { fetch: watch });
    expect(env.writes()).toBeGreaterThan(10);
    expect(peak.write).toBe(1);
    expect(peak.read).toBeGreaterThan(1);
  });

  it("a changed plan: a new commit on the base replaces keyless's commit, the body is rewritten, the PR stays the same", async () => {
    const env = await start();
    await env.run();
    const cs = sets.find((c) => c.repo === "acme/billing-api")!;
    const before = await headOf(env.gh, cs.repo);
    const [pr] = await pullsOf(env.gh, cs.repo);
    const next = changed(cs, "plan changed");
    expect(next.planHash).not.toBe(cs.planHash);
    const report = await env.run([next]);
    expect(outcomes(report)).toEqual({ [cs.repo]: "updated" });
    const after = await headOf(env.gh, cs.repo);
    expect(after).not.toBe(before);
    const commit = (await env.gh.rest.git.getCommit({ ...split(cs.repo), commit_sha: after })).data;
    expect(commit.parents.map((p) => p.sha)).toEqual([await headOf(env.gh, cs.repo, cs.baseBranch)]);
    const pulls = await pullsOf(env.gh, cs.repo);
    expect(pulls.map((p) => p.number)).toEqual([pr!.number]);
    expect(readMarker(pulls[0]!.body)?.planHash).toBe(next.planHash);
    expect(env.store.getPr(cs.repo)).toMatchObject({ headSha: after, planHash: next.planHash });
    expect(outcomes(await env.run([next]))).toEqual({ [cs.repo]: "unchanged" });
  });

  it("only the body changed: the body is rewritten, no commit is written", async () => {
    const env = await start();
    await env.run();
    const cs = { ...sets[0]!, body: `${sets[0]!.body}\nA new line of evidence.\n` };
    const head = await headOf(env.gh, cs.repo);
    expect(outcomes(await env.run([cs]))).toEqual({ [cs.repo]: "body-updated" });
    expect(await headOf(env.gh, cs.repo)).toBe(head);
    expect((await pullsOf(env.gh, cs.repo))[0]?.body).toContain("A new line of evidence.");
  });

  it("a branch a human pushed to is left alone and reported, even when the plan changed", async () => {
    const env = await start();
    await env.run();
    const cs = sets.find((c) => c.repo === "acme/customer-portal")!;
    const head = await headOf(env.gh, cs.repo);
    const { data: headCommit } = await env.gh.rest.git.getCommit({ ...split(cs.repo), commit_sha: head });
    const { data: human } = await env.gh.rest.git.createCommit({ ...split(cs.repo), message: "Fix the region by hand", tree: headCommit.tree.sha, parents: [head] });
    await env.gh.rest.git.updateRef({ ...split(cs.repo), ref: `heads/${MIGRATION_BRANCH}`, sha: human.sha });
    const body = (await pullsOf(env.gh, cs.repo))[0]?.body;

    const report = await env.run([changed(cs, "plan changed")]);
    expect(outcomes(report)).toEqual({ [cs.repo]: "human-pushed" });
    expect(report.results[0]?.message).toMatch(/someone else pushed to keyless\/oidc-migration .*left alone/);
    expect(await headOf(env.gh, cs.repo)).toBe(human.sha);
    expect((await pullsOf(env.gh, cs.repo))[0]?.body).toBe(body);
    expect(env.store.getPr(cs.repo)?.headSha).toBe(head);
    // Without the state, the missing trailer on the head commit says the same.
    expect(outcomes(await env.run([cs], { store: openMemoryStateStore() }))).toEqual({ [cs.repo]: "human-pushed" });
  });

  it("a human's amend that keeps keyless's trailer is still caught: the state knows keyless's last commit", async () => {
    const env = await start();
    await env.run();
    const cs = sets[0]!;
    const head = await headOf(env.gh, cs.repo);
    const { data: ours } = await env.gh.rest.git.getCommit({ ...split(cs.repo), commit_sha: head });
    const { data: tree } = await env.gh.rest.git.createTree({ ...split(cs.repo), base_tree: ours.tree.sha, tree: [{ path: "NOTES.md", mode: "100644", type: "blob", content: "by hand\n" }] });
    const { data: amended } = await env.gh.rest.git.createCommit({ ...split(cs.repo), message: ours.message, tree: tree.sha, parents: ours.parents.map((p) => p.sha) });
    await env.gh.rest.git.updateRef({ ...split(cs.repo), ref: `heads/${MIGRATION_BRANCH}`, sha: amended.sha, force: true });
    expect(outcomes(await env.run([changed(cs, "plan changed")]))).toEqual({ [cs.repo]: "human-pushed" });
    expect(await headOf(env.gh, cs.repo)).toBe(amended.sha);
  });

  it("a PR closed without merging is an opt-out: never reopened, no new PR, recorded", async () => {
    const env = await start();
    await env.run();
    const cs = sets[0]!;
    const [pr] = await pullsOf(env.gh, cs.repo);
    await env.gh.rest.pulls.update({ ...split(cs.repo), pull_number: pr!.number, state: "closed" });
    const writes = env.writes();
    const report = await env.run([changed(cs, "still want it")]);
    expect(report.refreshed).toEqual([{ repo: cs.repo, number: pr!.number, from: "open", to: "closed" }]);
    expect(outcomes(report)).toEqual({ [cs.repo]: "opted-out" });
    expect(env.writes()).toBe(writes);
    const pulls = await pullsOf(env.gh, cs.repo);
    expect(pulls.map((p) => [p.number, p.state])).toEqual([[pr!.number, "closed"]]);
    expect(env.store.getPr(cs.repo)).toMatchObject({ state: "closed", optedOut: true });
  });

  it("a merged PR is recorded as merged with its merge commit, and nothing is reopened", async () => {
    const env = await start();
    await env.run();
    const cs = sets[0]!;
    const [pr] = await pullsOf(env.gh, cs.repo);
    const { data: merge } = await env.gh.rest.pulls.merge({ ...split(cs.repo), pull_number: pr!.number });
    const report = await env.run([cs]);
    expect(report.refreshed).toEqual([{ repo: cs.repo, number: pr!.number, from: "open", to: "merged" }]);
    expect(outcomes(report)).toEqual({ [cs.repo]: "merged" });
    expect(env.store.getPr(cs.repo)).toMatchObject({ state: "merged", mergeSha: merge.sha });
  });

  it("after a merge, a different plan (a later scan found more to migrate) gets a new PR; the merged one stays as it was", async () => {
    const env = await start();
    const cs = sets[0]!;
    await env.run([cs]);
    const [merged] = await pullsOf(env.gh, cs.repo);
    await env.gh.rest.pulls.merge({ ...split(cs.repo), pull_number: merged!.number });
    const file = cs.files[0]!;
    const files = [{ path: file.path, before: file.content, content: `${file.content}# a later change\n` }];
    const planHash = planHashOf(files);
    const next: ChangeSet = { ...cs, files, planHash, body: `${markerComment("migration", planHash)}\n\nMore to migrate.\n` };
    const report = await env.run([next]);
    expect(outcomes(report)).toEqual({ [cs.repo]: "updated" });
    const pulls = await pullsOf(env.gh, cs.repo);
    expect(pulls.map((p) => [p.state, !!p.merged_at])).toEqual([
      ["open", false],
      ["closed", true],
    ]);
    expect(env.store.getPr(cs.repo)).toMatchObject({ number: pulls[0]!.number, state: "open", planHash });
  });

  it("a reviewer GitHub refuses does not fail the repo: the PR is opened and the refusal reported", async () => {
    const env = await start();
    const cs = { ...sets[0]!, reviewers: ["keyless-sandbox"] };
    const report = await env.run([cs]);
    expect(report.results[0]).toMatchObject({ outcome: "opened", message: expect.stringMatching(/^reviewers not set: Review cannot be requested from pull request author/) });
    expect((await pullsOf(env.gh, cs.repo))[0]?.labels.map((l) => l.name)).toEqual(["security"]);
  });

  it("a crash between the commit and the PR: the next run opens the PR for the existing branch, no duplicate", async () => {
    const env = await start();
    let failed = 0;
    const crashOnce: typeof fetch = async (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if ((init?.method ?? "GET") === "POST" && /\/pulls$/.test(new URL(url).pathname) && failed++ === 0) throw new TypeError("fetch failed: connection reset");
      return fetch(input, init);
    };
    const first = await env.run(sets, { fetch: crashOnce });
    expect(first.results.filter((r) => r.outcome === "failed").map((r) => r.repo)).toEqual([sets[0]!.repo]);
    const cs = sets[0]!;
    const head = await headOf(env.gh, cs.repo);
    expect(await pullsOf(env.gh, cs.repo)).toEqual([]);
    expect(env.store.getBranch(cs.repo, MIGRATION_BRANCH)?.headSha).toBe(head);

    const again = await env.run();
    expect(outcomes(again)[cs.repo]).toBe("completed");
    expect(await headOf(env.gh, cs.repo)).toBe(head);
    expect(await pullsOf(env.gh, cs.repo)).toHaveLength(1);
    expect(env.store.getPr(cs.repo)?.headSha).toBe(head);
    expect(outcomes(await env.run())[cs.repo]).toBe("unchanged");
  });

  it("the same crash with the state lost: keyless's commit is recognised by its trailer", async () => {
    const env = await start();
    let failed = 0;
    const crashOnce: typeof fetch = async (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if ((init?.method ?? "GET") === "POST" && /\/pulls$/.test(new URL(url).pathname) && failed++ === 0) throw new TypeError("fetch failed");
      return fetch(input, init);
    };
    await env.run([sets[0]!], { fetch: crashOnce });
    const report = await env.run([sets[0]!], { store: openMemoryStateStore() });
    expect(outcomes(report)).toEqual({ [sets[0]!.repo]: "completed" });
    expect(await pullsOf(env.gh, sets[0]!.repo)).toHaveLength(1);
  });

  it("without the state, a pre-created branch whose head forges keyless's trailer over an extra commit is never adopted", async () => {
    const env = await start();
    const cs = sets[0]!;
    const at = split(cs.repo);
    const baseSha = await headOf(env.gh, cs.repo, cs.baseBranch);
    const { data: baseCommit } = await env.gh.rest.git.getCommit({ ...at, commit_sha: baseSha });
    // An extra commit on the base (a workflow that would run with the PR), then keyless's exact change on top of it.
    const { data: evilTree } = await env.gh.rest.git.createTree({ ...at, base_tree: baseCommit.tree.sha, tree: [{ path: ".github/workflows/steal.yml", mode: "100644", type: "blob", content: "on: pull_request\n" }] });
    const { data: evil } = await env.gh.rest.git.createCommit({ ...at, message: "chore: tidy", tree: evilTree.sha, parents: [baseSha] });
    const { data: forgedTree } = await env.gh.rest.git.createTree({ ...at, base_tree: evilTree.sha, tree: cs.files.map((f) => ({ path: f.path, mode: "100644" as const, type: "blob" as const, content: f.content })) });
    const { data: forged } = await env.gh.rest.git.createCommit({ ...at, message: `Assume AWS roles\n\n${commitTrailerOf(cs)}\n`, tree: forgedTree.sha, parents: [evil.sha] });
    await env.gh.rest.git.createRef({ ...at, ref: `refs/heads/${MIGRATION_BRANCH}`, sha: forged.sha });

    const report = await env.run([cs]);
    expect(outcomes(report)).toEqual({ [cs.repo]: "human-pushed" });
    expect(await pullsOf(env.gh, cs.repo)).toEqual([]);
    expect(await headOf(env.gh, cs.repo)).toBe(forged.sha);

    // The trailer on the base's child with a tree keyless would not write is not keyless's either: left alone, not rewritten.
    const { data: otherTree } = await env.gh.rest.git.createTree({ ...at, base_tree: baseCommit.tree.sha, tree: [{ path: "NOTES.md", mode: "100644", type: "blob", content: "by hand\n" }] });
    const { data: other } = await env.gh.rest.git.createCommit({ ...at, message: `Notes\n\n${commitTrailerOf(cs)}\n`, tree: otherTree.sha, parents: [baseSha] });
    await env.gh.rest.git.updateRef({ ...at, ref: `heads/${MIGRATION_BRANCH}`, sha: other.sha, force: true });
    expect(outcomes(await env.run([cs]))).toEqual({ [cs.repo]: "human-pushed" });
    expect(await headOf(env.gh, cs.repo)).toBe(other.sha);
  });

  it("a classic token without the workflow scope stops before anything is written, saying which scope", async () => {
    const env = await start();
    env.sandbox.world.github.tokens.push({ token: "ghp_repo_without_workflow_not_real", scopes: ["repo"], login: "keyless-sandbox" });
    await expect(env.run(sets, { token: "ghp_repo_without_workflow_not_real" })).rejects.toMatchObject({
      code: "MissingTokenScope",
      message: expect.stringMatching(/lacks the `workflow` scope .*\.github\/workflows\/.*Nothing was written/),
    });
    expect(env.writes()).toBe(0);
  });

  it("a token that does not tell its scopes (fine-grained) and may not write workflows: stopped at the first workflow write", async () => {
    const env = await start();
    env.sandbox.world.github.tokens.push({ token: "github_pat_no_workflows_not_real", scopes: ["repo"], login: "keyless-sandbox" });
    const noScopeHeader: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const headers = new Headers(response.headers);
      headers.delete("x-oauth-scopes");
      return new Response(response.status === 204 ? null : await response.arrayBuffer(), { status: response.status, headers });
    };
    await expect(env.run(sets, { token: "github_pat_no_workflows_not_real", fetch: noScopeHeader })).rejects.toMatchObject({ code: "MissingWorkflowPermission" });
    for (const repo of REPOS) {
      expect(await pullsOf(env.gh, repo)).toEqual([]);
      await expect(headOf(env.gh, repo)).rejects.toMatchObject({ status: 404 });
    }
  });

  it("a workflow edited on the base branch since the scan: skipped, so nobody's edit is undone", async () => {
    const env = await start();
    const cs = sets[0]!;
    const repo = env.sandbox.world.github.repos.find((r) => r.fullName === cs.repo)!;
    repo.files[cs.files[0]!.path] = `${repo.files[cs.files[0]!.path]}# edited on main\n`;
    const report = await env.run([cs]);
    expect(outcomes(report)).toEqual({ [cs.repo]: "base-changed" });
    expect(report.results[0]?.message).toContain(cs.files[0]!.path);
    expect(env.writes()).toBe(0);
  });

  it("the Terraform PR goes to the infra repo on its own branch, beside that repo's migration PR", async () => {
    const env = await start();
    const infra = "acme/billing-api";
    const tf = buildTerraformChangeSet({ plan: stages.plan, files: stages.terraform, repo: infra, baseBranch: "main", path: "keyless/", repos: REPOS })!;
    const report = await env.run([tf, ...sets]);
    expect(report.results.map((r) => [r.repo, r.branch, r.outcome])).toContainEqual([infra, TERRAFORM_BRANCH, "opened"]);
    expect(report.results.map((r) => [r.repo, r.branch, r.outcome])).toContainEqual([infra, MIGRATION_BRANCH, "opened"]);
    expect(env.store.getPr(infra)?.branch).toBe(MIGRATION_BRANCH);
    expect(env.store.getPr(infra, TERRAFORM_BRANCH)?.kind).toBe("terraform");
    const { data: tree } = await env.gh.rest.git.getTree({ ...split(infra), tree_sha: await headOf(env.gh, infra, TERRAFORM_BRANCH), recursive: "1" });
    expect(tree.tree.filter((e) => e.path?.startsWith("keyless/") && e.type === "blob")).toHaveLength(stages.terraform.length);
    expect(outcomes(await env.run([tf]))).toEqual({ [infra]: "unchanged" });
  });

  it("an archived repo is skipped without a write", async () => {
    const env = await start();
    const archived = { ...sets[0]!, repo: "acme/website-2019" };
    expect(outcomes(await env.run([archived]))).toEqual({ "acme/website-2019": "archived" });
    expect(env.writes()).toBe(0);
  });
});

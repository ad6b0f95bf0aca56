// Helpers for the end-to-end tests of verify and retire on the sandbox: the commands run in-process
// through commander, a clock that follows the sandbox's, and keyless's pull request opened the way
// `keyless pr --apply` opens it (branch, one commit, PR, a record in the state).
import { Writable } from "node:stream";
import { Command } from "commander";
import type { Io } from "../../cli/io.js";
import { registerRetireCommand } from "../../cli/commands/retire.js";
import { registerVerifyCommand } from "../../cli/commands/verify.js";
import { githubClient, type GithubClient } from "../../discover/github/client.js";
import { RequestCounter } from "../../discover/request-counter.js";
import type { FilePatch } from "../../generate/workflows/types.js";
import type { Sandbox } from "../../sandbox/index.js";
import type { StateStore } from "../../state/store.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `keyless <args>` (verify or retire) in-process against the sandbox, at the sandbox's time. */
export async function keyless(sandbox: Sandbox, cwd: string, args: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (append(String(chunk)), done()) });
  const io: Io = {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    env: { ...sandbox.env },
    cwd,
    now: () => new Date(sandbox.world.now),
    waitForInterrupt: () => Promise.resolve(),
  };
  const result = { code: 0 };
  const program = new Command("keyless").exitOverride().configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  registerVerifyCommand(program, io, result);
  registerRetireCommand(program, io, result);
  await program.parseAsync(["node", "keyless", ...args]);
  return { code: result.code, stdout, stderr };
}

export function sandboxGithub(sandbox: Sandbox): GithubClient {
  return githubClient({ token: sandbox.env.GITHUB_TOKEN ?? "", apiUrl: sandbox.env.GITHUB_API_URL ?? "", maxRetries: 0 }, new RequestCounter());
}

/** Opens keyless's pull request with the patched workflows and records it, as `keyless pr --apply` does. */
export async function openMigrationPr(gh: GithubClient, store: StateStore, name: string, patches: FilePatch[], at: string): Promise<number> {
  const [owner = "", repo = ""] = name.split("/");
  const { data: r } = await gh.rest.repos.get({ owner, repo });
  const { data: ref } = await gh.rest.git.getRef({ owner, repo, ref: `heads/${r.default_branch}` });
  const { data: base } = await gh.rest.git.getCommit({ owner, repo, commit_sha: ref.object.sha });
  const { data: tree } = await gh.rest.git.createTree({ owner, repo, base_tree: base.tree.sha, tree: patches.map((p) => ({ path: p.path, mode: "100644" as const, type: "blob" as const, content: p.after })) });
  const { data: commit } = await gh.rest.git.createCommit({ owner, repo, message: "Move to GitHub OIDC", tree: tree.sha, parents: [ref.object.sha] });
  const branch = "keyless/oidc-migration";
  await gh.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha });
  const { data: pr } = await gh.rest.pulls.create({ owner, repo, head: branch, base: r.default_branch, title: "Move AWS credentials to GitHub OIDC" });
  store.upsertPr({ repo: name, number: pr.number, url: pr.html_url, branch, baseBranch: r.default_branch, headSha: commit.sha, planHash: "test", state: "open", openedAt: at, updatedAt: at });
  return pr.number;
}

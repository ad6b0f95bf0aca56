// The job summary is Markdown that GitHub renders on the run's page: names from repositories
// (step names, here) carrying Markdown, HTML, links and terminal controls stay text in it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { buildScenario } from "../../src/sandbox/scenario/index.js";
import { packAction, runAction, type ActionRun } from "../support/action-runner.js";
import { liveMarkdown } from "../support/report/live-markdown.js";

const PAYLOAD = "[x](//evil.example) ![i](//evil.example/p.png) <https://evil.example> <img src=x onerror=alert(1)> @admins \u001b[31mred \u202egnp.exe";

let sandbox: Sandbox;
let run: ActionRun;

beforeAll(async () => {
  const world = buildScenario("acme");
  for (const repo of world.github.repos) {
    for (const [path, text] of Object.entries(repo.files)) {
      // Every step gets the payload in its name (JSON strings are YAML double-quoted strings).
      if (typeof text === "string") repo.files[path] = text.replace(/^(\s*)- name: (.+)$/gm, (_, indent: string, name: string) => `${indent}- name: ${JSON.stringify(`${name.replace(/^["']|["']$/g, "")} ${PAYLOAD}`)}`);
    }
  }
  let actionDir: string;
  [actionDir, sandbox] = await Promise.all([packAction(), startSandbox({ world })]);
  run = await runAction(actionDir, { organization: "acme", "github-token": sandbox.env.GITHUB_TOKEN ?? "" }, { ...sandbox.env, GITHUB_TOKEN: undefined });
}, 240_000);
afterAll(async () => {
  await sandbox?.close();
});

describe("the action's job summary with hostile step names", () => {
  it("shows them as text: no link, image, HTML, mention or terminal control", () => {
    expect(run.code).toBe(0);
    expect(run.summary).toContain("evil.example"); // the payload is there, as text
    expect(liveMarkdown(run.summary)).toEqual([]);
    expect(run.summary).not.toMatch(/[\u001b\u202e]/);
    expect(run.summary).not.toMatch(/(^|\s)@admins/);
  });
});

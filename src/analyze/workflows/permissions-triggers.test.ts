// Shape e (permissions blocks, id-token: write granted while keys are still used) and shape f
// (triggers in every form, with the flags that matter for fork exposure).
import { describe, expect, it } from "vitest";
import { analyzeOne, lines } from "../../../test/support/analyze/workflows.js";

const job = (extra: string[] = []) => [
  "jobs:",
  "  j:",
  "    runs-on: ubuntu-latest",
  ...extra,
  "    steps:",
  "      - run: ./ship",
  "        env:",
  "          AWS_ACCESS_KEY_ID: ${{ secrets.K }}",
  "          AWS_SECRET_ACCESS_KEY: ${{ secrets.S }}",
];

describe("permissions", () => {
  it("takes job permissions over workflow permissions, and sees id-token: write next to keys", () => {
    const text = lines("on: push", "permissions:", "  contents: read", ...job(["    permissions:", "      id-token: write", "      contents: read"]));
    const [u] = analyzeOne(text).usages;
    expect(u?.permissions).toMatchObject({ source: "job", value: { "id-token": "write", contents: "read" }, idTokenWrite: true, span: { line: 7 } });
  });

  it("falls back to workflow permissions, then to the default", () => {
    const top = analyzeOne(lines("on: push", "permissions: write-all", ...job())).usages[0];
    expect(top?.permissions).toMatchObject({ source: "workflow", value: "write-all", idTokenWrite: true });
    const none = analyzeOne(lines("on: push", "permissions: {}", ...job())).usages[0];
    expect(none?.permissions).toMatchObject({ source: "workflow", value: {}, idTokenWrite: false });
    const dflt = analyzeOne(lines("on: push", ...job())).usages[0];
    expect(dflt?.permissions).toEqual({ source: "default", value: {}, idTokenWrite: false });
  });
});

describe("triggers", () => {
  const triggersOf = (...on: string[]) => analyzeOne(lines(...on, ...job())).usages[0]?.triggers;

  it("normalises a scalar, a flow list and a mapping with filters", () => {
    expect(triggersOf("on: push")?.events).toEqual(["push"]);
    expect(triggersOf("on: [push, pull_request]")).toMatchObject({ events: ["push", "pull_request"], forkReachable: true, secretsReachableFromForks: false });
    const mapped = triggersOf(
      "on:",
      "  push:",
      "    branches: [main, 'release/**']",
      "    tags: ['v*']",
      "  schedule:",
      "    - cron: '0 6 * * *'",
      "  release:",
      "    types: [published]",
      "  workflow_dispatch: {}",
      "  repository_dispatch:",
      "    types: deploy",
    );
    expect(mapped?.details).toEqual([
      { name: "push", branches: ["main", "release/**"], tags: ["v*"] },
      { name: "schedule", cron: ["0 6 * * *"] },
      { name: "release", types: ["published"] },
      { name: "workflow_dispatch" },
      { name: "repository_dispatch", types: ["deploy"] },
    ]);
    expect(mapped).toMatchObject({ forkReachable: false, pullRequestTarget: false, workflowRun: false, reusable: false });
  });

  it("flags pull_request_target, workflow_run, comments and reusable workflows", () => {
    expect(triggersOf("on:", "  pull_request_target:", "    types: [closed]")).toMatchObject({ pullRequestTarget: true, secretsReachableFromForks: true });
    expect(triggersOf("on:", "  workflow_run:", "    workflows: [CI]", "    types: [completed]")).toMatchObject({
      workflowRun: true,
      secretsReachableFromForks: true,
      details: [{ name: "workflow_run", workflows: ["CI"], types: ["completed"] }],
    });
    expect(triggersOf("on: issue_comment")).toMatchObject({ forkReachable: true, secretsReachableFromForks: true });
    expect(triggersOf("on:", "  workflow_call:", "  workflow_dispatch:")).toMatchObject({ reusable: true, events: ["workflow_call", "workflow_dispatch"] });
  });

  it("reads `on:` wherever it sits in the file", () => {
    const text = lines(...job(), "on:", "  push:", "    branches: [develop]", "name: late on");
    expect(analyzeOne(text).usages[0]?.triggers?.details).toEqual([{ name: "push", branches: ["develop"] }]);
  });
});

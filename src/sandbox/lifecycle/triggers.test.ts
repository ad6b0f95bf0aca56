import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { pushRuns, triggerFor, triggersOf } from "./triggers.js";

const on = (text: string) => triggersOf(parse(text));

describe("which runs a push to the default branch starts", () => {
  test("branch filters, negations and branches-ignore", () => {
    expect(pushRuns(on("on: push"), "main")).toBe(true);
    expect(pushRuns(on("on: [push, pull_request]"), "main")).toBe(true);
    expect(pushRuns(on("on:\n  push:\n    branches: [main, 'release/**']"), "main")).toBe(true);
    expect(pushRuns(on("on:\n  push:\n    branches: ['release/*']"), "main")).toBe(false);
    expect(pushRuns(on("on:\n  push:\n    branches: ['*', '!main']"), "main")).toBe(false);
    expect(pushRuns(on("on:\n  push:\n    branches-ignore: [main]"), "main")).toBe(false);
    expect(pushRuns(on("on:\n  push:\n    tags: ['v*']"), "main")).toBe(false);
    expect(pushRuns(on("on: pull_request"), "main")).toBe(false);
  });

  test("path filters against the files the merge changed", () => {
    const docsOnly = on("on:\n  push:\n    paths: ['docs/**']");
    expect(pushRuns(docsOnly, "main", ["docs/a/b.md"])).toBe(true);
    expect(pushRuns(docsOnly, "main", ["src/x.ts"])).toBe(false);
    const ignoreDocs = on("on:\n  push:\n    paths-ignore: ['**.md']");
    expect(pushRuns(ignoreDocs, "main", ["README.md"])).toBe(false);
    expect(pushRuns(ignoreDocs, "main", ["README.md", ".github/workflows/ci.yml"])).toBe(true);
  });

  test("a workflow that a push does not run is tried on its schedule, by hand, or on a matching tag", () => {
    expect(triggerFor(on("on:\n  schedule:\n    - cron: '0 5 * * *'\n  workflow_dispatch:"), "main")).toEqual({ event: "schedule", ref: "refs/heads/main" });
    expect(triggerFor(on("on: workflow_dispatch"), "main")).toEqual({ event: "workflow_dispatch", ref: "refs/heads/main" });
    expect(triggerFor(on("on:\n  push:\n    tags: ['v*.*.*']"), "main")).toEqual({ event: "push", ref: "refs/tags/v1.0.0" });
    expect(triggerFor(on("on: pull_request"), "main")).toBeUndefined();
    expect(triggerFor(on("on:\n  workflow_call:"), "main")).toBeUndefined();
  });
});

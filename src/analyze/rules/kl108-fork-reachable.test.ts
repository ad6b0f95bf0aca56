import { describe, expect, it } from "vitest";
import { KL108 } from "./kl108-fork-reachable.js";
import { DEPLOY, context, repoWith } from "../../../test/support/analyze/rules-fixtures.js";

const withTrigger = (on: string) => DEPLOY.replace("on:\n  push:\n    branches: [main]\n", `on:\n${on}\n`);

describe("KL108 key reachable from fork-triggered workflows", () => {
  it("flags pull_request_target at the usage", () => {
    const text = withTrigger("  pull_request_target:\n    types: [opened]\n  push:");
    const [f] = KL108.check(context({ repos: [repoWith("acme/app", text)] }));
    expect(f?.severity).toBe("high");
    expect(f?.message).toContain("runs on `pull_request_target` with the repository's secrets");
    expect(f?.location?.line).toBe(14);
  });

  it("flags workflow_run and issue_comment", () => {
    for (const on of ["  workflow_run:\n    workflows: [ci]\n    types: [completed]\n ", "  issue_comment:\n    types: [created]\n "]) {
      expect(KL108.check(context({ repos: [repoWith("acme/app", withTrigger(on))] }))).toHaveLength(1);
    }
  });

  it("does not flag pull_request (no secrets for forks) or push", () => {
    expect(KL108.check(context({ repos: [repoWith("acme/app", withTrigger("  pull_request:\n "))] }))).toEqual([]);
    expect(KL108.check(context({ repos: [repoWith("acme/app", DEPLOY)] }))).toEqual([]);
  });
});

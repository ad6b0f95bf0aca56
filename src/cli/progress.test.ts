import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgress } from "./progress.js";

function sink(tty: boolean) {
  let text = "";
  const stream = Object.assign(new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } }), { isTTY: tty });
  return { stream, text: () => text };
}

describe("progress", () => {
  it("is line-oriented when not a terminal: skips and long waits, then one summary", () => {
    const out = sink(false);
    const progress = createProgress(out.stream, { quiet: false });
    progress.onEvent({ type: "aws-accounts", total: 2 });
    progress.onEvent({ type: "aws-account-done", accountId: "111111111111", keys: 3, ok: true });
    progress.onEvent({ type: "aws-account-done", accountId: "222222222222", keys: 0, ok: false, reason: "AccessDenied" });
    progress.onEvent({ type: "wait", side: "github", seconds: 1200, reason: "primary rate limit" });
    progress.done();
    expect(out.text()).not.toContain("\r");
    expect(out.text().trim().split("\n")).toEqual([
      "aws: 2 accounts to read",
      "aws: account 222222222222 skipped: AccessDenied",
      "github: waiting 1200 s — primary rate limit",
      "AWS 2/2 accounts, 3 keys · GitHub 0/0 repos · 1 skipped",
    ]);
  });

  it("prints nothing with --quiet", () => {
    const out = sink(true);
    const progress = createProgress(out.stream, { quiet: true });
    progress.onEvent({ type: "github-repos", total: 5 });
    progress.done();
    expect(out.text()).toBe("");
  });
});

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
    progress.onEvent({ type: "github-repos", total: 10 });
    progress.onEvent({ type: "github-repo-done", repo: "acme/api", ok: true });
    progress.onEvent({ type: "eta", side: "github", at: "2026-11-20T15:30:00.000Z" });
    progress.onEvent({ type: "wait", side: "github", seconds: 1200, reason: "primary rate limit", until: "2026-11-20T13:00:00.000Z" });
    progress.done();
    expect(out.text()).not.toContain("\r");
    expect(out.text().trim().split("\n")).toEqual([
      "aws: 2 accounts to read",
      "aws: account 222222222222 skipped: AccessDenied",
      "github: 10 repositories to read",
      "github: waiting 20 min (until 13:00:00 UTC) — primary rate limit · scan ETA 15:30:00 UTC",
      "AWS 2/2 accounts, 3 keys · GitHub 1/10 repos · 1 skipped · ETA 15:30:00 UTC",
    ]);
  });

  it("says on the live line that the scan waits for the rate limit, until when, and its ETA", () => {
    const out = sink(true);
    const progress = createProgress(out.stream, { quiet: false });
    const until = new Date(Date.now() + 30 * 60_000).toISOString();
    progress.onEvent({ type: "github-repos", total: 10 });
    progress.onEvent({ type: "github-repo-done", repo: "acme/api", ok: true });
    progress.onEvent({ type: "eta", side: "github", at: "2026-11-20T15:30:00.000Z" });
    progress.onEvent({ type: "wait", side: "github", seconds: 1800, reason: "GitHub REST rate limit used up", until });
    expect(out.text()).toContain(`github: waiting 30 min (until ${until.slice(11, 19)} UTC) — GitHub REST rate limit used up · scan ETA 15:30:00 UTC`);
    const live = out.text().split("\r\x1b[2K").at(-1)!;
    expect(live).toBe(`AWS 0/0 accounts, 0 keys · GitHub 1/10 repos · waiting for GitHub's rate limit until ${until.slice(11, 19)} UTC · ETA 15:30:00 UTC`);
  });

  it("prints nothing with --quiet", () => {
    const out = sink(true);
    const progress = createProgress(out.stream, { quiet: true });
    progress.onEvent({ type: "github-repos", total: 5 });
    progress.done();
    expect(out.text()).toBe("");
  });

  it("in a multi-organization scan, names each organization's count and counts them all on the summary line", () => {
    const out = sink(false);
    const progress = createProgress(out.stream, { quiet: false });
    progress.onEvent({ type: "github-repos", total: 48, org: "acme", orgTotal: 48 });
    progress.onEvent({ type: "github-repos", total: 52, org: "acme-labs", orgTotal: 4 });
    for (let i = 0; i < 52; i++) progress.onEvent({ type: "github-repo-done", repo: `r${i}`, ok: true });
    progress.done();
    expect(out.text().trim().split("\n")).toEqual(["github: 48 repositories to read in acme", "github: 4 repositories to read in acme-labs", "AWS 0/0 accounts, 0 keys · GitHub 52/52 repos"]);
  });
});

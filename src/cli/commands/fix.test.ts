// fix writes only over the exact bytes its patch was made from: a workflow edited between the read
// and the write (an editor, a git checkout) keeps that edit, and fix says so.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { staticKeyWorkflow } from "../../../test/support/checkout.js";
import type { Io } from "../io.js";

const edits = vi.hoisted(() => ({ during: undefined as undefined | (() => void) }));
vi.mock("../../generate/workflows/index.js", async (original) => {
  const real = await original<typeof import("../../generate/workflows/index.js")>();
  return { ...real, patchRepo: (input: Parameters<typeof real.patchRepo>[0]) => (edits.during?.(), real.patchRepo(input)) };
});
const { runFix } = await import("./fix.js");

function io(cwd: string): Io & { out: () => string } {
  const stdout = new PassThrough();
  let text = "";
  stdout.on("data", (d) => (text += String(d)));
  return { stdout, stderr: new PassThrough(), env: {}, cwd, now: () => new Date("2026-11-20T12:00:00Z"), waitForInterrupt: () => new Promise(() => {}), out: () => text };
}

describe("fix --local", () => {
  it("leaves a workflow edited since it was read as it is now, and says so", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keyless-fix-"));
    const path = join(dir, ".github", "workflows", "deploy.yml");
    mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
    writeFileSync(path, staticKeyWorkflow());
    const edited = `${staticKeyWorkflow()}# edited while keyless ran\n`;
    edits.during = () => writeFileSync(path, edited);
    const terminal = io(dir);
    await runFix({ local: dir, roleArn: "arn:aws:iam::111111111111:role/gha", dryRun: false }, terminal);
    expect(readFileSync(path, "utf8")).toBe(edited);
    expect(terminal.out()).toMatch(/not fixed .*deploy\.yml: the file changed since it was read/);
    edits.during = undefined;
    await runFix({ local: dir, roleArn: "arn:aws:iam::111111111111:role/gha", dryRun: false }, io(dir));
    expect(readFileSync(path, "utf8")).toContain("role-to-assume");
  });
});

// `keyless tui` refuses what it cannot do before it takes over the terminal, with the CLI's errors.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Io } from "../cli/io.js";
import { runTui, type TuiOptions } from "./run.js";

const options: TuiOptions = {
  sandbox: false, scenario: "acme", aws: true, github: true, auditRole: "OrganizationAccountAccessRole", concurrency: 8, cloudtrail: true, deep: false, quiet: false, apply: false,
};
const io = (tty: boolean): Io => ({
  stdout: Object.assign(new PassThrough(), { isTTY: tty }),
  stderr: new PassThrough(),
  env: {},
  cwd: "/nonexistent",
  now: () => new Date("2026-11-20T12:00:00Z"),
  waitForInterrupt: () => new Promise(() => {}),
});
const ttyIn = Object.assign(new PassThrough(), { isTTY: true }) as unknown as NodeJS.ReadStream;

describe("runTui", () => {
  it("needs a terminal", async () => {
    await expect(runTui({ ...options, org: "acme" }, io(false), { stdin: ttyIn })).rejects.toMatchObject({ code: "NotATerminal", remediation: expect.stringContaining("keyless audit") });
  });

  it("asks for the organization before opening the screen", async () => {
    await expect(runTui(options, io(true), { stdin: ttyIn })).rejects.toMatchObject({ code: "MissingOrg" });
    await expect(runTui({ ...options, aws: false, github: false }, io(true), { stdin: ttyIn })).rejects.toMatchObject({ code: "NothingToScan" });
  });
});

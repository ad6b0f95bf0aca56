// What a command may touch of the process: streams, environment, clock, interrupts. Passing it in
// keeps commands testable in-process.
import type { Writable } from "node:stream";

export interface Io {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  now(): Date;
  waitForInterrupt(): Promise<void>;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    // KEYLESS_NOW pins the clock (reproducible sample reports and tests).
    now: () => (process.env.KEYLESS_NOW ? new Date(process.env.KEYLESS_NOW) : new Date()),
    waitForInterrupt: () =>
      new Promise((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      }),
  };
}

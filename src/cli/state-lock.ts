// --wait-for-lock: what a writing run (pr --apply, retire --apply) does when another holds the
// state's run lock (src/state/run-lock.ts): stop at once with exit code 75 (the default), or wait.
import { Option } from "commander";
import type { LockOptions } from "../state/index.js";
import type { Io } from "./io.js";
import { positiveInt } from "./parsers.js";

export interface WaitForLockOption {
  waitForLock?: number;
}

export function waitForLockOption(): Option {
  return new Option("--wait-for-lock <seconds>", "with --apply, when another run holds the state's lock: wait this long for it (default: stop at once, exit code 75)").argParser(positiveInt);
}

export function stateLock(options: WaitForLockOption, io: Io): LockOptions {
  return { waitSeconds: options.waitForLock ?? 0, onWait: (message) => io.stderr.write(message) };
}

// The run lock: two keyless runs that write (pr --apply, retire --apply, tui --apply) never act on
// the same state at once. The second one says who holds the lock, then waits (--wait-for-lock) or
// stops with exit code 75 (EX_TEMPFAIL: try again later). PostgreSQL holds it as a session advisory
// lock (pg-store.ts), released by the server when the holder's connection ends, even on a crash;
// SQLite as a lock file beside the database, taken over when its holder's process is gone.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { KeylessError } from "../core/errors.js";
import { refuseSymlinks } from "../core/no-follow.js";
import { maskUrlsIn } from "./state-url.js";

export interface LockHolder {
  host: string;
  pid: number;
  command: string;
  startedAt: string;
}

export interface LockOptions {
  /** Seconds to wait for another run's lock before giving up (0: give up at once). */
  waitSeconds?: number;
  /** Told once, when the lock is held by another run and this one starts waiting. */
  onWait?: (message: string) => void;
}

export const LOCKED_EXIT_CODE = 75;

/** Who this process is, as recorded for a run that finds the lock taken. Never a password. */
export function thisRun(): LockHolder {
  const command = ["keyless", ...process.argv.slice(2)].join(" ");
  return { host: hostname(), pid: process.pid, command: clean(maskUrlsIn(command)).slice(0, 500), startedAt: new Date().toISOString() };
}

/** A holder's fields come from another process (or a file a checkout could plant): printed plainly. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
}

export function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return "another keyless run (it has not recorded who it is yet)";
  return `\`${clean(String(holder.command))}\` (pid ${Number(holder.pid)} on ${clean(String(holder.host))}, since ${clean(String(holder.startedAt))})`;
}

export function lockedError(label: string, holder: LockHolder | undefined, waitedSeconds: number): KeylessError {
  return new KeylessError(
    "StateLocked",
    `The state ${label} is in use by ${describeHolder(holder)}${waitedSeconds > 0 ? `; waited ${waitedSeconds}s` : ""}.`,
    "Let that run finish, or pass --wait-for-lock <seconds> to wait for it. A run that died releases its lock (PostgreSQL: when its connection ends; SQLite: the next run takes over the lock file of a process that is gone).",
    { exitCode: LOCKED_EXIT_CODE },
  );
}

export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, ms));
}

/**
 * Tries `take` until it succeeds or the wait runs out; `holder` says who has it meanwhile.
 * Synchronous, like the store it guards: a run waiting for the lock has nothing else to do.
 */
export function acquire(label: string, take: () => boolean, holder: () => LockHolder | undefined, options: LockOptions): void {
  const wait = Math.max(0, options.waitSeconds ?? 0);
  const deadline = Date.now() + wait * 1000;
  let told = false;
  for (;;) {
    if (take()) return;
    const who = holder();
    const left = deadline - Date.now();
    if (left <= 0) throw lockedError(label, who, wait);
    if (!told) options.onWait?.(`The state ${label} is in use by ${describeHolder(who)}: waiting up to ${wait}s for it.\n`);
    told = true;
    sleepSync(Math.min(500, left));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as Partial<LockHolder>;
    return typeof value.pid === "number" && typeof value.host === "string" ? (value as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the SQLite state's lock file (`<state>.lock`); returns its release. */
export function lockFile(path: string, options: LockOptions): () => void {
  const file = `${path}.lock`;
  const me = thisRun();
  const take = (): boolean => {
    refuseSymlinks(file);
    try {
      const fd = openSync(file, "wx", 0o600);
      try {
        writeSync(fd, `${JSON.stringify(me)}\n`);
      } finally {
        closeSync(fd);
      }
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readHolder(file);
    // A holder on this machine whose process is gone (killed, crashed) left the file behind.
    if (holder && holder.host === me.host && !alive(holder.pid)) {
      unlinkSync(file);
      return take();
    }
    return false;
  };
  acquire(path, take, () => readHolder(file), options);
  return () => {
    const holder = readHolder(file);
    if (holder && holder.pid === me.pid && holder.startedAt === me.startedAt) unlinkSync(file);
  };
}

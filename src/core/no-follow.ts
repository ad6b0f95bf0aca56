// The one way keyless touches files a checkout could have planted links in: every folder and file it
// writes (reports, inventory, plan, Terraform, patched workflows, state) and every file `--local`
// reads is reached with no symbolic link followed on the path. A committed `reports/findings.csv`
// link, a `.github/workflows` link to another repository or a workflow linked to ~/.aws/credentials
// must never redirect a read or a write.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, type Stats } from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, isAbsolute, join, parse, relative, resolve, sep } from "node:path";
import { KeylessError } from "./errors.js";

// Windows has no O_NOFOLLOW; there the component walk below is the only guard.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

const REMEDIATION =
  "keyless never writes or reads through a symbolic link (a checkout can commit one pointing anywhere). Remove the link, or pass the real path (see `realpath`).";

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * The first component of `path` that is a symbolic link, walking down from `from` (the filesystem
 * root by default; `from` itself is not checked); undefined when there is none. A component that does
 * not exist ends the walk: nothing below it exists either.
 */
export function symlinkOnPath(path: string, from?: string): string | undefined {
  const target = resolve(path);
  const start = from === undefined ? parse(target).root : resolve(from);
  const rel = relative(start, target);
  if (rel.startsWith("..") || isAbsolute(rel)) return symlinkOnPath(target);
  let current = start;
  for (const part of rel.split(sep).filter(Boolean)) {
    current = join(current, part);
    const info = lstatOrUndefined(current);
    if (!info) return undefined;
    if (info.isSymbolicLink()) return current;
  }
  return undefined;
}

/** Throws SymlinkRefused when any component of `path` (from the filesystem root) is a symbolic link. */
export function refuseSymlinks(path: string): void {
  const link = symlinkOnPath(path);
  if (link === undefined) return;
  const what = link === resolve(path) ? "it is" : `${JSON.stringify(link)} on its path is`;
  throw new KeylessError("SymlinkRefused", `Refusing to use ${JSON.stringify(resolve(path))}: ${what} a symbolic link.`, REMEDIATION);
}

/** Creates `dir` and its missing parents one at a time, refusing any symbolic link on the way. */
export function makeDirNoFollow(dir: string): void {
  const target = resolve(dir);
  refuseSymlinks(target);
  const missing: string[] = [];
  for (let d = target; !lstatOrUndefined(d); d = dirname(d)) missing.unshift(d);
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    // Something may have raced in between; a link here would redirect everything below.
    refuseSymlinks(d);
  }
}

/** `path` (relative, from a repository or a report name) under `root`, refusing one that leaves it. */
export function pathUnder(root: string, path: string): string {
  const target = resolve(root, path);
  const rel = relative(resolve(root), target);
  if (rel.startsWith("..") || isAbsolute(rel) || rel === "") {
    throw new KeylessError("UnsafePath", `Refusing to write ${JSON.stringify(path)}: it leaves ${root}.`, "This comes from a repository or file name; report it, it should not happen.");
  }
  return target;
}

export interface FileToWrite {
  /** Relative to the root folder. */
  path: string;
  text: string;
}

/**
 * Writes `files` under `root`. Every target is checked before the first is written, so a refused
 * link leaves no half-written set. Each file goes to a fresh temporary file in its own folder
 * (opened O_CREAT|O_EXCL|O_NOFOLLOW) renamed over the target: rename replaces a link, never follows it.
 */
export function writeFilesUnder(root: string, files: FileToWrite[]): string[] {
  const targets = files.map((f) => pathUnder(root, f.path));
  for (const target of targets) refuseSymlinks(target);
  return files.map((file, i) => {
    const target = targets[i] as string;
    makeDirNoFollow(dirname(target));
    const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.keyless-tmp`);
    const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o644);
    try {
      writeSync(fd, file.text);
    } catch (error) {
      closeSync(fd);
      unlinkSync(temporary);
      throw error;
    }
    closeSync(fd);
    try {
      refuseSymlinks(target);
      renameSync(temporary, target);
    } catch (error) {
      unlinkSync(temporary);
      throw error;
    }
    return target;
  });
}

/**
 * Reads a regular file with O_NOFOLLOW, up to `maxBytes`: `{ size }` alone when it is larger, undefined
 * when it is a link, missing, or not a regular file. The caller has checked the folders above it.
 */
export function readFileNoFollow(path: string, maxBytes: number): { size: number; text?: string } | undefined {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO planted where a workflow should be must not hang the scan.
    fd = openSync(path, constants.O_RDONLY | NOFOLLOW | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return undefined;
    if (info.size > maxBytes) return { size: info.size };
    return { size: info.size, text: readFileSync(fd, "utf8") };
  } finally {
    closeSync(fd);
  }
}

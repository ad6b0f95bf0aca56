// Finds and reads keyless.config.yaml. --config names it. Otherwise ./keyless.config.yaml is read only
// when it cannot have come with a repository: the config sets the OIDC issuer, the action ref, the
// role a fix assumes and the findings to suppress, so a file a checkout carries is not trusted
// unless the user names it. Every run that uses or passes over a config says so on stderr.
import { lstatSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, isAbsolute } from "node:path";
import { CONFIG_FILE_NAME, parseConfig } from "../config/parse.js";
import type { ConfigFile } from "../config/schema.js";
import { KeylessError } from "../core/errors.js";
import type { Io } from "./io.js";

/** --config's help, the same for every command. */
export const CONFIG_OPTION_HELP =
  "keyless.config.yaml (default: ./keyless.config.yaml, except inside a git checkout or the --local folder, where a config is read only when named; stderr says which file is used)";

export interface ConfigChoice {
  /** --config, relative to the working folder. */
  config?: string;
  /** --local: the folder being scanned, when there is one. */
  local?: string;
}

function inside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The folder at or above `dir` that holds a .git (folder, or file for worktrees), if any. */
function gitCheckoutAround(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (exists(join(d, ".git"))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** Why ./keyless.config.yaml must not be read implicitly from `cwd`, or undefined when it may be. */
export function implicitConfigDistrust(cwd: string, local?: string): string | undefined {
  if (local !== undefined && inside(cwd, resolve(cwd, local))) return "it lies in the folder scanned with --local";
  const checkout = gitCheckoutAround(cwd);
  if (checkout !== undefined) return `it lies in the git checkout ${checkout}`;
  return undefined;
}

export async function loadConfig(choice: ConfigChoice, io: Io): Promise<ConfigFile | undefined> {
  const file = resolve(io.cwd, choice.config ?? CONFIG_FILE_NAME);
  if (!choice.config) {
    if (!exists(file)) return undefined;
    const distrust = implicitConfigDistrust(io.cwd, choice.local);
    if (distrust !== undefined) {
      io.stderr.write(`keyless: not reading ${file}: ${distrust}, and a config that comes with a repository is not trusted implicitly. Pass --config ${CONFIG_FILE_NAME} to use it.\n`);
      return undefined;
    }
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new KeylessError("UnreadableConfig", `Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"}).`, "Check the path given to --config.");
  }
  io.stderr.write(`keyless: using config ${file}\n`);
  return parseConfig(text, file);
}

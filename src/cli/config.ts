// Finds and reads keyless.config.yaml: --config names it; otherwise the one in the current folder,
// if any. A named file that cannot be read is an error; a missing default is not.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CONFIG_FILE_NAME, parseConfig } from "../config/parse.js";
import type { ConfigFile } from "../config/schema.js";
import { KeylessError } from "../core/errors.js";

export async function loadConfig(path: string | undefined, cwd: string): Promise<ConfigFile | undefined> {
  const file = resolve(cwd, path ?? CONFIG_FILE_NAME);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (!path && (error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new KeylessError("UnreadableConfig", `Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"}).`, "Check the path given to --config.");
  }
  return parseConfig(text, file);
}

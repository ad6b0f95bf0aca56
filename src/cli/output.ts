// Writing command output under a folder: every path from outside (repo names, workflow paths)
// is checked to stay inside it, and written atomically (temporary file, then rename).
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { KeylessError } from "../core/errors.js";

export async function writeUnder(root: string, path: string, text: string): Promise<string> {
  const target = resolve(root, path);
  const rel = relative(root, target);
  if (rel.startsWith("..") || isAbsolute(rel) || rel === "") {
    throw new KeylessError("UnsafePath", `Refusing to write ${JSON.stringify(path)}: it leaves ${root}.`, "This comes from a repository or file name; report it, it should not happen.");
  }
  await mkdir(dirname(target), { recursive: true });
  const temporary = join(dirname(target), `.${process.pid}.${Date.now()}.keyless-tmp`);
  await writeFile(temporary, text);
  await rename(temporary, target);
  return target;
}

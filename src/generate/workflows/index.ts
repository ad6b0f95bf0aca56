// The workflow patcher: migrates the static AWS keys the analyzer found to GitHub OIDC, as minimal
// text edits checked with GitHub's workflow parser and a fresh analysis. Pure: text in, patches out.
import type { RoleAssignment, RoleChoice } from "./types.js";

export * from "./types.js";
export { patchWorkflowFile } from "./patch-file.js";
export { patchRepo } from "./patch-repo.js";
export { applyEdits, type TextEdit } from "./text-edits.js";

/** The same roles for every usage (what `keyless fix --local --role-arn … [--chain-role-arn …]` does). */
export function sameRolesForAll(choice: RoleChoice): RoleAssignment {
  return () => choice;
}

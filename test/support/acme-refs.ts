// A keyless.config.yaml that pins the refs a repository deploys from (plan.repos.<repo>.refs).
// keyless plans acme/customer-portal's tag filter release-* exactly on its own (GitHub's * stops at
// '/', kept so in IAM with a StringNotLike); a team that ships only one release line names it, and
// the config's ref then replaces the pattern. The pr command's tests pass it with --config, so the
// override goes through the CLI, the config file and the plan into the pull request.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

export const ACME_REFS_FILE = "acme-refs.config.yaml";

/** The one tag customer-portal's trust names with the config (instead of release-*). */
export const CUSTOMER_PORTAL_TAG = "refs/tags/release-2026.11";

export const ACME_REFS_YAML = ["version: 1", "plan:", "  repos:", `    acme/customer-portal: { refs: ['${CUSTOMER_PORTAL_TAG}'] }`, ""].join("\n");

/** Writes the file into `dir` and returns the `--config` arguments that name it. */
export async function writeAcmeRefs(dir: string): Promise<string[]> {
  await writeFile(join(dir, ACME_REFS_FILE), ACME_REFS_YAML);
  return ["--config", join(dir, ACME_REFS_FILE)];
}

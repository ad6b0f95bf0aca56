// The keyless.config.yaml acme's platform team writes once keyless blocks the repos whose branch or
// tag filters IAM cannot express exactly (a filter's * stops at '/', IAM's does not): the refs they
// deploy from, accepting IAM's *. Tests that drive these repos through pull requests use it, so
// they go on exercising the composite action, the shared organization key and the release branches.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseConfig } from "../../src/config/parse.js";
import type { ConfigFile } from "../../src/config/schema.js";

export const ACME_REFS_FILE = "acme-refs.config.yaml";

export const ACME_REFS_YAML = [
  "version: 1",
  "plan:",
  "  repos:",
  "    acme/chat-plugin-github: { refs: ['refs/tags/v*'] }",
  "    acme/chat-plugin-jira: { refs: ['refs/tags/v*'] }",
  "    acme/customer-portal: { refs: ['refs/tags/release-*'] }",
  "    acme/checkout-service: { refs: ['refs/heads/release/*'] }",
  "",
].join("\n");

export function acmeRefsConfig(): ConfigFile {
  return parseConfig(ACME_REFS_YAML, ACME_REFS_FILE);
}

/** Writes the file into `dir` and returns the `--config` arguments that name it. */
export async function writeAcmeRefs(dir: string): Promise<string[]> {
  await writeFile(join(dir, ACME_REFS_FILE), ACME_REFS_YAML);
  return ["--config", join(dir, ACME_REFS_FILE)];
}

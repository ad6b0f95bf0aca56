// .github/dependabot.yml (or .yaml) read in the same GraphQL page that lists the repositories and their
// workflow trees: two more objects per repo, no extra request. Kept as Repo.dependabotConfig, like the
// --local path, so KL121's OIDC registry patch is generated for API scans too.
import type { Repo } from "../../inventory/schema.js";

/** Larger files are left out: a dependabot.yml is a few kilobytes. */
export const MAX_DEPENDABOT_BYTES = 1024 * 1024;

// Only size and text: this rides on the light (text-less) page of a re-scan too; a binary blob has no
// text, and text shorter than the blob's size was cut short.
const BLOB = "... on Blob { byteSize text }";

export const DEPENDABOT_SELECTION = `dependabotYml: object(expression: "HEAD:.github/dependabot.yml") { ${BLOB} }
          dependabotYaml: object(expression: "HEAD:.github/dependabot.yaml") { ${BLOB} }`;

interface DependabotBlob { byteSize?: number; text?: string | null }
export interface DependabotNode { dependabotYml?: DependabotBlob | null; dependabotYaml?: DependabotBlob | null }

/** The first readable config (.yml wins, as GitHub reads it first); none when absent, a tree, binary, cut short or too large. */
export function dependabotConfigOf(node: DependabotNode): Repo["dependabotConfig"] {
  const candidates: Array<[string, DependabotBlob | null | undefined]> = [
    [".github/dependabot.yml", node.dependabotYml],
    [".github/dependabot.yaml", node.dependabotYaml],
  ];
  for (const [path, blob] of candidates) {
    if (!blob || typeof blob.text !== "string" || typeof blob.byteSize !== "number") continue;
    if (blob.byteSize > MAX_DEPENDABOT_BYTES || Buffer.byteLength(blob.text, "utf8") !== blob.byteSize) continue;
    return { path, text: blob.text };
  }
  return undefined;
}

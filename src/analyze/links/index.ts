// Links: which access key is stored in which repository, with the evidence behind each claim.
// Pure: the Inventory, the workflow analysis per repo, the user's mapping entries and `now` in;
// links, active keys with no link, and AWS key-id secrets with no key out. No evidence, no link.
import type { Inventory } from "../../inventory/schema.js";
import type { Link, MappingEntry } from "../model.js";
import type { RepoWorkflowAnalysis } from "../workflows/index.js";
import { assembleLinks, takenStores } from "./assemble.js";
import { cloudTrailClaims } from "./cloudtrail.js";
import { buildContext } from "./context.js";
import type { SecretScope } from "./credential-sets.js";
import { literalClaims, mappingClaims, secretScanningClaims } from "./direct.js";
import { nameClaims } from "./names.js";
import { storeSecretClaims } from "./store-secrets.js";
import { timingClaims } from "./timing.js";
import { unlinkedSecrets } from "./unlinked.js";

export { CAC_USER_AGENT_MARK, parseActionsUserAgent, type ActionsUserAgent } from "./user-agent.js";
export { runnerRangeMatcher } from "./runner-ranges.js";
export { SECRET_TIMING_WINDOW_MS } from "./timing.js";
export { MAX_SHARED_REPOS, MIN_EXPLAINED_SHARE } from "./cloudtrail.js";
export { MAX_RUN_MS, RUN_MARGIN_MS } from "./run-windows.js";
export { nameWords, namesMatch } from "./names.js";

export interface UnlinkedSecret {
  /** Absent for organization secrets. */
  repo?: string;
  name: string;
  scope: SecretScope;
  environment?: string;
  /** Dependabot or Codespaces; absent for an Actions secret. */
  store?: "dependabot" | "codespaces";
}

export interface LinkInput {
  inventory: Inventory;
  workflows: Map<string, RepoWorkflowAnalysis>;
  mappings: MappingEntry[];
  now: Date;
}

export interface LinkResult {
  links: Link[];
  /** Active keys with no link. */
  unlinkedKeys: string[];
  /**
   * Secrets read as an access key id (or, unused, named like one) that no link of medium confidence
   * or better places a key in.
   */
  unlinkedSecrets: UnlinkedSecret[];
  /** Mapping entries whose key the inventory does not have (kept so they are not dropped silently). */
  unmatchedMappings: MappingEntry[];
}

export function linkKeys(input: LinkInput): LinkResult {
  const ctx = buildContext(input.inventory, input.workflows, input.now);
  const mapping = mappingClaims(ctx, input.mappings);
  const strong = [...mapping.claims, ...secretScanningClaims(ctx), ...literalClaims(ctx), ...cloudTrailClaims(input.inventory, ctx)];
  // A secret holds one key: where strong evidence already says which, timing is not asked again.
  const claims = [...strong, ...timingClaims(ctx, takenStores(ctx, strong)), ...nameClaims(ctx), ...storeSecretClaims(ctx)];
  const assembled = assembleLinks(ctx, claims);
  const links = assembled.map((a) => a.link);
  const linkedKeys = new Set(links.map((l) => l.accessKeyId));
  const unlinkedKeys = [...ctx.keys.values()]
    .filter((k) => k.status === "Active" && !linkedKeys.has(k.accessKeyId))
    .map((k) => k.accessKeyId)
    .sort();
  // A secret counts as accounted for only by a link of medium confidence or better: a low link is a
  // guess (a name, an ambiguous time), and the secret stays worth a look.
  const accounted = assembled.filter((a) => a.link.confidence !== "low").flatMap((a) => a.stores);
  return { links, unlinkedKeys, unlinkedSecrets: unlinkedSecrets(ctx, accounted), unmatchedMappings: mapping.unmatched };
}

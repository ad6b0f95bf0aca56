// The facts an audit records for the next one to compare with (see ScanFacts): pure, from the
// inventory and its analysis.
import type { Inventory, ScanFacts } from "../../inventory/schema.js";
import type { Link } from "../model.js";
import { placeOf, secretIdOf } from "./secret-id.js";

export interface FactsInput {
  inventory: Inventory;
  links: readonly Link[];
  unlinkedSecrets: ReadonlyArray<{ repo?: string; name: string; scope: string; environment?: string }>;
}

export function scanFacts({ inventory, links, unlinkedSecrets }: FactsInput): ScanFacts {
  // A scan of several organizations names them all in `org`; placeOf then takes each secret's own.
  const org = inventory.github?.orgs ? undefined : inventory.github?.org;
  const secrets = new Set<string>();
  for (const link of links) {
    for (const name of link.secretNames) {
      const place = placeOf({ name, scope: link.scope, repo: link.repo, environment: link.environment }, org);
      if (place) secrets.add(secretIdOf(place));
    }
  }
  for (const s of unlinkedSecrets) {
    const scope = s.scope === "organization" || s.scope === "environment" ? s.scope : "repo";
    const place = placeOf({ ...s, scope }, org);
    if (place) secrets.add(secretIdOf(place));
  }
  return {
    at: inventory.generatedAt,
    readAccounts: (inventory.aws?.accounts ?? []).filter((a) => a.reachable).map((a) => a.id).sort(),
    keys: (inventory.aws?.accessKeys ?? []).map((k) => ({ accessKeyId: k.accessKeyId, accountId: k.accountId, userName: k.userName, status: k.status })),
    reposScanned: (inventory.github?.repos ?? []).map((r) => r.fullName).sort(),
    awsSecrets: [...secrets].sort(),
  };
}

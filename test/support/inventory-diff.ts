// Compares a scan made under injected faults with a clean scan of the same world: every entity
// (account, user, key, role, CloudTrail event, repo, org secret…) must be equal, or its difference
// must be explained by a skip the faulty scan reported for that entity (or for what contains it).
import type { Inventory, Skip } from "../../src/inventory/schema.js";

export interface Difference {
  entity: string;
  kind: "missing" | "extra" | "changed";
  /** Skip targets that would explain it. */
  coveredBy: string[];
  clean?: string;
  faulty?: string;
}

interface Entity {
  id: string;
  value: string;
  covers: string[];
}

function entities(inventory: Inventory): Entity[] {
  const out: Entity[] = [];
  const add = (id: string, value: unknown, covers: string[]) => out.push({ id, value: JSON.stringify(value), covers });
  const aws = inventory.aws;
  if (aws) {
    for (const a of aws.accounts) add(`account ${a.id}`, a, [a.id]);
    const keyOwner = new Map(aws.accessKeys.map((k) => [k.accessKeyId, k.userName]));
    for (const u of aws.users) add(`user ${u.accountId}/${u.userName}`, u, [u.accountId, `${u.accountId}/${u.userName}`, `${u.accountId}/credential-report`, `${u.accountId}/${u.userName}/last-accessed`]);
    for (const k of aws.accessKeys) add(`key ${k.accountId}/${k.accessKeyId}`, k, [k.accountId, `${k.accountId}/${k.userName}`, `${k.accountId}/credential-report`]);
    for (const p of aws.oidcProviders) add(`oidc ${p.arn}`, p, [p.accountId, `${p.accountId}/oidc`]);
    for (const r of aws.githubTrustingRoles) add(`trusting ${r.arn}`, r, [r.accountId, `${r.accountId}/oidc`]);
    for (const r of aws.roles ?? []) add(`role ${r.arn}`, r, [r.accountId, `${r.accountId}/oidc`]);
    for (const e of aws.cloudTrail) {
      const id = e.accessKeyId ?? "";
      add(`event ${e.eventId}`, e, [e.accountId, `${e.accountId}/${id}/cloudtrail`, `${e.accountId}/${keyOwner.get(id) ?? ""}`]);
    }
  }
  const gh = inventory.github;
  if (gh) {
    const org = gh.org;
    for (const r of gh.repos) add(`repo ${r.fullName}`, r, [r.fullName, `${org} repositories`, `${r.fullName} *`, `${r.fullName}/*`]);
    for (const s of gh.orgSecrets) add(`org secret ${s.name}`, s, [`${org} organization secrets`, `${org} organization secret ${s.name} repositories`]);
    for (const v of gh.orgVariables ?? []) add(`org variable ${v.name}`, v, [`${org} organization variables`]);
    add("actions ranges", gh.actionsIpRanges ?? null, ["/meta"]);
  }
  return out;
}

function covered(covers: string[], skipped: readonly Skip[]): boolean {
  return skipped.some((s) => covers.some((c) => (c.endsWith("*") ? s.target.startsWith(c.slice(0, -1)) : s.target === c)));
}

/** Differences between a clean and a faulty scan that no skip of the faulty scan explains (empty: robust). */
export function unexplained(clean: Inventory, faulty: Inventory): { differences: Difference[]; explained: number; compared: number } {
  const before = new Map(entities(clean).map((e) => [e.id, e]));
  const after = new Map(entities(faulty).map((e) => [e.id, e]));
  const differences: Difference[] = [];
  let explained = 0;
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(id);
    const b = after.get(id);
    if (a && b && a.value === b.value) continue;
    const kind = !b ? "missing" : !a ? "extra" : "changed";
    const covers = (a ?? b)?.covers ?? [];
    // An entity the faulty scan has and the clean one lacks is never explained by a skip.
    if (kind !== "extra" && covered(covers, faulty.skipped)) explained++;
    else differences.push({ entity: id, kind, coveredBy: covers, ...(a ? { clean: a.value } : {}), ...(b ? { faulty: b.value } : {}) });
  }
  return { differences, explained, compared: before.size };
}

// Least privilege from evidence, the way IAM Access Analyzer's policy generation works: the actions the
// key was seen using (IAM last-accessed data per action where IAM tracks actions, CloudTrail events
// otherwise), each allowed only where the user's own statements allowed it — same Resource, same
// Condition — so resource scoping survives. A service used but known only at service level (S3 object
// calls, say) keeps the user's own statements for that service, and the plan says so. Never
// `service:*` unless the user's statement for a service-level-only service already said it.
import { iamActionOfEvent, servicePrefixOfSource } from "../core/iam-actions.js";
import { wildcardMatch } from "../core/wildcard.js";
import type { CloudTrailEvent, LastAccessedReport } from "../inventory/schema.js";
import type { PolicyDocument, PolicyStatement } from "./schema.js";

/** IAM keeps last-accessed data for at least 400 days; LookupEvents keeps 90. */
export const LAST_ACCESSED_DAYS = 400;
export const CLOUDTRAIL_DAYS = 90;

/**
 * Services whose data calls no evidence shows: CloudTrail's LookupEvents returns management events only,
 * and IAM tracks S3 actions for management calls only, so S3 object and DynamoDB item
 * calls never appear as actions. A Terraform state bucket read on every run would be dropped. When
 * such a service was used at all, the user's own statements for it are kept, as for service-level
 * evidence, and the plan says so.
 */
const DATA_CALLS_UNSEEN = new Set(["s3", "dynamodb"]);

/** Calls that need no permission: keeping them would only add noise. */
const ALWAYS_ALLOWED = new Set(["sts:getcalleridentity"]);

export interface NarrowInput {
  /** The user's policy documents (its own and its groups', managed and inline). */
  documents: PolicyDocument[];
  lastAccessed: LastAccessedReport;
  events: CloudTrailEvent[];
  /** The key's last-used service (GetAccessKeyLastUsed), when known. */
  lastUsedService?: string;
}

export interface Narrowing {
  /** The narrowed policy; absent when the key used nothing its policies allow. */
  document?: PolicyDocument;
  /** Actions used and allowed, kept with the user's resources. */
  actions: string[];
  /** Services used with no evidence of which actions: the user's statements for them are kept. */
  serviceLevelOnly: string[];
  /** Services the user's policies allow (per IAM's report) that the key never used. */
  droppedServices: string[];
  /** Actions the key used that no Allow of the user grants (denied attempts): not granted. */
  usedNotAllowed: string[];
}

export function narrowByEvidence(input: NarrowInput): Narrowing {
  const used = new Set<string>();
  const servicesUsed = new Set<string>();
  const withActionEvidence = new Set<string>();
  for (const s of input.lastAccessed.services) {
    if (s.lastAuthenticated) servicesUsed.add(s.namespace.toLowerCase());
    for (const a of s.actions ?? []) {
      if (!a.lastAccessed) continue;
      used.add(`${s.namespace}:${a.name}`);
      withActionEvidence.add(s.namespace.toLowerCase());
    }
  }
  for (const e of input.events) {
    const action = iamActionOfEvent(e.eventSource, e.eventName);
    used.add(action);
    const ns = servicePrefixOfSource(e.eventSource);
    servicesUsed.add(ns);
    withActionEvidence.add(ns);
  }
  if (input.lastUsedService && input.lastUsedService !== "N/A") servicesUsed.add(servicePrefixOfSource(input.lastUsedService));

  const allows = input.documents.flatMap((d) => d.Statement.filter((s) => s.Effect === "Allow"));
  const denies = input.documents.flatMap((d) => d.Statement.filter((s) => s.Effect === "Deny"));
  const actions = [...used].filter((a) => !ALWAYS_ALLOWED.has(a.toLowerCase())).sort();
  const kept = actions.filter((a) => allows.some((s) => allowsAction(s, a)));
  const usedNotAllowed = actions.filter((a) => !kept.includes(a));
  const serviceLevelOnly = [...servicesUsed].filter((ns) => (!withActionEvidence.has(ns) || DATA_CALLS_UNSEEN.has(ns)) && allows.some((s) => allowsService(s, ns))).sort();

  const statements: PolicyStatement[] = [];
  for (const s of allows) {
    const mine = kept.filter((a) => allowsAction(s, a));
    for (const ns of serviceLevelOnly) mine.push(...servicePatterns(s, ns));
    if (mine.length === 0) continue;
    const { Sid: _sid, Action: _a, NotAction: _n, ...scope } = s;
    statements.push({ ...scope, Action: mine.length === 1 ? (mine[0] as string) : [...new Set(mine)] });
  }
  // A Deny of the user's that touches what is kept stays: narrowing never widens.
  for (const d of denies) {
    const touches = [...kept, ...serviceLevelOnly.map((ns) => `${ns}:*`)].some((a) => list(d.Action).some((p) => wildcardMatch(p, a, { ignoreCase: true }) || wildcardMatch(a, p, { ignoreCase: true })) || d.NotAction !== undefined);
    if (touches) statements.push(d);
  }
  const keptServices = new Set([...kept.map((a) => (a.split(":")[0] ?? "").toLowerCase()), ...serviceLevelOnly]);
  const droppedServices = input.lastAccessed.services.map((s) => s.namespace).filter((ns) => !keptServices.has(ns.toLowerCase())).sort();
  return {
    ...(statements.some((s) => s.Effect === "Allow") ? { document: { Version: "2012-10-17", Statement: merge(statements) } } : {}),
    actions: kept,
    serviceLevelOnly,
    droppedServices,
    usedNotAllowed,
  };
}

function list(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function allowsAction(s: PolicyStatement, action: string): boolean {
  if (s.Action !== undefined) return list(s.Action).some((p) => wildcardMatch(p, action, { ignoreCase: true }));
  if (s.NotAction !== undefined) return !list(s.NotAction).some((p) => wildcardMatch(p, action, { ignoreCase: true }));
  return false;
}

function allowsService(s: PolicyStatement, ns: string): boolean {
  if (s.Action !== undefined) return list(s.Action).some((p) => p === "*" || wildcardMatch(p.split(":")[0] ?? "", ns, { ignoreCase: true }));
  if (s.NotAction !== undefined) return !list(s.NotAction).some((p) => p === "*" || wildcardMatch(p, `${ns}:*`, { ignoreCase: true }));
  return false;
}

/** The user's own action patterns of one service, from one statement (`*` becomes `ns:*`). */
function servicePatterns(s: PolicyStatement, ns: string): string[] {
  if (s.Action !== undefined) {
    return list(s.Action).flatMap((p) => {
      if (p === "*") return [`${ns}:*`];
      const [svc = "", act = "*"] = p.split(":");
      return wildcardMatch(svc, ns, { ignoreCase: true }) ? [`${ns}:${act}`] : [];
    });
  }
  // NotAction: the service whole unless some of it is excluded; then only if nothing of it is (no widening).
  const excluded = list(s.NotAction).filter((p) => p === "*" || (p.split(":")[0] ?? "").toLowerCase() === ns || wildcardMatch(p.split(":")[0] ?? "", ns, { ignoreCase: true }));
  return excluded.length === 0 ? [`${ns}:*`] : [];
}

/** Statements with the same scope (Resource, Condition…) become one. */
function merge(statements: PolicyStatement[]): PolicyStatement[] {
  const out = new Map<string, PolicyStatement>();
  for (const s of statements) {
    if (s.Effect === "Deny") {
      out.set(`deny:${JSON.stringify(s)}`, s);
      continue;
    }
    const { Action, Effect: _allow, ...scope } = s;
    const key = JSON.stringify(scope);
    const prev = out.get(key);
    const actions = [...new Set([...list(prev?.Action), ...list(Action)])].sort();
    // Effect, Action, then the scope: the order people read policies in.
    out.set(key, { Effect: "Allow", Action: actions.length === 1 ? (actions[0] as string) : actions, ...scope });
  }
  return [...out.values()];
}

// IAM's service last-accessed report, derived from the same scenario data everything else serves:
// the services an identity's own policies allow (IAM lists only those), and when it last used each
// one — its CloudTrail events (denied attempts count, as in IAM) and its keys' last use. For the
// services IAM tracks per action, the tracked actions the policies allow, with the time of each
// one's last use. Nothing here is a second, hand-written truth.

import { iamActionOfEvent, servicePrefixOfSource } from "../../core/iam-actions.js";
import { wildcardMatch } from "../../core/wildcard.js";
import type { IamAccount, World } from "../world.js";
import { findAwsManagedPolicy } from "./managed-policies.js";
import { statementsOf } from "./policy-eval.js";
import { isActionLevelService, SERVICE_NAMES, serviceName, TRACKED_ACTIONS } from "./service-catalog.js";

/** IAM reports at least the last 400 days. */
export const TRACKING_PERIOD_DAYS = 400;

export interface Access {
  time: string;
  region: string;
}

export interface ServiceAccessEntry {
  namespace: string;
  name: string;
  /** Absent when nobody used the service within the tracking period. */
  last?: Access & { entity: string };
  totalAuthenticatedEntities: number;
  /** ACTION_LEVEL reports of action-level services only. */
  trackedActions?: Array<{ action: string; last?: Access & { entity: string } }>;
}

interface Holder {
  arn: string;
  documents: string[];
  /** What the identity did: `service:Action` (or `service:` for a use known only by service), when and where. */
  uses: Array<{ action: string; time: string; region: string }>;
}

/** The report for an IAM user or role of `accountId`, or undefined when the ARN names neither. */
export function serviceLastAccessed(world: World, accountId: string, arn: string, granularity: "SERVICE_LEVEL" | "ACTION_LEVEL", now: Date): ServiceAccessEntry[] | undefined {
  const holder = holderOf(world, accountId, arn);
  if (!holder) return undefined;
  const since = now.getTime() - TRACKING_PERIOD_DAYS * 86_400_000;
  const uses = holder.uses.filter((u) => Date.parse(u.time) >= since && Date.parse(u.time) <= now.getTime());
  const allows = allowPatterns(holder.documents);
  const candidates = new Set([...Object.keys(SERVICE_NAMES), ...uses.map((u) => u.action.split(":")[0] ?? "")]);
  const entries: ServiceAccessEntry[] = [];
  for (const ns of [...candidates].filter((n) => n !== "").sort()) {
    if (!allows.some((a) => a.service(ns))) continue;
    const mine = uses.filter((u) => u.action.startsWith(`${ns}:`));
    const entry: ServiceAccessEntry = { namespace: ns, name: serviceName(ns), totalAuthenticatedEntities: mine.length > 0 ? 1 : 0 };
    const last = latest(mine);
    if (last) entry.last = { ...last, entity: holder.arn };
    if (granularity === "ACTION_LEVEL" && isActionLevelService(ns)) {
      const seen = mine.map((u) => u.action.slice(ns.length + 1)).filter((a) => a !== "");
      const names = new Set([...(TRACKED_ACTIONS[ns] ?? []), ...seen]);
      entry.trackedActions = [...names]
        .filter((name) => allows.some((a) => a.action(`${ns}:${name}`)))
        .sort()
        .map((name) => {
          const at = latest(mine.filter((u) => u.action.toLowerCase() === `${ns}:${name}`.toLowerCase()));
          return at ? { action: name, last: { ...at, entity: holder.arn } } : { action: name };
        });
    }
    entries.push(entry);
  }
  return entries;
}

function latest(uses: Array<{ time: string; region: string }>): Access | undefined {
  let best: Access | undefined;
  for (const u of uses) if (!best || Date.parse(u.time) > Date.parse(best.time)) best = { time: u.time, region: u.region };
  return best;
}

function holderOf(world: World, accountId: string, arn: string): Holder | undefined {
  const iam = world.aws.iam[accountId];
  if (!iam) return undefined;
  const user = iam.users.find((u) => u.arn === arn);
  if (user) {
    const groups = iam.groups.filter((g) => user.groups.includes(g.groupName));
    const documents = [
      ...user.attachedPolicies.map((p) => managedDocument(iam, p.arn)),
      ...user.inlinePolicies.map((p) => p.document),
      ...groups.flatMap((g) => [...g.attachedPolicies.map((p) => managedDocument(iam, p.arn)), ...g.inlinePolicies.map((p) => p.document)]),
    ].filter((d): d is string => d !== undefined);
    const events = world.aws.cloudtrail.filter((e) => e.accountId === accountId && e.userName === user.userName && !e.userIdentity);
    const uses = events.map((e) => ({ action: iamActionOfEvent(e.eventSource, e.eventName), time: e.eventTime, region: e.awsRegion }));
    // A key's last use names only a service (S3 object calls, for one, are data events CloudTrail's LookupEvents never shows).
    for (const k of iam.accessKeys) {
      if (k.userName === user.userName && k.lastUsed) uses.push({ action: `${servicePrefixOfSource(k.lastUsed.serviceName)}:`, time: k.lastUsed.date, region: k.lastUsed.region });
    }
    return { arn, documents, uses };
  }
  const role = iam.roles.find((r) => r.arn === arn);
  if (role) {
    const documents = [...role.attachedPolicies.map((p) => managedDocument(iam, p.arn)), ...role.inlinePolicies.map((p) => p.document)].filter((d): d is string => d !== undefined);
    return { arn, documents, uses: [] };
  }
  return undefined;
}

function managedDocument(iam: IamAccount, arn: string): string | undefined {
  return iam.policies.find((p) => p.arn === arn)?.document ?? findAwsManagedPolicy(arn)?.document;
}

/** Per Allow statement: does it allow some action of a service, and a given action? (Deny is not weighed, as IAM's report does not.) */
function allowPatterns(documents: string[]): Array<{ service: (ns: string) => boolean; action: (action: string) => boolean }> {
  const out: Array<{ service: (ns: string) => boolean; action: (action: string) => boolean }> = [];
  for (const doc of documents) {
    for (const s of statementsOf(doc)) {
      if (s["Effect"] !== "Allow") continue;
      const actions = strings(s["Action"]);
      const notActions = strings(s["NotAction"]);
      if (actions.length > 0) {
        out.push({
          service: (ns) => actions.some((a) => wildcardMatch(a.split(":")[0] ?? "", ns, { ignoreCase: true }) || a === "*"),
          action: (action) => actions.some((a) => wildcardMatch(a, action, { ignoreCase: true })),
        });
      } else if (notActions.length > 0) {
        out.push({
          service: (ns) => !notActions.some((a) => a === "*" || wildcardMatch(a, `${ns}:*`, { ignoreCase: true })),
          action: (action) => !notActions.some((a) => wildcardMatch(a, action, { ignoreCase: true })),
        });
      }
    }
  }
  return out;
}

function strings(v: unknown): string[] {
  return typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

// IAM policy JSON, normalised: `Statement` may be one object or an array; Action, NotAction, Resource,
// Principal values may be a string or an array. Documents may arrive URL-encoded, as IAM returns them.
import { wildcardMatch as matchWildcard } from "../../core/wildcard.js";


export interface PolicyStatement {
  /** Position in the document (0-based), for evidence. */
  index: number;
  sid?: string;
  effect: "Allow" | "Deny";
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  /** Principal.Federated (trust policies). */
  federated: string[];
  /** Condition operator → condition key (lower-cased) → values. */
  conditions: Map<string, Map<string, string[]>>;
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(decodeURIComponent(text));
    } catch {
      return undefined;
    }
  }
}

/** The statements of a policy document, or undefined when it is not a readable policy. */
export function parsePolicy(text: string | undefined): PolicyStatement[] | undefined {
  if (text === undefined) return undefined;
  const doc = record(parseJson(text));
  if (!doc) return undefined;
  const raw = doc.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const out: PolicyStatement[] = [];
  list.forEach((item, index) => {
    const s = record(item);
    if (!s) return;
    const conditions = new Map<string, Map<string, string[]>>();
    for (const [operator, block] of Object.entries(record(s.Condition) ?? {})) {
      const keys = new Map<string, string[]>();
      for (const [key, values] of Object.entries(record(block) ?? {})) keys.set(key.toLowerCase(), strings(values));
      conditions.set(operator, keys);
    }
    const principal = record(s.Principal);
    out.push({
      index,
      ...(typeof s.Sid === "string" && s.Sid !== "" ? { sid: s.Sid } : {}),
      effect: s.Effect === "Deny" ? "Deny" : "Allow",
      actions: strings(s.Action),
      notActions: strings(s.NotAction),
      resources: strings(s.Resource),
      notResources: strings(s.NotResource),
      federated: strings(principal?.Federated),
      conditions,
    });
  });
  return out;
}

/** IAM's wildcard match: `*` any run of characters, `?` one character, case-insensitive; linear, not a regex. */
export function wildcardMatch(pattern: string, value: string): boolean {
  return matchWildcard(pattern, value, { ignoreCase: true });
}

export function statementName(s: PolicyStatement): string {
  return s.sid ? `statement ${s.sid}` : `statement ${s.index + 1}`;
}

// A small IAM policy evaluator for the sandbox's STS: Effect, (Not)Action, (Not)Resource,
// (Not)Principal and the condition operators trust and identity policies use (string, ARN, bool,
// null, numeric and date operators, IfExists, ForAnyValue/ForAllValues, policy variables).
// Anything it does not understand fails closed: an unknown operator never matches.

export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";

export interface EvalRequest {
  action: string;
  /** The resource acted on; absent for trust policies, whose resource is the role itself. */
  resource?: string;
  /** Identifiers the caller matches in a Principal block, by principal type (AWS, Federated). */
  principal?: Partial<Record<"AWS" | "Federated" | "Service", string[]>>;
  /** Condition keys and their values (key names compare case-insensitively, as IAM's do). */
  context: Record<string, string | string[] | undefined>;
}

type Statement = Record<string, unknown>;

/** Parses a policy document; a document IAM could not read allows nothing. */
export function statementsOf(document: string | unknown): Statement[] {
  let doc: unknown = document;
  if (typeof document === "string") {
    try {
      doc = JSON.parse(document);
    } catch {
      return [];
    }
  }
  const list = (doc as { Statement?: unknown } | null)?.Statement;
  return asArray(list).filter((s): s is Statement => typeof s === "object" && s !== null);
}

/** The decision of one or more policies together: an explicit Deny wins, then any Allow. */
export function evaluate(documents: Array<string | unknown>, request: EvalRequest): Decision {
  const context = lowerKeys(request.context);
  let allowed = false;
  for (const doc of documents) {
    for (const s of statementsOf(doc)) {
      if (!statementApplies(s, request, context)) continue;
      if (s["Effect"] === "Deny") return "ExplicitDeny";
      if (s["Effect"] === "Allow") allowed = true;
    }
  }
  return allowed ? "Allow" : "ImplicitDeny";
}

function statementApplies(s: Statement, request: EvalRequest, context: Map<string, string[]>): boolean {
  if ("Action" in s && !anyGlob(strings(s["Action"]), request.action, true)) return false;
  if ("NotAction" in s && anyGlob(strings(s["NotAction"]), request.action, true)) return false;
  if (!("Action" in s) && !("NotAction" in s)) return false;
  if (request.resource !== undefined) {
    if ("Resource" in s && !anyGlob(strings(s["Resource"]).map((r) => substitute(r, context) ?? "\u0000"), request.resource, false)) return false;
    if ("NotResource" in s && anyGlob(strings(s["NotResource"]), request.resource, false)) return false;
  }
  if (request.principal !== undefined) {
    if ("Principal" in s && !principalMatches(s["Principal"], request.principal)) return false;
    if ("NotPrincipal" in s && principalMatches(s["NotPrincipal"], request.principal)) return false;
    if (!("Principal" in s) && !("NotPrincipal" in s)) return false;
  }
  const condition = s["Condition"];
  if (condition === undefined) return true;
  if (typeof condition !== "object" || condition === null) return false;
  return Object.entries(condition as Record<string, unknown>).every(([operator, block]) => operatorHolds(operator, block, context));
}

function principalMatches(principal: unknown, caller: NonNullable<EvalRequest["principal"]>): boolean {
  if (principal === "*") return true;
  if (typeof principal !== "object" || principal === null) return false;
  return Object.entries(principal as Record<string, unknown>).some(([type, values]) => {
    const ids = caller[type as keyof typeof caller] ?? [];
    return strings(values).some((v) => v === "*" || ids.includes(v));
  });
}

const NEGATED = new Set(["StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike", "NumericNotEquals", "DateNotEquals"]);

function operatorHolds(operatorText: string, block: unknown, context: Map<string, string[]>): boolean {
  if (typeof block !== "object" || block === null) return false;
  const set = /^(ForAnyValue|ForAllValues):/.exec(operatorText)?.[1];
  let operator = set ? operatorText.slice(set.length + 1) : operatorText;
  const ifExists = operator.endsWith("IfExists") && operator !== "Null";
  if (ifExists) operator = operator.slice(0, -"IfExists".length);
  return Object.entries(block as Record<string, unknown>).every(([key, expected]) => {
    const values = context.get(key.toLowerCase());
    const wanted = asArray(expected).map((v) => String(v));
    if (operator === "Null") return wanted.some((w) => (w === "true") === (values === undefined || values.length === 0));
    // An absent key matches nothing, so a negated operator holds (IAM: "the condition is true").
    if (values === undefined) return ifExists || set === "ForAllValues" || NEGATED.has(operator);
    const one = (value: string) => matchesOne(operator, value, wanted, context);
    if (set === "ForAllValues") return values.every(one);
    return NEGATED.has(operator) ? (set === "ForAnyValue" ? values.some(one) : values.every(one)) : values.some(one);
  });
}

/** Whether one context value satisfies the operator against the policy's values. */
function matchesOne(operator: string, value: string, wanted: string[], context: Map<string, string[]>): boolean {
  const resolved = wanted.map((w) => substitute(w, context));
  const base = NEGATED.has(operator) ? operator.replace("Not", "") : operator;
  const hit = (test: (w: string) => boolean) => resolved.some((w) => w !== undefined && test(w));
  let result: boolean;
  switch (base) {
    case "StringEquals":
    case "ArnEquals":
      result = hit((w) => w === value);
      break;
    case "StringEqualsIgnoreCase":
      result = hit((w) => w.toLowerCase() === value.toLowerCase());
      break;
    case "StringLike":
    case "ArnLike":
      result = wanted.some((w) => likePattern(w, context)?.test(value) ?? false);
      break;
    case "Bool":
      result = hit((w) => w.toLowerCase() === value.toLowerCase());
      break;
    case "NumericEquals":
    case "NumericLessThan":
    case "NumericLessThanEquals":
    case "NumericGreaterThan":
    case "NumericGreaterThanEquals":
      result = hit((w) => compare(base.slice(7), Number(value), Number(w)));
      break;
    case "DateEquals":
    case "DateLessThan":
    case "DateLessThanEquals":
    case "DateGreaterThan":
    case "DateGreaterThanEquals":
      result = hit((w) => compare(base.slice(4), dateOf(value), dateOf(w)));
      break;
    default:
      return false;
  }
  return NEGATED.has(operator) ? !result : result;
}

function compare(op: string, a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  return op === "Equals" ? a === b : op === "LessThan" ? a < b : op === "LessThanEquals" ? a <= b : op === "GreaterThan" ? a > b : a >= b;
}

function dateOf(text: string): number {
  return /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text);
}

/**
 * Policy variables: `${*}`, `${?}` and `${$}` stand for the literal characters; `${key}` for the
 * key's value. A variable whose key is absent makes the value unusable (IAM: no match).
 */
function substitute(text: string, context: Map<string, string[]>): string | undefined {
  let missing = false;
  const out = text.replace(/\$\{([^}]*)\}/g, (_m, name: string) => {
    if (name === "*" || name === "?" || name === "$") return name;
    const value = context.get(name.toLowerCase());
    if (!value || value.length !== 1) {
      missing = true;
      return "";
    }
    return value[0] as string;
  });
  return missing ? undefined : out;
}

/** StringLike: `*` any run of characters, `?` one; escaped and substituted variables are literal. */
function likePattern(pattern: string, context: Map<string, string[]>): RegExp | undefined {
  let source = "";
  let rest = pattern;
  while (rest.length > 0) {
    const variable = /^\$\{([^}]*)\}/.exec(rest);
    if (variable) {
      const name = variable[1] as string;
      const literal = name === "*" || name === "?" || name === "$" ? name : context.get(name.toLowerCase())?.[0];
      if (literal === undefined) return undefined;
      source += escapeRegex(literal);
      rest = rest.slice(variable[0].length);
      continue;
    }
    const c = rest[0] as string;
    source += c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : escapeRegex(c);
    rest = rest.slice(1);
  }
  return new RegExp(`^${source}$`);
}

function anyGlob(patterns: string[], value: string, ignoreCase: boolean): boolean {
  return patterns.some((p) => new RegExp(`^${p.split("").map((c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : escapeRegex(c))).join("")}$`, ignoreCase ? "i" : "").test(value));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function lowerKeys(context: EvalRequest["context"]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries(context)) if (value !== undefined) out.set(key.toLowerCase(), asArray(value).map(String));
  return out;
}

function strings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === "string");
}

function asArray(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

// Parsers for flag values, with messages commander prints next to the usage hint.
import { InvalidArgumentError } from "commander";

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number");
  return n;
}

/** Comma-separated and repeatable: `--repos a,b --repos c` → [a, b, c]. */
export function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((v) => v.trim()).filter(Boolean)];
}

/**
 * `--org a,b --org c` → "a,b,c": organizations stay one comma-separated string, so every command
 * that takes a single `--org` keeps its type; discover splits it.
 */
export function joinOrgs(value: string, previous?: string): string {
  const logins = value.split(",").map((v) => v.trim()).filter(Boolean);
  const bad = logins.find((l) => !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(l));
  if (bad !== undefined) throw new InvalidArgumentError(`'${bad}' is not a GitHub organization login`);
  return [...(previous ? previous.split(",") : []), ...logins].join(",");
}

// Hub-and-spoke needs a tooling account for the OIDC provider and the entry roles. The config names
// it; otherwise an account named like one is taken, but only when exactly one account matches the
// first name that any account matches (tooling, then shared, then infrastructure).
import type { Account } from "../inventory/schema.js";

const TIERS: Array<{ word: string; test: RegExp }> = [
  { word: "tooling", test: /(^|[^a-z])tooling([^a-z]|$)/i },
  { word: "shared", test: /(^|[^a-z])shared([^a-z]|$)/i },
  { word: "infrastructure", test: /(^|[^a-z])(infrastructure|infra)([^a-z]|$)/i },
];

export type ToolingChoice =
  | { accountId: string; why: string }
  | { accountId?: undefined; why: string; candidates: string[] };

export function chooseToolingAccount(accounts: Account[], configured: string | undefined): ToolingChoice {
  if (configured) return { accountId: configured, why: "keyless.config.yaml names it (plan.toolingAccountId)" };
  const active = accounts.filter((a) => a.status === "ACTIVE");
  for (const tier of TIERS) {
    const matches = active.filter((a) => tier.test.test(a.name));
    if (matches.length === 1 && matches[0]) return { accountId: matches[0].id, why: `the only account named like "${tier.word}" (${matches[0].name})` };
    if (matches.length > 1) return { why: `several accounts are named like "${tier.word}"`, candidates: matches.map((a) => `${a.id} (${a.name})`) };
  }
  return { why: "no account is named like tooling, shared or infrastructure", candidates: [] };
}

// The five charts of audit.html, from the audit's numbers: key age, keys per account (by what to
// do with them), links by confidence, findings by severity, and migration progress of repos.
import type { Audit } from "../../analyze/audit.js";
import { CONFIDENCE_ORDER, DEFAULT_ANALYSIS_CONFIG } from "../../analyze/model.js";
import { SEVERITY_ORDER, type KeyAction, type Triage } from "../triage.js";
import { html, type Html } from "./escape.js";
import { barChart, columnChart, stackedBars, type Bar } from "./svg.js";

export const COLORS = {
  critical: "#b91c1c",
  high: "#ea580c",
  medium: "#ca8a04",
  low: "#2563eb",
  info: "#6b7280",
  certain: "#15803d",
  confHigh: "#65a30d",
  confMedium: "#ca8a04",
  confLow: "#9ca3af",
  migrate: "#2563eb",
  investigate: "#d97706",
  delete: "#9ca3af",
  oidc: "#15803d",
  mixed: "#0d9488",
  static: "#dc2626",
  young: "#0d9488",
  old: "#d97706",
  ancient: "#b91c1c",
};

const CONFIDENCE_COLOR = { certain: COLORS.certain, high: COLORS.confHigh, medium: COLORS.confMedium, low: COLORS.confLow };
const ACTION_COLOR: Record<KeyAction, string> = { migrate: COLORS.migrate, investigate: COLORS.investigate, delete: COLORS.delete };
/** Accounts drawn one per row; the rest are summed into one row. */
const ACCOUNT_ROWS = 12;

const AGE_BINS: Array<{ label: string; below: number }> = [
  { label: "< 30 d", below: 30 },
  { label: "30–90 d", below: 90 },
  { label: "90–180 d", below: 180 },
  { label: "180 d–1 y", below: 365 },
  { label: "1–2 y", below: 730 },
  { label: "2–3 y", below: 1095 },
  { label: "> 3 y", below: Number.POSITIVE_INFINITY },
];

export function keyAgeChart(audit: Audit): Html {
  const counts = AGE_BINS.map(() => 0);
  for (const k of audit.keys) counts[AGE_BINS.findIndex((b) => k.ageDays < b.below)]! += 1;
  const bars: Bar[] = AGE_BINS.map((b, i) => ({
    label: b.label,
    value: counts[i] ?? 0,
    color: b.below <= DEFAULT_ANALYSIS_CONFIG.maxKeyAgeDays ? COLORS.young : b.below <= 365 ? COLORS.old : COLORS.ancient,
  }));
  return columnChart("Access keys by age", bars);
}

export function keysPerAccountChart(audit: Audit, t: Triage): Html {
  const actionOf = new Map<string, KeyAction>();
  for (const action of ["migrate", "delete", "investigate"] as const) for (const k of t.keys[action]) actionOf.set(k.accessKeyId, action);
  const names = new Map(audit.accounts.map((a) => [a.id, a.name]));
  const per = new Map<string, Record<KeyAction, number>>();
  for (const k of audit.keys) {
    const row = per.get(k.accountId) ?? { migrate: 0, investigate: 0, delete: 0 };
    row[actionOf.get(k.accessKeyId) ?? "investigate"]++;
    per.set(k.accountId, row);
  }
  const total = (r: Record<KeyAction, number>) => r.migrate + r.investigate + r.delete;
  const sorted = [...per.entries()].sort((a, b) => total(b[1]) - total(a[1]) || a[0].localeCompare(b[0]));
  const shown = sorted.slice(0, ACCOUNT_ROWS);
  const rest = sorted.slice(ACCOUNT_ROWS);
  const rows = shown.map(([id, r]) => ({ label: names.get(id) ?? id, r }));
  const actions: KeyAction[] = ["migrate", "investigate", "delete"];
  const chart = stackedBars(
    "Access keys per account",
    rows.map(({ label, r }) => ({ label, segments: actions.map((a) => ({ name: a, value: r[a], color: ACTION_COLOR[a] })) })),
    actions.map((a) => ({ name: a, color: ACTION_COLOR[a] })),
  );
  // The rest is said, not drawn: one summed bar would dwarf every account shown.
  const restKeys = rest.reduce((n, [, r]) => n + total(r), 0);
  return rest.length === 0 ? chart : html`${chart}<p class="note">The ${ACCOUNT_ROWS} accounts with the most keys; ${restKeys} more keys are in ${rest.length} other accounts.</p>`;
}

export function linksChart(audit: Audit): Html {
  return barChart("Links by confidence", CONFIDENCE_ORDER.map((c) => ({ label: c, value: audit.summary.linksByConfidence[c], color: CONFIDENCE_COLOR[c] })), 90);
}

export function findingsChart(audit: Audit): Html {
  return barChart("Findings by severity", SEVERITY_ORDER.map((s) => ({ label: s, value: audit.summary.findingsBySeverity[s], color: COLORS[s] })), 90);
}

/** Repos that touch AWS at all: on OIDC, half-way (both), still on static keys. */
export function migrationChart(t: Triage): Html {
  const { oidc, mixed } = t.repoStates;
  const stat = t.repoStates["static-keys"];
  const all = oidc + mixed + stat;
  const chart = stackedBars(
    "Migration progress",
    [{ label: "repositories", segments: [{ name: "on OIDC", value: oidc, color: COLORS.oidc }, { name: "both", value: mixed, color: COLORS.mixed }, { name: "static keys", value: stat, color: COLORS.static }] }],
    [{ name: "on OIDC", color: COLORS.oidc }, { name: "both", color: COLORS.mixed }, { name: "static keys", color: COLORS.static }],
    110,
  );
  const pct = all === 0 ? 0 : Math.round((oidc / all) * 100);
  return html`${chart}<p class="note">${oidc} of ${all} repositories that use AWS credentials are on OIDC (${pct}%); ${mixed} use both, ${stat} only static keys.</p>`;
}

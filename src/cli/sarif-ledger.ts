// Between the state store and the closing uploads: which repositories hold a non-empty keyless
// analysis in their code scanning (see report/sarif/closing.ts). Kept as a "sarif" snapshot, the
// latest one being the ledger; written only after an --apply run changed it.
import { SarifLedger, type SarifLedgerEntry } from "../report/sarif/index.js";
import type { StateStore } from "../state/index.js";

export function readSarifLedger(store: StateStore): SarifLedgerEntry[] {
  const latest = store.latestSnapshot("sarif");
  if (!latest) return [];
  let json: unknown;
  try {
    json = JSON.parse(latest.json);
  } catch {
    return [];
  }
  // A ledger this keyless cannot read is treated as empty: nothing is closed, nothing is lost but that.
  const parsed = SarifLedger.safeParse(json);
  return parsed.success ? parsed.data.entries : [];
}

export function writeSarifLedger(store: StateStore, entries: SarifLedgerEntry[], at: string): void {
  const ledger: SarifLedger = { version: 1, entries };
  store.saveSnapshot("sarif", JSON.stringify(ledger), at);
}

export function sameLedger(a: readonly SarifLedgerEntry[], b: readonly SarifLedgerEntry[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

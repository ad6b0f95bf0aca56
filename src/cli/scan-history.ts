// Between the state store and the stages: what the previous audit saw and what keyless did since,
// read before a live scan is analysed (Inventory.history), and this audit's facts, kept after it.
import { scanFacts, type FactsInput } from "../analyze/drift/facts.js";
import { ScanFacts, type ScanHistory } from "../inventory/schema.js";
import type { StateStore } from "../state/index.js";
import { keyHistory } from "../verify/history.js";

export function readScanHistory(store: StateStore): ScanHistory {
  const latest = store.latestSnapshot("scan");
  let previous: ScanFacts | undefined;
  if (latest) {
    // A facts record this keyless cannot read is treated as absent: the scan goes on, with no drift.
    const parsed = ScanFacts.safeParse(safeJson(latest.json));
    if (parsed.success) previous = parsed.data;
  }
  const events = store.keyEvents();
  const byKey = new Map<string, typeof events>();
  for (const e of events) byKey.set(e.accessKeyId, [...(byKey.get(e.accessKeyId) ?? []), e]);
  const retired: ScanHistory["retired"] = [];
  const secretsDeleted = new Set<string>();
  for (const [accessKeyId, list] of byKey) {
    const h = keyHistory(list);
    const accountId = list[0]?.accountId ?? "";
    if (h.deletedAt) retired.push({ accessKeyId, accountId, action: "deleted", at: h.deletedAt });
    else if (h.deactivatedAt) retired.push({ accessKeyId, accountId, action: "deactivated", at: h.deactivatedAt });
    for (const s of h.secretsDeleted) secretsDeleted.add(s);
  }
  const migrated = store
    .listPrs()
    .filter((p) => p.state === "merged" && (p.kind ?? "migration") === "migration")
    .map((p) => ({ repo: p.repo, ...(p.mergedAt ? { mergedAt: p.mergedAt } : {}) }));
  return { ...(previous ? { previous } : {}), retired, secretsDeleted: [...secretsDeleted].sort(), migrated };
}

/** Keeps this audit's facts for the next one to compare with. */
export function recordScanFacts(store: StateStore, input: FactsInput): void {
  store.saveSnapshot("scan", JSON.stringify(scanFacts(input)), input.inventory.generatedAt);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

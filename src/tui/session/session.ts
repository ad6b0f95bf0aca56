// The session: feeds the store from the stages (scan events, then the stages' results) and runs the
// effects the reducer asks for (preview, publish, verify, deactivate) through the act ports.
import { formatError } from "../../cli/errors.js";
import { KeylessError } from "../../core/errors.js";
import type { ConfigFile } from "../../config/schema.js";
import type { DiscoverEvent } from "../../discover/events.js";
import type { Inventory } from "../../inventory/schema.js";
import type { Plan } from "../../plan/index.js";
import type { Effect } from "../state/app-state.js";
import { NO_RECORDS, type Records } from "../state/model.js";
import { batcher, type MeterReading } from "./meter.js";
import type { ActPorts } from "./ports.js";
import type { ScanHooks } from "./scan.js";
import { runStages, withRecords, type StageResults } from "./stages.js";
import type { Store } from "./store.js";

export interface SessionDeps {
  store: Store;
  /** Scans (reporting progress through the hooks) or reads a saved audit (its inventory, and its plan if saved). */
  loadInventory(hooks: ScanHooks): Promise<{ inventory: Inventory; plan?: Plan }>;
  config?: ConfigFile;
  now: Date;
  /** The state store's records (PRs, key events, verdicts); none when there is no store. */
  readRecords?: () => Records;
  /** The act step's collaborators, made once the stages ran (the publisher needs the plan). */
  makePorts?: (results: StageResults) => ActPorts;
  /** Milliseconds between progress redraws. */
  batchMs?: number;
}

export interface Session {
  /** Settles when the data is loaded (or loading failed). */
  ready: Promise<void>;
  results(): StageResults | undefined;
  stop(): void;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export function startSession(deps: SessionDeps): Session {
  const { store } = deps;
  let results: StageResults | undefined;
  let ports: ActPorts = {};
  const events = batcher<DiscoverEvent>((batch) => store.dispatch({ type: "scan-events", events: batch }), deps.batchMs ?? 100);
  const meter = batcher<MeterReading>((readings) => {
    const last = readings[readings.length - 1];
    if (last) store.dispatch({ type: "meter", side: "github", requests: last.requests, ...(last.rateLimit ? { rateLimit: last.rateLimit } : {}) });
  }, deps.batchMs ?? 100);
  const records = () => deps.readRecords?.() ?? NO_RECORDS;

  const refresh = () => {
    if (!results) return;
    results = withRecords(results, records());
    store.dispatch({ type: "loaded", data: results.data });
  };

  const DEFAULTS = {
    publisher: { message: "Opening pull requests is not available here.", remediation: "Run keyless pr." },
    verifier: { message: "Verify is not available in the TUI yet.", remediation: "Run keyless verify in a shell; the TUI shows its verdicts when it starts." },
    retirer: { message: "Deactivating keys is not available in the TUI yet.", remediation: "Run keyless retire --deactivate in a shell." },
  };
  const unavailable = (what: keyof typeof DEFAULTS) => {
    const why = ports.missing?.[what] ?? DEFAULTS[what];
    return new KeylessError("Unavailable", why.message, why.remediation);
  };

  const run = async (effect: Effect): Promise<void> => {
    try {
      switch (effect.kind) {
        case "preview": {
          if (!ports.publisher) throw unavailable("publisher");
          store.dispatch({ type: "prs-previewed", previews: await ports.publisher.preview(effect.repos) });
          break;
        }
        case "publish": {
          if (!ports.publisher) throw unavailable("publisher");
          const outcomes = await ports.publisher.publish(effect.repos);
          refresh();
          store.dispatch({ type: "prs-done", outcomes, dryRun: false });
          break;
        }
        case "verify": {
          if (!ports.verifier) throw unavailable("verifier");
          const outcomes = await ports.verifier.verify();
          refresh();
          store.dispatch({ type: "act-done", title: "Verify", outcomes });
          break;
        }
        case "deactivate": {
          if (!ports.retirer) throw unavailable("retirer");
          const outcomes = await ports.retirer.deactivate(effect.keys);
          refresh();
          store.dispatch({ type: "act-done", title: "Deactivation", outcomes });
          break;
        }
      }
    } catch (error) {
      store.dispatch({ type: "act-failed", message: formatError(error, false).replace(/\n\s*/g, " ") });
    }
  };

  let lastEffect = store.getState().pending;
  const unsubscribe = store.subscribe(() => {
    const pending = store.getState().pending;
    if (pending && pending !== lastEffect) {
      lastEffect = pending;
      void run(pending);
    }
  });

  const ready = (async () => {
    try {
      const loaded = await deps.loadInventory({ onEvent: (e) => events.push(e), onMeter: (_side, r) => meter.push(r) });
      events.flush();
      meter.flush();
      store.dispatch({ type: "phase", phase: "analysing", detail: "analysing workflows, linking keys, planning" });
      await tick(); // let the screen say so before the CPU-bound stages run
      results = runStages(loaded.inventory, deps.config, deps.now, records(), loaded.plan);
      ports = deps.makePorts?.(results) ?? {};
      store.dispatch({ type: "loaded", data: results.data });
    } catch (error) {
      events.flush();
      store.dispatch({ type: "phase", phase: "failed", detail: formatError(error, false) });
    }
  })();

  return {
    ready,
    results: () => results,
    stop() {
      unsubscribe();
      events.flush();
    },
  };
}

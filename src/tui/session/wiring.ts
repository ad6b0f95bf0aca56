// Connects the TUI to the state store and to `keyless pr`'s publisher, as `keyless pr` does:
// the same store (.keyless/state.db, or --state), the same change sets, the same GitHub client.
import type { Env } from "../../cli/connections.js";
import { githubConnection } from "../../cli/connections.js";
import type { ScanOptions } from "../../cli/inputs.js";
import type { Io } from "../../cli/io.js";
import { RequestCounter } from "../../discover/request-counter.js";
import { serializeInventory } from "../../inventory/parse.js";
import { buildChangeSets, maskedFilesOf, pacedClient, PublishApi, unpacedClient } from "../../publish/github/index.js";
import { readScanHistory } from "../../cli/scan-history.js";
import type { ScanHistory } from "../../inventory/schema.js";
import { openExistingStateStore, openMemoryStateStore, openStateStore, resolveStatePath, type StateStore } from "../../state/index.js";
import type { Records } from "../state/model.js";
import { githubPublisher } from "./github-publisher.js";
import type { ActPorts } from "./ports.js";
import type { StageResults } from "./stages.js";
import { retirer, verifier } from "./verify-ports.js";

export interface WiringOptions {
  apply: boolean;
  /** --state: the state database (default KEYLESS_STATE or .keyless/state.db). */
  state?: string;
  /** The embedded sandbox is new each run: its state lives in memory with it. */
  embeddedSandbox: boolean;
  io: Io;
  /** The scan's flags (verify and retire take the AWS ones: profile, region, audit role). */
  scan: ScanOptions;
}

export interface Wiring {
  readRecords(): Records;
  /** What the previous audit saw and what keyless did since, for the drift findings of a live scan. */
  scanHistory(): ScanHistory;
  makePorts(results: StageResults, env: Env): ActPorts;
  close(): void;
}

/**
 * The state: in memory for the embedded sandbox; else the database, created only with --apply (a dry
 * run reads one if there is one, and picks it up once verify has created it).
 */
export function openStore(options: Pick<WiringOptions, "apply" | "state" | "embeddedSandbox" | "io">): { current(): StateStore; close(): void } {
  if (options.embeddedSandbox) {
    const memory = openMemoryStateStore();
    return { current: () => memory, close: () => memory.close() };
  }
  const path = resolveStatePath(options.io.cwd, options.state, options.io.env);
  // Writing (opening PRs, deactivating keys), the TUI holds the run lock as pr --apply does.
  let store = options.apply ? openStateStore(path, { lock: {} }) : openExistingStateStore(path);
  const fallback = store ? undefined : openMemoryStateStore();
  return {
    current() {
      store ??= openExistingStateStore(path);
      return store ?? (fallback as StateStore);
    },
    close() {
      store?.close();
      fallback?.close();
    },
  };
}

export function recordsOf(store: StateStore): Records {
  return {
    prs: store.listPrs().filter((p) => p.kind !== "terraform"),
    keyEvents: store.keyEvents(),
    verifications: store.latestVerifications(),
    scans: store.snapshotTimes("inventory").map((t) => t.at),
  };
}

const EMBEDDED = {
  message: "Verify and retire read the state of earlier runs and the world the PRs were merged in; the embedded sandbox keeps neither.",
  remediation: "Run keyless sandbox in another shell, eval its export lines here, and start keyless tui --org acme --apply.",
};

export function wire(options: WiringOptions): Wiring {
  const stores = openStore(options);
  const now = () => options.io.now();
  const records = () => recordsOf(stores.current());
  return {
    readRecords: records,
    scanHistory: () => readScanHistory(stores.current()),
    makePorts(results, env) {
      const token = env.GITHUB_TOKEN ?? env.GH_TOKEN ?? env.GITHUB_APP_ID;
      const acts: ActPorts = options.embeddedSandbox
        ? { records, missing: { verifier: EMBEDDED, retirer: EMBEDDED } }
        : { records, verifier: verifier({ scan: options.scan, state: options.state, io: options.io, env }), retirer: retirer({ scan: options.scan, state: options.state, io: options.io, env }) };
      if (!results.inventory.github) return { ...acts, missing: { ...acts.missing, publisher: { message: "This scan has no GitHub side: there is nothing to open pull requests in.", remediation: "Scan GitHub too (drop --no-github)." } } };
      if (!token) return { ...acts, missing: { ...acts.missing, publisher: { message: "Opening pull requests needs a GitHub token.", remediation: "Set GITHUB_TOKEN (repo and workflow scopes), or try it with --sandbox." } } };
      const store = stores.current();
      const connection = githubConnection(env, results.inventory.github.org);
      const counter = new RequestCounter();
      const client = options.embeddedSandbox ? unpacedClient(connection, counter) : pacedClient(connection, counter);
      const built = buildChangeSets({
        plan: results.plan,
        audit: results.audit,
        defaultBranches: new Map(results.inventory.github.repos.map((r) => [r.fullName, r.defaultBranch])),
        patches: results.patches,
        maskedFiles: maskedFilesOf(results.inventory),
      });
      const publisher = githubPublisher({
        api: new PublishApi(client),
        store,
        now,
        changeSets: built.changeSets,
        skipped: built.skipped,
        // As `keyless pr --apply` does: the inventory and plan the PRs came from, for verify and the reports.
        onWritten: () =>
          store.transaction(() => {
            const { inventory, plan } = results;
            if (!store.snapshotTimes("inventory").some((t) => Date.parse(t.at) === Date.parse(inventory.generatedAt))) store.saveSnapshot("inventory", serializeInventory(inventory), inventory.generatedAt);
            store.saveSnapshot("plan", JSON.stringify(plan), plan.generatedAt);
          }),
      });
      return { ...acts, publisher };
    },
    close: () => stores.close(),
  };
}

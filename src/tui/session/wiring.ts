// Connects the TUI to the state store and to `keyless pr`'s publisher, as `keyless pr` does:
// the same store (.keyless/state.db, or --state), the same change sets, the same GitHub client.
import type { Env } from "../../cli/connections.js";
import { githubConnection } from "../../cli/connections.js";
import { RequestCounter } from "../../discover/request-counter.js";
import { serializeInventory } from "../../inventory/parse.js";
import { buildChangeSets, pacedClient, PublishApi, unpacedClient } from "../../publish/github/index.js";
import { openExistingStateStore, openMemoryStateStore, openStateStore, resolveStatePath, type StateStore } from "../../state/index.js";
import type { Records } from "../state/model.js";
import { githubPublisher } from "./github-publisher.js";
import type { ActPorts } from "./ports.js";
import type { StageResults } from "./stages.js";

export interface WiringOptions {
  apply: boolean;
  /** --state: the state database (default KEYLESS_STATE or .keyless/state.db). */
  state?: string;
  /** The embedded sandbox is new each run: its state lives in memory with it. */
  embeddedSandbox: boolean;
  cwd: string;
}

export interface Wiring {
  readRecords(): Records;
  makePorts(results: StageResults, env: Env): ActPorts;
  close(): void;
}

export function openStore(options: WiringOptions, env: Env): StateStore {
  if (options.embeddedSandbox) return openMemoryStateStore();
  const path = resolveStatePath(options.cwd, options.state, env);
  // A dry run never creates the database; it reads one if there is one.
  return options.apply ? openStateStore(path) : (openExistingStateStore(path) ?? openMemoryStateStore());
}

export function recordsOf(store: StateStore): Records {
  return {
    prs: store.listPrs().filter((p) => p.kind !== "terraform"),
    keyEvents: store.keyEvents(),
    verifications: store.latestVerifications(),
    scans: store.snapshotTimes("inventory").map((t) => t.at),
  };
}

export function wire(options: WiringOptions, processEnv: Env, now: () => Date): Wiring {
  const store = openStore(options, processEnv);
  return {
    readRecords: () => recordsOf(store),
    makePorts(results, env) {
      const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
      if (!results.inventory.github) return { records: () => recordsOf(store), missing: { publisher: { message: "This scan has no GitHub side: there is nothing to open pull requests in.", remediation: "Scan GitHub too (drop --no-github)." } } };
      if (!token) return { records: () => recordsOf(store), missing: { publisher: { message: "Opening pull requests needs a GitHub token.", remediation: "Set GITHUB_TOKEN (repo and workflow scopes), or try it with --sandbox." } } };
      const connection = githubConnection(env);
      const counter = new RequestCounter();
      const client = options.embeddedSandbox ? unpacedClient(connection, counter) : pacedClient(connection, counter);
      const built = buildChangeSets({
        plan: results.plan,
        audit: results.audit,
        defaultBranches: new Map(results.inventory.github.repos.map((r) => [r.fullName, r.defaultBranch])),
        patches: results.patches,
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
      return { publisher, records: () => recordsOf(store) };
    },
    close: () => store.close(),
  };
}

// `keyless tui`: starts the sandbox if asked (and keeps it running, so pull requests can be opened
// in it), renders the ink app over the store, and runs the session until the user quits.
import { render } from "ink";
import { createElement } from "react";
import { resolve } from "node:path";
import { loadConfig } from "../cli/config.js";
import type { ScanOptions } from "../cli/inputs.js";
import { loadSaved } from "../cli/pipeline.js";
import type { Io } from "../cli/io.js";
import { KeylessError } from "../core/errors.js";
import { startSandbox, type Sandbox } from "../sandbox/index.js";
import { App } from "./components/app.js";
import { colorWanted, makeTheme } from "./components/theme.js";
import { checkScanTarget, githubOrgOf, scanInventory } from "./session/scan.js";
import { startSession } from "./session/session.js";
import { createStore } from "./session/store.js";
import { wire, type Wiring } from "./session/wiring.js";
import { initialState } from "./state/app-state.js";
import { embeddedSandboxEnv } from "../cli/sandbox-env.js";

export interface TuiOptions extends ScanOptions {
  /** Without it, every write (PRs, key changes) is a dry run. */
  apply: boolean;
  /** The state database (default: KEYLESS_STATE or .keyless/state.db). */
  state?: string;
}

export interface TuiDeps {
  /** The state store and the publisher (tests pass fakes); by default those of `keyless pr`. */
  wiring?: Wiring;
  stdin?: NodeJS.ReadStream;
}

function sourceLabel(options: TuiOptions): string {
  if (options.from) return options.from;
  if (options.local) return `${options.local} (local)`;
  const org = githubOrgOf(options);
  return `${org ?? "AWS"}${options.sandbox ? " (sandbox)" : ""}`;
}

export async function runTui(options: TuiOptions, io: Io, deps: TuiDeps = {}): Promise<number> {
  const stdin = deps.stdin ?? process.stdin;
  if (!io.stdout.isTTY || !stdin.isTTY) {
    throw new KeylessError("NotATerminal", "keyless tui needs an interactive terminal.", "Run it in a terminal, or use keyless audit / plan / generate, which print and write files.");
  }
  if (!options.from) checkScanTarget(options);
  const now = io.now();
  const config = await loadConfig(options, io);
  let sandbox: Sandbox | undefined;
  let wiring: Wiring | undefined;
  try {
    let env = io.env;
    if (options.sandbox && !options.from) {
      sandbox = await startSandbox({ scenario: options.scenario });
      env = embeddedSandboxEnv(io.env, sandbox.env);
    }
    const wired = (wiring = deps.wiring ?? wire({ apply: options.apply, state: options.state, embeddedSandbox: Boolean(sandbox), io, scan: options }));
    const stdout = io.stdout as NodeJS.WriteStream;
    const color = colorWanted(io.env);
    const store = createStore(
      initialState(
        { dryRun: !options.apply, sandbox: options.sandbox, source: sourceLabel(options), color },
        { columns: stdout.columns || 80, rows: stdout.rows || 24 },
        { aws: options.aws && !options.from, github: options.github && !options.from },
      ),
    );
    const app = render(createElement(App, { store, theme: makeTheme(color) }), { stdout, stdin, exitOnCtrlC: false, patchConsole: true });
    const endpoint = sandbox?.env.AWS_ENDPOINT_URL;
    const session = startSession({
      store,
      now,
      config,
      loadInventory: async (hooks) => {
        if (options.from) return loadSaved(resolve(io.cwd, options.from));
        const inventory = await scanInventory(options, env, now, hooks, endpoint);
        return { inventory: { ...inventory, history: wired.scanHistory() } };
      },
      readRecords: () => wired.readRecords(),
      makePorts: (results) => wired.makePorts(results, env),
    });
    try {
      await app.waitUntilExit();
    } finally {
      session.stop();
    }
    return store.getState().phase === "failed" ? 1 : 0;
  } finally {
    wiring?.close();
    await sandbox?.close();
  }
}

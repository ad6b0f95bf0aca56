// Verify and deactivate for the act step, through `keyless verify` and `keyless retire`'s own
// session (openVerification): the same baseline (the inventory and plan saved when the PRs were
// opened), the same checks, the same writes, and the verdicts recorded in the same state.
import type { Env } from "../../cli/connections.js";
import type { Io } from "../../cli/io.js";
import { openVerification, type VerifyOptions } from "../../cli/commands/verify.js";
import type { ScanOptions } from "../../cli/inputs.js";
import { deactivateReady } from "../../publish/aws/retire.js";
import type { KeyVerdict } from "../../verify/index.js";
import type { ActOutcome, KeyRetirer, Verifier } from "./ports.js";

export interface VerifyWiring {
  scan: ScanOptions;
  state?: string;
  io: Io;
  /** The environment the scan used: the same AWS and GitHub. */
  env: Env;
}

/** verify's options for the TUI: no new scan (the baseline is the saved one, or --from). */
function verifyOptions(w: VerifyWiring, keys?: string[]): VerifyOptions {
  const { org: _org, sandbox: _sandbox, local: _local, ...scan } = w.scan;
  return { ...scan, sandbox: false, ...(w.state ? { state: w.state } : {}), confidence: "high", ...(keys ? { key: keys } : {}), quiet: true };
}

const verdictLine = (v: KeyVerdict): ActOutcome => ({ subject: `${v.accessKeyId} (${v.userName} in ${v.accountId})`, ok: v.verdict !== "blocked", message: `${v.verdict}${v.reasons.length ? `: ${v.reasons.join("; ")}` : ""}` });

export function verifier(w: VerifyWiring): Verifier {
  return {
    async verify() {
      const session = await openVerification(verifyOptions(w), { ...w.io, env: w.env }, { writeStore: true });
      try {
        const verdicts = await session.verify();
        // As keyless verify records them: the TUI (and retire) read the verdicts from the state.
        session.store.transaction(() => {
          for (const v of verdicts) session.store.recordVerification({ accessKeyId: v.accessKeyId, at: session.now.toISOString(), verdict: v.verdict, reasons: v.reasons });
        });
        return verdicts.map(verdictLine);
      } finally {
        await session.close();
      }
    },
  };
}

export function retirer(w: VerifyWiring): KeyRetirer {
  return {
    async deactivate(keys) {
      const ids = keys.map((k) => k.accessKeyId);
      // Verified again at the moment of acting, as keyless retire --deactivate does: a key used since is not touched.
      const session = await openVerification(verifyOptions(w, ids), { ...w.io, env: w.env }, { writeStore: true });
      try {
        const verdicts = await session.verify();
        const outcomes: ActOutcome[] = [];
        for (const id of ids) {
          const v = verdicts.find((x) => x.accessKeyId === id);
          if (!v || v.verdict !== "ready") {
            outcomes.push({ subject: id, ok: false, message: `not deactivated: verify now says ${v ? `${v.verdict}${v.reasons[0] ? ` (${v.reasons[0]})` : ""}` : "nothing about it"}` });
            continue;
          }
          const said: string[] = [];
          const summary = await deactivateReady([v], { store: session.store, aws: session.aws, github: session.github, now: () => w.io.now(), apply: true, say: (l) => said.push(l.trim()) });
          outcomes.push({ subject: `${id} (${v.userName} in ${v.accountId})`, ok: summary.failed === 0 && summary.deactivated === 1, message: said.filter((l) => l.startsWith("done") || l.startsWith("failed")).join(" ") || said.join(" ") });
        }
        return outcomes;
      } finally {
        await session.close();
      }
    },
  };
}

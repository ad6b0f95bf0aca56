// `keyless audit --upload-sarif [--apply]`: after the audit, each affected repository's own findings
// go to its code scanning. Wires the pure per-repository SARIF (report/sarif) to the uploader
// (publish/github); a dry run (no GitHub request at all) unless --apply, as `pr` does.
import type { Audit } from "../../analyze/audit.js";
import { RULES } from "../../analyze/rules/index.js";
import { KeylessError } from "../../core/errors.js";
import { RequestCounter } from "../../discover/request-counter.js";
import type { Inventory } from "../../inventory/schema.js";
import { pacedClient, PublishApi, unpacedClient } from "../../publish/github/index.js";
import { renderSarifSummary, sarifResultLine } from "../../publish/github/sarif-render.js";
import { preflightSarifToken, uploadSarifs } from "../../publish/github/sarif-upload.js";
import { nextSarifLedger, SARIF_CATEGORY, sarifClosings, sarifUploads } from "../../report/sarif/index.js";
import { openStateStore } from "../../state/index.js";
import { VERSION } from "../../version.js";
import { githubConnection } from "../connections.js";
import type { Io } from "../io.js";
import { readSarifLedger, sameLedger, writeSarifLedger } from "../sarif-ledger.js";

export interface UploadSarifOptions {
  apply: boolean;
  /** The GitHub to write to: the embedded sandbox's environment, or the user's. */
  env: Io["env"];
  /** Against the local sandbox: no pacing (it has no secondary limits to respect unless asked). */
  unpaced: boolean;
  quiet?: boolean;
  /** The state database that remembers which repositories hold keyless alerts; none: nothing is closed. */
  statePath?: string;
}

/** Checks the flags before the scan, so a wrong combination costs nothing. */
export function checkUploadFlags(options: { uploadSarif?: boolean; apply?: boolean; local?: string; github?: boolean }): void {
  if (options.apply && !options.uploadSarif) {
    throw new KeylessError("ApplyWithoutWrite", "audit --apply only applies --upload-sarif: audit itself never writes to GitHub.", "Add --upload-sarif to upload each repository's findings to its code scanning, or drop --apply.");
  }
  if (options.uploadSarif && (options.local || options.github === false)) {
    throw new KeylessError(
      "UploadNeedsGithub",
      "--upload-sarif uploads to repositories on GitHub: it needs a GitHub scan (--org, or --from a saved one), not --local or --no-github.",
      "Scan with --org <login> (or --from reports/inventory.json), or leave --upload-sarif out; audit.sarif in --out is written either way.",
    );
  }
}

export async function runUploadSarif(audit: Audit, inventory: Inventory, options: UploadSarifOptions, io: Io): Promise<number> {
  if (inventory.github?.apiUrl === "local") checkUploadFlags({ uploadSarif: true, local: "(the saved inventory's)" });
  const repos = inventory.github?.repos ?? [];
  const planned = sarifUploads({ findings: audit.findings, usages: audit.usages, links: audit.links, repos, rules: RULES, toolVersion: VERSION });
  const ledger = options.statePath ? withStore(options.statePath, readSarifLedger) : undefined;
  // Repositories keyless uploaded findings to before and that are clean now: an empty analysis closes their alerts.
  const { closings, held } = sarifClosings({ ledger: ledger ?? [], uploads: planned.uploads, skipped: planned.skipped, repos, rules: RULES, toolVersion: VERSION });
  const uploads = [...planned.uploads, ...closings];
  const skipped = [...planned.skipped, ...held];
  let client;
  let api: PublishApi | undefined;
  const counter = new RequestCounter();
  if (options.apply && uploads.length > 0) {
    const connection = githubConnection(options.env);
    client = options.unpaced ? unpacedClient(connection, counter) : pacedClient(connection, counter);
    api = new PublishApi(client);
    const uploading = new Set(uploads.map((u) => u.repo));
    await preflightSarifToken(api, repos.filter((r) => uploading.has(r.fullName)).every((r) => r.visibility === "public"));
  }
  io.stdout.write(`\n${options.apply ? "Uploading" : "Dry run: would upload"} SARIF to the code scanning of ${uploads.length} repositor${uploads.length === 1 ? "y" : "ies"} (category ${SARIF_CATEGORY}):\n`);
  const results = await uploadSarifs({ client, api, apply: options.apply, onResult: (r) => io.stdout.write(`${sarifResultLine(r)}\n`) }, uploads);
  const closingNote = ledger
    ? `${closings.length} of them an empty analysis that closes keyless's alerts in a repository now clean.`
    : "No state store (--state): repositories that became clean since an earlier upload keep their keyless alerts.";
  io.stdout.write(renderSarifSummary({ apply: options.apply, results, skipped, category: SARIF_CATEGORY, closingNote }));
  if (options.apply && ledger && options.statePath) {
    const sent = results.map((r) => ({ repo: r.repo, ref: r.ref, results: r.results, uploaded: r.outcome === "uploaded" }));
    const next = nextSarifLedger(ledger, sent, io.now().toISOString());
    if (!sameLedger(ledger, next)) withStore(options.statePath, (store) => writeSarifLedger(store, next, io.now().toISOString()));
  }
  if (options.apply && !options.quiet) io.stderr.write(`GitHub requests (code scanning): ${counter.total("github")}\n`);
  return results.some((r) => r.outcome === "failed") ? 1 : 0;
}

function withStore<T>(path: string, fn: (store: ReturnType<typeof openStateStore>) => T): T {
  const store = openStateStore(path);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

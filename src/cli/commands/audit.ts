// `keyless audit`: discover (or load a saved inventory), analyze, and write the report set.
import { existsSync, realpathSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Option, type Command } from "commander";
import type { Inventory } from "../../inventory/schema.js";
import { buildAudit, type Audit } from "../../analyze/audit.js";
import { writeFilesUnder, type FileToWrite } from "../../core/no-follow.js";
import { serializeInventory } from "../../inventory/parse.js";
import { failOnVerdict, FAIL_ON_CHOICES, type FailOn } from "../../report/fail-on.js";
import { renderReports } from "../../report/index.js";
import { startSandbox, type Sandbox } from "../../sandbox/index.js";
import { isPostgresUrl, openStateStore } from "../../state/index.js";
import { recordScanFacts } from "../scan-history.js";
import { addScanOptions, gatherInputs, type Inputs, type ScanOptions } from "../inputs.js";
import type { Io } from "../io.js";
import { withAppFlags } from "../app-credentials.js";
import { checkUploadFlags, runUploadSarif } from "./upload-sarif.js";
import { embeddedSandboxEnv } from "../sandbox-env.js";
import { scanStatePath } from "../pipeline.js";

export interface AuditOptions extends ScanOptions {
  out: string;
  uploadSarif?: boolean;
  apply?: boolean;
  failOn?: FailOn;
}

export function registerAuditCommand(program: Command, io: Io, result: { code: number }): void {
  addScanOptions(program.command("audit").description("Scan the AWS Organization and the GitHub organization; write reports"))
    .option("--out <dir>", "where to write reports", "reports")
    .option("--state <file>", "state database: the previous audit to compare with, what keyless did since (default: KEYLESS_STATE or .keyless/state.db)")
    .option("--upload-sarif", "also send each affected repository its own findings, to its code scanning (a dry run unless --apply)", false)
    .option("--apply", "with --upload-sarif: upload (default: print what would be uploaded)", false)
    .addOption(new Option("--fail-on <severity>", "exit 1 when an unsuppressed finding is at or above this severity (CI)").choices(FAIL_ON_CHOICES).default("none"))
    .addHelpText(
      "after",
      `
Reads (never writes) both sides and writes to --out:
  inventory.json   everything read, a versioned snapshot (re-run with --from, offline)
  audit.json       the audit for machines (schema: docs/schema/audit-v1.schema.json)
  audit.md         for humans and PR bodies: what to do, per repo, per key, with evidence
  audit.html       one self-contained page with charts
  audit.sarif      for GitHub code scanning
  audit.csv        one row per access key; findings.csv one row per finding
Nothing is written through a symbolic link: a link anywhere on an output's path stops the run
before the first file is written (error SymlinkRefused).

Each live scan is compared with the previous audit kept in the state database, and with what
keyless did since (keys retired, migrations merged, secrets deleted): keys created since, a retired
key's user given a new key, a migrated workflow back on keys, a credential secret back are findings
KL130-KL133 ("since the last scan" in the summary). A sandbox keeps no state unless --state is given.

AWS: credentials of the management (or a delegated-admin) account, from the standard chain
(AWS_PROFILE, env, SSO...). Each member account is entered with sts:AssumeRole into --audit-role.
GitHub: GITHUB_TOKEN or GH_TOKEN (repo, read:org; admin:org for organization secrets);
GITHUB_API_URL for GitHub Enterprise Server. Rules: docs/rules/README.md.

Examples:
  keyless audit --sandbox                       try it on the embedded sandbox
  keyless audit --org acme --profile mgmt       scan both sides
  keyless audit --org acme --no-aws             GitHub only
  keyless audit --local ~/src --no-aws          local checkouts, no API at all
  keyless audit --from reports/inventory.json   re-analyse a saved scan offline
  keyless audit --org acme --upload-sarif        what each repository's code scanning would get
  keyless audit --org acme --upload-sarif --apply    upload it (token: security_events)
  keyless audit --org acme --fail-on high       in CI: exit 1 on a high or critical finding
Exit codes: 0 done, 1 findings at or above --fail-on, 2 an error (nothing was judged).

--upload-sarif: one SARIF per affected repository, only its own results, for its default branch at
the commit that was scanned, category keyless/. Repositories without findings get nothing; one
without code scanning (no Advanced Security) is skipped with GitHub's message, the others go on.
Uploading again is harmless: code scanning keeps one analysis per category and branch. A repository
that is clean now but got findings from an earlier upload (remembered in the state database) gets an
empty analysis, which closes its old keyless alerts.`,
    )
    .action(async (options: AuditOptions) => {
      result.code = await runAudit(options, withAppFlags(io, options));
    });
}

export async function runAudit(options: AuditOptions, io: Io): Promise<number> {
  checkUploadFlags(options);
  // Uploading to the embedded sandbox needs it open past the scan.
  const sandbox: Sandbox | undefined = options.uploadSarif && options.apply && options.sandbox && !options.from ? await startSandbox({ scenario: options.scenario }) : undefined;
  try {
    const { inputs, audit, written } = await writeAudit(options, io, () => true, sandbox);
    io.stdout.write(summaryText(audit, written.map((f) => join(options.out, f))));
    let code = 0;
    if (options.uploadSarif) {
      const env = sandbox ? embeddedSandboxEnv(io.env, sandbox.env) : io.env;
      // The state that remembers keyless's alerts: the scan's, or for --from the one a scan would use.
      const statePath = inputs.statePath ?? (options.from ? existingState(scanStatePath(options, { env }, io.cwd)) : undefined);
      code = await runUploadSarif(audit, inputs.inventory, { apply: options.apply === true, env, unpaced: sandbox !== undefined, quiet: options.quiet, ...(statePath ? { statePath } : {}) }, io);
    }
    const verdict = failOnVerdict(audit, options.failOn ?? "none");
    if (verdict.failed) io.stderr.write(`${verdict.message}\n`);
    return code !== 0 ? code : verdict.failed ? 1 : 0;
  } finally {
    await sandbox?.close();
  }
}

/** A re-run from a saved scan reads a state that exists; it does not create one. */
function existingState(path: string | undefined): string | undefined {
  return path && (isPostgresUrl(path) || existsSync(path)) ? path : undefined;
}

/**
 * Scan (or load), analyze and write the report set under --out (only the files `keep` keeps); the GitHub
 * Action shares it. `running`: a sandbox the caller keeps open past the scan.
 */
export async function writeAudit(options: AuditOptions, io: Io, keep: (file: string) => boolean = () => true, running?: Sandbox): Promise<{ inputs: Inputs; audit: Audit; written: string[] }> {
  const inputs = await gatherInputs(options, io, running);
  const audit = buildAudit(inputs.inventory, inputs.analysis, inputs.now);
  const files: FileToWrite[] = [];
  if (inputs.scanned) files.push({ path: "inventory.json", text: serializeInventory(inputs.inventory) });
  for (const report of renderReports(audit, { sarif: { checkouts: localCheckouts(inputs.inventory, options.local, io.cwd) } })) files.push({ path: report.name, text: report.text });
  const kept = files.filter((f) => keep(f.path));
  writeFilesUnder(resolve(io.cwd, options.out), kept);
  // Kept after the reports are written: a run that fails before leaves the previous facts to compare with.
  if (inputs.scanned && inputs.statePath) {
    const store = openStateStore(inputs.statePath);
    try {
      recordScanFacts(store, { inventory: inputs.inventory, links: inputs.analysis.links, unlinkedSecrets: inputs.analysis.unlinkedSecrets });
    } finally {
      store.close();
    }
  }
  return { inputs, audit, written: kept.map((f) => f.path) };
}

/**
 * Local checkouts: audit.sarif's locations are relative to the folder scanned, so a SARIF viewer opens
 * each file of each checkout from one base (the folder's file: URI, when it is known in this run).
 */
function localCheckouts(inventory: Inventory, local: string | undefined, cwd: string): { root?: string; dirs: Record<string, string> } | undefined {
  if (inventory.github?.apiUrl !== "local") return undefined;
  const dirs = Object.fromEntries(inventory.github.repos.flatMap((r) => (r.checkout === undefined ? [] : [[r.fullName, r.checkout]])));
  if (!local) return { dirs };
  const url = pathToFileURL(realpathSync(resolve(cwd, local))).href;
  return { root: url.endsWith("/") ? url : `${url}/`, dirs };
}

function summaryText(audit: Audit, written: string[]): string {
  const s = audit.summary;
  const findings = Object.entries(s.findingsBySeverity).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(", ") || "none";
  return [
    `accounts: ${s.reachableAccounts}/${s.accounts} reachable · access keys: ${s.activeAccessKeys} active of ${s.accessKeys} · linked to repos: ${s.linkedKeys}`,
    `repos: ${s.reposScanned} scanned, ${s.reposWithStaticKeys} with static keys (${s.usages} usages), ${s.reposOnOidc} already on OIDC · findings: ${findings}`,
    ...sinceLine(s.sinceLastScan),
    `skipped: ${s.skipped} · requests: ${s.requests.aws} AWS, ${s.requests.github} GitHub`,
    `wrote ${written.join(", ")}`,
    "",
  ].join("\n");
}

function sinceLine(d: Audit["summary"]["sinceLastScan"]): string[] {
  if (!d) return [];
  if (!d.previousScanAt) return ["since the last scan: first audit recorded in the state store"];
  return [`since the last scan (${d.previousScanAt.slice(0, 16).replace("T", " ")}): ${d.keysCreated} keys created, ${d.usersGivenNewKeys} retired users given a key, ${d.reposBackOnKeys} migrated repos back on keys, ${d.secretsReappeared} secrets reappeared`];
}

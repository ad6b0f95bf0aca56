// `keyless audit`: discover (or load a saved inventory), analyze, and write the report set.
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { buildAudit, type Audit } from "../../analyze/audit.js";
import { writeFilesUnder, type FileToWrite } from "../../core/no-follow.js";
import { serializeInventory } from "../../inventory/parse.js";
import { renderReports } from "../../report/index.js";
import { addScanOptions, gatherInputs, type ScanOptions } from "../inputs.js";
import type { Io } from "../io.js";
import { withAppFlags } from "../app-credentials.js";

export interface AuditOptions extends ScanOptions {
  out: string;
}

export function registerAuditCommand(program: Command, io: Io, result: { code: number }): void {
  addScanOptions(program.command("audit").description("Scan the AWS Organization and the GitHub organization; write reports"))
    .option("--out <dir>", "where to write reports", "reports")
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

AWS: credentials of the management (or a delegated-admin) account, from the standard chain
(AWS_PROFILE, env, SSO...). Each member account is entered with sts:AssumeRole into --audit-role.
GitHub: GITHUB_TOKEN or GH_TOKEN (repo, read:org; admin:org for organization secrets);
GITHUB_API_URL for GitHub Enterprise Server. Rules: docs/rules/README.md.

Examples:
  keyless audit --sandbox                       try it on the embedded sandbox
  keyless audit --org acme --profile mgmt       scan both sides
  keyless audit --org acme --no-aws             GitHub only
  keyless audit --local ~/src --no-aws          local checkouts, no API at all
  keyless audit --from reports/inventory.json   re-analyse a saved scan offline`,
    )
    .action(async (options: AuditOptions) => {
      result.code = await runAudit(options, withAppFlags(io, options));
    });
}

export async function runAudit(options: AuditOptions, io: Io): Promise<number> {
  const { inventory, scanned, analysis, now } = await gatherInputs(options, io);
  const audit = buildAudit(inventory, analysis, now);
  const files: FileToWrite[] = [];
  if (scanned) files.push({ path: "inventory.json", text: serializeInventory(inventory) });
  for (const report of renderReports(audit)) files.push({ path: report.name, text: report.text });
  writeFilesUnder(resolve(io.cwd, options.out), files);
  io.stdout.write(summaryText(audit, files.map((f) => join(options.out, f.path))));
  return 0;
}

function summaryText(audit: Audit, written: string[]): string {
  const s = audit.summary;
  const findings = Object.entries(s.findingsBySeverity).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(", ") || "none";
  return [
    `accounts: ${s.reachableAccounts}/${s.accounts} reachable · access keys: ${s.activeAccessKeys} active of ${s.accessKeys} · linked to repos: ${s.linkedKeys}`,
    `repos: ${s.reposScanned} scanned, ${s.reposWithStaticKeys} with static keys (${s.usages} usages), ${s.reposOnOidc} already on OIDC · findings: ${findings}`,
    `skipped: ${s.skipped} · requests: ${s.requests.aws} AWS, ${s.requests.github} GitHub`,
    `wrote ${written.join(", ")}`,
    "",
  ].join("\n");
}

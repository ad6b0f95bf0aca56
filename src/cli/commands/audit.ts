// `keyless audit`: discover (or load a saved inventory), analyze, and write the report set.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { buildAudit, type Audit } from "../../analyze/audit.js";
import { analyze } from "../../analyze/index.js";
import { analysisConfig } from "../../config/parse.js";
import { KeylessError } from "../../core/errors.js";
import { discover } from "../../discover/index.js";
import type { Inventory } from "../../inventory/schema.js";
import { parseInventory, serializeInventory } from "../../inventory/parse.js";
import { renderReports } from "../../report/index.js";
import { startSandbox, type Sandbox } from "../../sandbox/index.js";
import { awsConnection, githubConnection } from "../connections.js";
import { loadConfig } from "../config.js";
import type { Io } from "../io.js";
import { createProgress } from "../progress.js";

export interface AuditOptions {
  org?: string;
  from?: string;
  local?: string;
  config?: string;
  sandbox: boolean;
  scenario: string;
  aws: boolean;
  github: boolean;
  profile?: string;
  region?: string;
  auditRole: string;
  accounts?: string[];
  repos?: string[];
  concurrency: number;
  cloudtrail: boolean;
  deep: boolean;
  out: string;
  quiet: boolean;
}

export async function runAudit(options: AuditOptions, io: Io): Promise<number> {
  const now = io.now();
  const out = resolve(io.cwd, options.out);
  const config = await loadConfig(options.config, io.cwd);
  const inventory = options.from ? await loadInventory(resolve(io.cwd, options.from)) : await scan(options, io, now);
  const analysis = analyze(inventory, analysisConfig(config), now);
  const audit = buildAudit(inventory, analysis, now);
  await mkdir(out, { recursive: true });
  const written: string[] = [];
  const write = async (name: string, text: string) => {
    await writeFile(join(out, name), text);
    written.push(join(options.out, name));
  };
  if (!options.from) await write("inventory.json", serializeInventory(inventory));
  for (const report of renderReports(audit)) await write(report.name, report.text);
  io.stdout.write(summaryText(audit, written));
  return 0;
}

async function loadInventory(path: string): Promise<Inventory> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KeylessError(
      "UnreadableInventory",
      `Cannot read ${path}${code === "ENOENT" ? ": no such file" : code === "EISDIR" ? ": it is a folder" : `: ${code ?? (error as Error).message}`}.`,
      "Pass the inventory.json that `keyless audit` wrote (by default reports/inventory.json).",
    );
  }
  return parseInventory(text, path);
}

async function scan(options: AuditOptions, io: Io, now: Date): Promise<Inventory> {
  if (!options.aws && !options.github) {
    throw new KeylessError("NothingToScan", "Both --no-aws and --no-github were given: nothing to scan.", "Drop one of them, or pass --from to re-run on a saved inventory.");
  }
  const org = options.org ?? (options.sandbox ? "acme" : undefined);
  if (options.github && !org && !options.local) {
    throw new KeylessError("MissingOrg", "Which GitHub organization? --org is required to scan GitHub.", "Pass --org <login>, or --no-github to scan AWS only, or --from reports/inventory.json.");
  }
  let sandbox: Sandbox | undefined;
  try {
    let env = io.env;
    if (options.sandbox) {
      sandbox = await startSandbox({ scenario: options.scenario });
      env = { ...io.env, ...sandbox.env, AWS_PROFILE: undefined, AWS_SESSION_TOKEN: undefined, GH_TOKEN: undefined };
    }
    const progress = createProgress(io.stderr, { quiet: options.quiet });
    const inventory = await discover({
      now,
      local: options.local,
      onEvent: progress.onEvent,
      aws: options.aws
        ? {
            connection: awsConnection(
              { profile: options.sandbox ? undefined : options.profile, region: options.region, endpoint: sandbox?.env.AWS_ENDPOINT_URL },
              env,
            ),
            // AWS allows 2 LookupEvents per second per account and region; the local sandbox has no such limit.
            cloudTrailRequestsPerSecond: sandbox ? 50 : undefined,
            auditRoleName: options.auditRole,
            concurrency: options.concurrency,
            cloudTrail: options.cloudtrail,
            maxEventsPerKey: 200,
            accountIds: options.accounts,
          }
        : undefined,
      github: options.github && org && !options.local
        ? { connection: githubConnection(env), org, concurrency: options.concurrency, deep: options.deep, repos: options.repos }
        : undefined,
    });
    progress.done();
    return inventory;
  } finally {
    await sandbox?.close();
  }
}

function summaryText(audit: Audit, written: string[]): string {
  const s = audit.summary;
  return [
    `accounts: ${s.reachableAccounts}/${s.accounts} reachable · access keys: ${s.activeAccessKeys} active of ${s.accessKeys}` +
      ` · linked to repos: ${s.linkedKeys}`,
    `repos: ${s.reposScanned} scanned, ${s.reposWithStaticKeys} with static keys (${s.usages} usages), ${s.reposOnOidc} already on OIDC` +
      ` · findings: ${Object.entries(s.findingsBySeverity).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(", ") || "none"}`,
    `skipped: ${s.skipped} · requests: ${s.requests.aws} AWS, ${s.requests.github} GitHub`,
    `wrote ${written.join(", ")}`,
    "",
  ].join("\n");
}

// Discover for the TUI: the same options `keyless audit` passes (see cli/inputs.ts), with progress
// going to the TUI instead of stderr, GitHub requests metered, and the sandbox left to the caller
// (the TUI keeps it running so that pull requests can be opened in it).
import type { ScanOptions } from "../../cli/inputs.js";
import { awsConnection, githubConnection, type Env } from "../../cli/connections.js";
import { KeylessError } from "../../core/errors.js";
import type { DiscoverListener } from "../../discover/events.js";
import { discover } from "../../discover/index.js";
import type { Inventory } from "../../inventory/schema.js";
import { meteredFetch, type MeterReading } from "./meter.js";

export interface ScanHooks {
  onEvent: DiscoverListener;
  onMeter: (side: "github", reading: MeterReading) => void;
}

export function githubOrgOf(options: Pick<ScanOptions, "org" | "sandbox" | "enterprise">): string | undefined {
  return options.org ?? (options.sandbox && !options.enterprise ? "acme" : undefined);
}

/** The flag mistakes a scan would stop on, checked before the screen opens so the CLI prints them as usual. */
export function checkScanTarget(options: ScanOptions): void {
  if (!options.aws && !options.github) {
    throw new KeylessError("NothingToScan", "Both --no-aws and --no-github were given: nothing to scan.", "Drop one of them, or pass --from to re-run on a saved inventory.");
  }
  if (options.github && !githubOrgOf(options) && !options.enterprise && !options.local) {
    throw new KeylessError("MissingOrg", "Which GitHub organization? --org is required to scan GitHub.", "Pass --org <login>, or --no-github to scan AWS only, or --from reports/inventory.json.");
  }
}

export async function scanInventory(options: ScanOptions, env: Env, now: Date, hooks: ScanHooks, sandboxEndpoint?: string): Promise<Inventory> {
  checkScanTarget(options);
  const org = githubOrgOf(options);
  return discover({
    now,
    local: options.local,
    onEvent: hooks.onEvent,
    aws: options.aws
      ? {
          connection: awsConnection({ profile: options.sandbox ? undefined : options.profile, region: options.region, endpoint: sandboxEndpoint }, env),
          auditRoleName: options.auditRole,
          concurrency: options.concurrency,
          cloudTrail: options.cloudtrail,
          maxEventsPerKey: 200,
          accountIds: options.accounts,
          cloudTrailRequestsPerSecond: sandboxEndpoint ? 50 : undefined,
        }
      : undefined,
    github:
      options.github && (org || options.enterprise) && !options.local
        ? {
            connection: { ...githubConnection(env, org), fetch: meteredFetch((reading) => hooks.onMeter("github", reading)) },
            org,
            ...(options.enterprise ? { enterprise: options.enterprise } : {}),
            concurrency: options.concurrency,
            deep: options.deep,
            repos: options.repos,
          }
        : undefined,
  });
}

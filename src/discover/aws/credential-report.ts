// Reads IAM's credential report: the one cheap call that says which users have access keys at
// all, so per-user calls are made only for them. Parsing is pure and tested on its own.
import {
  CredentialReportExpiredException,
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { parse } from "csv-parse/sync";

export interface CredentialReportRow {
  user: string;
  arn: string;
  userCreationTime?: string;
  isRoot: boolean;
  keys: Array<{ slot: 1 | 2; active: boolean; lastRotated?: string; lastUsedDate?: string; lastUsedRegion?: string; lastUsedService?: string }>;
}

const ROOT = "<root_account>";

function value(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === "" || t === "N/A" || t === "not_supported" || t === "no_information" ? undefined : t;
}

/** Parses the CSV text of a credential report. Unknown extra columns are ignored. */
export function parseCredentialReport(csv: string): CredentialReportRow[] {
  const records = parse(csv, { columns: true, skip_empty_lines: true, trim: true }) as Array<Record<string, string>>;
  return records.map((r) => {
    const keys: CredentialReportRow["keys"] = [];
    for (const slot of [1, 2] as const) {
      const lastRotated = value(r[`access_key_${slot}_last_rotated`]);
      const active = r[`access_key_${slot}_active`] === "true";
      if (!active && !lastRotated) continue; // slot never held a key
      keys.push({
        slot,
        active,
        lastRotated,
        lastUsedDate: value(r[`access_key_${slot}_last_used_date`]),
        lastUsedRegion: value(r[`access_key_${slot}_last_used_region`]),
        lastUsedService: value(r[`access_key_${slot}_last_used_service`]),
      });
    }
    return { user: r.user ?? "", arn: r.arn ?? "", userCreationTime: value(r.user_creation_time), isRoot: r.user === ROOT, keys };
  });
}

export interface CredentialReport {
  rows: CredentialReportRow[];
  /** When IAM built it: IAM reuses a report for 4 hours, so keys created since are not in it. */
  generatedAt?: string;
  /**
   * True when IAM built the report while we waited (none under 4 hours old could be reused), so it
   * is as current as a per-key call made during the scan would be.
   */
  builtWhileWaiting: boolean;
}

/**
 * Generates (if needed) and fetches the report. IAM answers GenerateCredentialReport with STARTED,
 * INPROGRESS or COMPLETE (a report under 4 hours old is reused), and GetCredentialReport with
 * ReportInProgress while it builds, ReportNotPresent or ReportExpired when a new one must be
 * generated. Waits with backoff up to `maxWaitMs`.
 */
export async function fetchCredentialReport(
  iam: Pick<IAMClient, "send">,
  sleep: (ms: number) => Promise<void>,
  maxWaitMs = 5 * 60_000,
): Promise<CredentialReport> {
  let waited = 0;
  let built = false;
  for (let attempt = 0; ; attempt++) {
    const generated = await iam.send(new GenerateCredentialReportCommand({}));
    if (generated.State === "COMPLETE") {
      try {
        const report = await iam.send(new GetCredentialReportCommand({}));
        const text = new TextDecoder().decode(report.Content ?? new Uint8Array());
        return { rows: parseCredentialReport(text), generatedAt: report.GeneratedTime?.toISOString(), builtWhileWaiting: built };
      } catch (error) {
        // Built by someone else in between, expired, or gone: generate again (below) and wait.
        const retry =
          error instanceof CredentialReportNotReadyException ||
          error instanceof CredentialReportNotPresentException ||
          error instanceof CredentialReportExpiredException;
        if (!retry) throw error;
      }
    }
    built = true;
    if (waited >= maxWaitMs) {
      throw new Error(`IAM did not finish the credential report within ${Math.round(maxWaitMs / 1000)} s`);
    }
    const pause = Math.min(250 * 2 ** attempt, 5_000, maxWaitMs - waited);
    await sleep(pause);
    waited += pause;
  }
}

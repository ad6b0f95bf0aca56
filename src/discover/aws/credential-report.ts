// Reads IAM's credential report: the one cheap call that says which users have access keys at
// all, so per-user calls are made only for them. Parsing is pure and tested on its own.
import {
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

/** Generates (if needed) and fetches the report; polls while IAM builds it. */
export async function fetchCredentialReport(
  iam: IAMClient,
  sleep: (ms: number) => Promise<void>,
  maxPolls = 10,
): Promise<CredentialReportRow[]> {
  for (let attempt = 0; attempt < maxPolls; attempt++) {
    const generated = await iam.send(new GenerateCredentialReportCommand({}));
    if (generated.State === "COMPLETE") break;
    await sleep(Math.min(200 * 2 ** attempt, 5_000));
  }
  const report = await iam.send(new GetCredentialReportCommand({}));
  const text = new TextDecoder().decode(report.Content ?? new Uint8Array());
  return parseCredentialReport(text);
}

// Ground truth, computed from what was actually planted (never declared separately), so that it cannot
// drift from the world: usages from the rendered markers, and each link's evidence re-checked in the data.
import type { AwsAccount, CloudTrailEvent, GroundTruth } from "../world.js";
import type { RepoRecord } from "./build-github.js";
import { CAC_RUN_ID_PATTERN } from "./cloudtrail.js";

/** A secret written within this long after the key was created counts as timing evidence. */
export const SECRET_TIMING_WINDOW_MS = 24 * 3_600_000;

export function computeTruth(records: RepoRecord[], accounts: AwsAccount[], trail: CloudTrailEvent[], runnerRanges: string[]): GroundTruth {
  const byKey = new Map<string, CloudTrailEvent[]>();
  for (const e of trail) {
    const list = byKey.get(e.accessKeyId);
    if (list) list.push(e);
    else byKey.set(e.accessKeyId, [e]);
  }
  const ranges = runnerRanges.map(parseCidr);
  const fromRunner = (ip: string) => {
    const n = ipNumber(ip);
    return ranges.some((r) => n >= r.start && n < r.end);
  };

  const truth: GroundTruth = { usages: [], links: [], oidcRepos: [], unreachableAccounts: [], keysUsedOutsideGithub: [], invalidWorkflows: [] };
  for (const record of records) {
    const { repo } = record;
    for (const u of record.usages) {
      truth.usages.push({ repo: repo.fullName, path: u.path, line: u.line, ...(u.job ? { job: u.job } : {}), secretNames: u.names, shape: u.shape });
    }
    if (record.output.oidc) truth.oidcRepos.push(repo.fullName);
    for (const f of record.output.files) if (f.invalid) truth.invalidWorkflows.push({ repo: repo.fullName, path: f.path });

    for (const [slotId, binding] of record.bindings) {
      const key = binding.key;
      if (!key) continue;
      const keyId = key.key.accessKeyId;
      const events = byKey.get(keyId) ?? [];
      const paths = new Set(record.usages.filter((u) => u.slot === slotId).map((u) => u.path));
      const windows = repo.workflowRuns.filter((r) => paths.has(r.workflowPath)).map((r) => [Date.parse(r.runStartedAt), Date.parse(r.updatedAt)] as const);
      const runIds = new Set(repo.workflowRuns.map((r) => r.id));
      const evidence: GroundTruth["links"][number]["evidence"] = [];
      if (repo.secretScanningAlerts.some((a) => a.secretType === "aws_access_key_id" && a.secret === keyId)) evidence.push("secret-scanning");
      if (events.some((e) => runIds.has(Number(CAC_RUN_ID_PATTERN.exec(e.userAgent)?.[1] ?? NaN)))) evidence.push("cloudtrail-run-id");
      const inRun = (e: CloudTrailEvent) => {
        const t = Date.parse(e.eventTime);
        return windows.some(([from, to]) => t >= from && t <= to);
      };
      if (events.some((e) => fromRunner(e.sourceIPAddress) && inRun(e))) evidence.push("cloudtrail-runner-ip");
      if (binding.secretUpdatedAt) {
        const delta = Date.parse(binding.secretUpdatedAt) - Date.parse(key.key.createDate);
        if (delta >= 0 && delta <= SECRET_TIMING_WINDOW_MS) evidence.push("secret-timing");
      }
      if (namesMatch(key.key.userName, repo.name)) evidence.push("name-match");
      truth.links.push({ accessKeyId: keyId, accountId: key.accountId, repo: repo.fullName, secretNames: binding.secretNames, scope: binding.slot.scope, ...(binding.slot.environment ? { environment: binding.slot.environment } : {}), evidence });
    }
  }
  truth.unreachableAccounts = accounts.filter((a) => a.denyAuditRole).map((a) => a.id);
  truth.keysUsedOutsideGithub = [...byKey].filter(([, events]) => events.some((e) => !fromRunner(e.sourceIPAddress))).map(([id]) => id);
  return truth;
}

/**
 * The IAM user is named after the repo: strip the usual CI prefixes and environment suffixes, then
 * one name contains the other (gha-billing-api-prod ~ billing-api, gha-payments-staging ~ payments-gateway).
 */
export function namesMatch(userName: string, repoName: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const user = norm(userName.replace(/^(gha|ci|github|gh)[-_.]/i, "").replace(/[-_.](prod|production|staging|stage|dev|test)$/i, ""));
  const repo = norm(repoName);
  if (user.length < 4 || repo.length < 4) return false;
  return repo.includes(user) || user.includes(repo);
}

function ipNumber(ip: string): number {
  return ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

function parseCidr(cidr: string): { start: number; end: number } {
  const [base = "0.0.0.0", bits = "32"] = cidr.split("/");
  const start = ipNumber(base);
  return { start, end: start + 2 ** (32 - Number(bits)) };
}

export function inRanges(ip: string, cidrs: string[]): boolean {
  const n = ipNumber(ip);
  return cidrs.map(parseCidr).some((r) => n >= r.start && n < r.end);
}

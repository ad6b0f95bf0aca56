// Uploads each repository's SARIF (built by report/sarif, pure) to its code scanning: gzip, Base64,
// POST /repos/{owner}/{repo}/code-scanning/sarifs. A dry run unless `apply`. One repository's failure
// never stops the others; each gets an outcome, and a repository where code scanning cannot be used
// (no Advanced Security, archived, not visible) is skipped with GitHub's own message.
// Uploading the same results again is harmless: code scanning keeps one analysis per category and
// ref, and a new upload of the same category replaces the previous one.
import { gzipSync } from "node:zlib";
import { KeylessError } from "../../core/errors.js";
import type { GithubClient } from "../../discover/github/client.js";
import { isRateLimited, statusOf } from "../../discover/github/errors.js";
import { SARIF_LIMITS, SARIF_TOOL_NAME, type SarifUpload } from "../../report/sarif/index.js";
import type { SarifLog } from "../../report/sarif/types.js";
import type { PublishApi } from "./api.js";

export type SarifOutcome = "would-upload" | "uploaded" | "skipped" | "failed";

export interface SarifUploadResult {
  repo: string;
  outcome: SarifOutcome;
  results: number;
  /** A closing upload (an empty analysis): the results of the previous keyless upload it closes. */
  closes?: number;
  /** Bytes of the gzipped SARIF (what GitHub's 10 MB limit counts). */
  gzippedBytes: number;
  ref: string;
  commitSha?: string;
  /** GitHub's id of the upload and the URL that tells its processing status. */
  id?: string;
  url?: string;
  reason?: string;
}

/** The `sarif` field: the compact JSON, gzipped, then Base64. */
export function encodeSarif(log: SarifLog): { sarif: string; gzippedBytes: number } {
  const gzipped = gzipSync(Buffer.from(JSON.stringify(log), "utf8"));
  return { sarif: gzipped.toString("base64"), gzippedBytes: gzipped.length };
}

const FINE_GRAINED = "or a fine-grained token / GitHub App with Code scanning alerts: read and write";

/**
 * Before any upload: a classic token names its scopes, and code scanning needs security_events (which
 * repo includes), or public_repo when every repository is public. Fine-grained tokens and apps say
 * nothing, so their missing permission shows on the first upload instead.
 */
export async function preflightSarifToken(api: PublishApi, allPublic: boolean): Promise<void> {
  let check: { login?: string; scopes?: string[] };
  try {
    check = await api.tokenScopes();
  } catch (error) {
    if (statusOf(error) === 401) throw new KeylessError("BadCredentials", "GitHub rejected the token (401).", "Check GITHUB_TOKEN or GH_TOKEN.", { cause: error });
    throw error;
  }
  const scopes = check.scopes;
  if (!scopes) return;
  if (scopes.includes("security_events") || scopes.includes("repo") || (allPublic && scopes.includes("public_repo"))) return;
  throw new KeylessError(
    "MissingTokenScope",
    `The GitHub token${check.login ? ` of ${check.login}` : ""} lacks the \`security_events\` scope (it has: ${scopes.join(", ") || "none"}): code scanning refuses SARIF uploads without it. Nothing was uploaded.`,
    `Add security_events to the token (classic), ${FINE_GRAINED}.`,
  );
}

function githubMessage(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } }).response?.data;
  const message = typeof data?.message === "string" ? data.message : String((error as { message?: unknown }).message ?? error);
  return message.replace(/\s+/g, " ").trim();
}

/** A refusal that is about the repository (skip it), or a failure (report it, go on). */
function outcomeOf(error: unknown): { outcome: "skipped" | "failed"; reason: string } {
  const status = statusOf(error);
  const message = githubMessage(error);
  if (isRateLimited(error)) return { outcome: "failed", reason: `rate limited, still after waiting: ${message}` };
  if (status === 403 && /advanced security|code scanning is not enabled|not enabled/i.test(message)) return { outcome: "skipped", reason: `code scanning is not available here: ${message} (403)` };
  if (status === 403 && /archived/i.test(message)) return { outcome: "skipped", reason: `${message} (403)` };
  if (status === 403) return { outcome: "failed", reason: `${message} (403): the token needs security_events (classic), ${FINE_GRAINED}` };
  if (status === 404) return { outcome: "skipped", reason: `${message} (404): the repository, its commit or its branch is not visible to the token; re-scan if the default branch moved` };
  if (status === 413) return { outcome: "skipped", reason: `${message} (413): over GitHub's size limit` };
  return { outcome: "failed", reason: `${message}${status ? ` (${status})` : ""}` };
}

export interface SarifUploadContext {
  client?: GithubClient;
  api?: PublishApi;
  apply: boolean;
  onResult?: (result: SarifUploadResult) => void;
}

export async function uploadSarifs(ctx: SarifUploadContext, uploads: readonly SarifUpload[]): Promise<SarifUploadResult[]> {
  const out: SarifUploadResult[] = [];
  for (const u of uploads) {
    const result = await uploadOne(ctx, u);
    out.push(result);
    ctx.onResult?.(result);
  }
  return out;
}

async function uploadOne(ctx: SarifUploadContext, u: SarifUpload): Promise<SarifUploadResult> {
  const { sarif, gzippedBytes } = encodeSarif(u.log);
  const base = { repo: u.repo, results: u.results, gzippedBytes, ref: u.ref, ...(u.commitSha ? { commitSha: u.commitSha } : {}), ...(u.closes !== undefined ? { closes: u.closes } : {}) };
  if (gzippedBytes > SARIF_LIMITS.gzippedBytes) return { ...base, outcome: "skipped", reason: `${gzippedBytes} bytes gzipped, over GitHub's limit of 10 MB` };
  if (!ctx.apply || !ctx.client || !ctx.api) return { ...base, outcome: "would-upload" };
  const [owner = "", repo = ""] = u.repo.split("/");
  try {
    // Only a scan saved before keyless recorded the commit lacks it: then the branch's head now.
    const commitSha = u.commitSha ?? (await ctx.api.branchHead(u.repo, u.ref.replace(/^refs\/heads\//, "")));
    if (!commitSha) return { ...base, outcome: "skipped", reason: `${u.ref} was not found` };
    const response = await ctx.client.request("POST /repos/{owner}/{repo}/code-scanning/sarifs", { owner, repo, commit_sha: commitSha, ref: u.ref, sarif, tool_name: SARIF_TOOL_NAME });
    const data = response.data as { id?: string; url?: string };
    return { ...base, commitSha, outcome: "uploaded", ...(data.id ? { id: data.id } : {}), ...(data.url ? { url: data.url } : {}) };
  } catch (error) {
    return { ...base, ...outcomeOf(error) };
  }
}

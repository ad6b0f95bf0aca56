// Code scanning SARIF uploads: POST /repos/{owner}/{repo}/code-scanning/sarifs (202 with the upload's
// id and status URL) and GET .../sarifs/{sarif_id} (its processing status). What was accepted is kept
// on the world's repo (`sarifUploads`), decompressed, so tests can read it back. A repo with
// `codeScanningEnabled: false` answers 403 as GitHub does without Advanced Security.

import { createHash } from "node:crypto";
import type { components } from "@octokit/openapi-types";
import type { GithubRepo } from "../../world.js";
import { hasAnyScope } from "../auth.js";
import { apiUrl, forbidden, HttpError, type Ctx } from "../context.js";
import { requireRepo } from "../lookup.js";
import { gitFor } from "../repo-git.js";
import type { Route } from "../router.js";
import { applyAnalysis } from "../code-scanning-alerts.js";
import { decodeSarif, processingErrors } from "../sarif-check.js";

type S = components["schemas"];

const COMMIT_SHA = /^[0-9a-fA-F]{40}(?:[0-9a-fA-F]{24})?$/;
const REF = /^refs\/(heads|tags|pull)\/.*$/;

/** Classic tokens: security_events (which repo implies), or public_repo for a public repository. */
function requireWriteScope(ctx: Ctx, repo: GithubRepo): void {
  const needed = repo.visibility === "public" ? ["security_events", "public_repo"] : ["security_events"];
  if (!hasAnyScope(ctx.token, needed)) throw forbidden("Resource not accessible by personal access token");
}

function requireCodeScanning(repo: GithubRepo): void {
  if (repo.codeScanningEnabled === false) throw forbidden("Advanced Security must be enabled for this repository to use code scanning.");
}

/** A UUID-shaped id, stable for a given repo and upload number (GitHub's ids are UUIDs). */
function uploadId(repo: GithubRepo, n: number): string {
  const h = createHash("sha256").update(`${repo.id}:${n}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function statusUrl(ctx: Ctx, repo: GithubRepo, id: string): string {
  return apiUrl(ctx.state, `/repos/${repo.fullName}/code-scanning/sarifs/${id}`);
}

function field(body: unknown, name: string): unknown {
  return body && typeof body === "object" ? (body as Record<string, unknown>)[name] : undefined;
}

export const codeScanningRoutes: Route[] = [
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/code-scanning/sarifs",
    accepted: ["security_events"],
    handler: (ctx) => {
      const repo = requireRepo(ctx);
      requireWriteScope(ctx, repo);
      if (repo.archived) throw forbidden("Repository was archived so is read-only.");
      requireCodeScanning(repo);
      const commitSha = field(ctx.body, "commit_sha");
      const ref = field(ctx.body, "ref");
      const toolName = field(ctx.body, "tool_name");
      const problems: string[] = [];
      if (typeof commitSha !== "string" || !COMMIT_SHA.test(commitSha)) problems.push(`${JSON.stringify(commitSha ?? null)} does not match /^[0-9a-fA-F]{40}(?:[0-9a-fA-F]{24})?$/.`);
      if (typeof ref !== "string" || !REF.test(ref)) problems.push(`${JSON.stringify(ref ?? null)} does not match /^refs\\/(heads|tags|pull)\\/.*$/.`);
      if (toolName !== undefined && typeof toolName !== "string") problems.push("tool_name is not a string.");
      if (problems.length > 0) throw new HttpError(422, `Invalid request.\n\n${problems.join("\n")}`);
      const decoded = decodeSarif(field(ctx.body, "sarif"));
      if ("status" in decoded) throw new HttpError(decoded.status, decoded.message);
      const store = gitFor(ctx.state, repo);
      const sha = (commitSha as string).toLowerCase();
      if (store.typeOf(sha) !== "commit") throw new HttpError(404, "commit not found");
      if (!store.refs.has(ref as string)) throw new HttpError(404, "ref not found");
      const uploads = (repo.sarifUploads ??= []);
      const id = uploadId(repo, uploads.length + 1);
      const errors = processingErrors(decoded.log);
      const category = decoded.log.runs[0]?.automationDetails?.id;
      uploads.push({
        id,
        commitSha: sha,
        ref: ref as string,
        ...(typeof toolName === "string" ? { toolName } : {}),
        ...(category !== undefined ? { category } : {}),
        sarif: decoded.text,
        receivedAt: ctx.state.world.now,
        processingStatus: errors.length > 0 ? "failed" : "complete",
        errors,
      });
      // A processed analysis updates the alerts: those of the same tool, category and ref it lacks are fixed.
      const tool = typeof toolName === "string" ? toolName : decoded.log.runs[0]?.tool.driver.name;
      if (errors.length === 0 && tool) applyAnalysis(repo, decoded.log, { toolName: tool, category: category ?? "", ref: ref as string, commitSha: sha, sarifId: id, at: ctx.state.world.now });
      const body: S["code-scanning-sarifs-receipt"] = { id, url: statusUrl(ctx, repo, id) };
      return { status: 202, body };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}",
    accepted: ["security_events"],
    handler: (ctx) => {
      const repo = requireRepo(ctx);
      requireWriteScope(ctx, repo);
      requireCodeScanning(repo);
      const upload = repo.sarifUploads?.find((u) => u.id === ctx.params["sarif_id"]);
      if (!upload) throw new HttpError(404, "Not Found");
      const body: S["code-scanning-sarifs-status"] = {
        processing_status: upload.processingStatus,
        analyses_url: upload.processingStatus === "complete" ? apiUrl(ctx.state, `/repos/${repo.fullName}/code-scanning/analyses?sarif_id=${upload.id}`) : null,
        errors: upload.errors.length > 0 ? upload.errors : null,
      };
      return { body };
    },
  },
];

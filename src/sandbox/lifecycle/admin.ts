// The lifecycle's sandbox-only admin operations, served by the AWS fake as `POST /_sandbox/<name>`
// (JSON in and out, header `x-keyless-sandbox: 1`), so that a separately running `keyless sandbox`
// can be driven by other commands and tests; and the small client that calls them.

import { KeylessError } from "../../core/errors.js";
import { PlanWire } from "../../plan/index.js";
import type { AdminHandler } from "../aws/index.js";
import type { Lifecycle } from "./lifecycle.js";
import type { RunReport } from "./run.js";

export type AdminOperation = "apply-plan" | "advance-clock" | "simulate-run" | "mint-token" | "runs";

/** A run as the admin API answers it: the WorkflowRun and each job's outcome. */
export function runSummary(r: RunReport): Record<string, unknown> {
  return { repo: r.repo, runId: r.run.id, workflowPath: r.run.workflowPath, event: r.run.event, conclusion: r.run.conclusion, headSha: r.run.headSha, createdAt: r.run.createdAt, jobs: r.jobs };
}

export function adminHandlers(lifecycle: Lifecycle): Record<AdminOperation, AdminHandler> {
  const record = (body: unknown): Record<string, unknown> => (typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {});
  const text = (body: Record<string, unknown>, name: string): string | undefined => (typeof body[name] === "string" ? (body[name] as string) : undefined);
  return {
    // Body: the plan itself (reports/plan.json), or { plan, existingRoleChanges }.
    "apply-plan": (body) => {
      const input = record(body);
      const wrapped = "plan" in input && !("schemaVersion" in input);
      const parsed = PlanWire.safeParse(wrapped ? input["plan"] : input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`The plan does not match plan schema v1${issue ? ` (${issue.path.join(".") || "top"}: ${issue.message})` : ""}.`);
      }
      return lifecycle.applyPlan(parsed.data, { existingRoleChanges: wrapped && input["existingRoleChanges"] === true });
    },
    "advance-clock": (body) => {
      const days = Number(record(body)["days"]);
      return { now: lifecycle.advanceClock(days) };
    },
    "simulate-run": (body) => {
      const input = record(body);
      const repo = text(input, "repo");
      if (!repo) throw new Error("simulate-run needs { repo: \"owner/name\" }.");
      const event = text(input, "event");
      if (event !== undefined && event !== "push" && event !== "schedule" && event !== "workflow_dispatch") throw new Error(`event must be push, schedule or workflow_dispatch (got ${event}).`);
      return { runs: lifecycle.simulateRun(repo, text(input, "workflowPath"), event ? { event } : {}).map(runSummary) };
    },
    "mint-token": (body) => {
      const input = record(body);
      const repo = text(input, "repo");
      if (!repo) throw new Error("mint-token needs { repo: \"owner/name\" }.");
      const optional = Object.fromEntries(["ref", "environment", "event", "audience", "workflowPath"].flatMap((k) => (text(input, k) !== undefined ? [[k, text(input, k)]] : [])));
      return { token: lifecycle.mintOidcToken({ repo, ...optional }) };
    },
    runs: () => ({ runs: lifecycle.runs.map(runSummary) }),
  };
}

/**
 * Calls an admin operation of a running sandbox. `endpoint` is its AWS_ENDPOINT_URL (always a
 * 127.0.0.1 address: the sandbox never listens elsewhere).
 */
export async function callSandboxAdmin(endpoint: string, operation: AdminOperation, body: unknown = {}): Promise<unknown> {
  const url = new URL(`/_sandbox/${operation}`, endpoint);
  if (url.hostname !== "127.0.0.1" && url.hostname !== "localhost") {
    throw new KeylessError("SandboxAdminRemote", `Sandbox admin calls only go to 127.0.0.1, not ${url.host}.`, "Point AWS_ENDPOINT_URL at the running `keyless sandbox`.");
  }
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-keyless-sandbox": "1" }, body: JSON.stringify(body) });
  } catch (error) {
    throw new KeylessError("SandboxUnreachable", `No sandbox answers at ${url.origin}.`, "Start one with `keyless sandbox` and use the AWS_ENDPOINT_URL it prints.", { cause: error });
  }
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new KeylessError("SandboxAdminFailed", `The sandbox refused ${operation}: ${String(answer["message"] ?? response.status)}`, "Check the request body.");
  return answer;
}

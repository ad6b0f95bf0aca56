// How the CLI reports a failure: a code, a sentence and what to do; with --debug, the causes with
// their SDK details and stack frames, redacted (debug-details.ts), never an SDK error dumped whole.
import { isKeylessError } from "../core/errors.js";
import { debugDetails, redactText } from "./debug-details.js";

/** `secrets`: values this process holds (its credentials), removed from whatever --debug prints. */
export function formatError(error: unknown, debug: boolean, secrets: readonly string[] = []): string {
  if (isKeylessError(error)) {
    const lines = [`error[${error.code}]: ${error.message}`, `  fix: ${error.remediation}`];
    if (debug && error.cause !== undefined) lines.push(`caused by ${debugDetails(error.cause, secrets)}`);
    return lines.join("\n");
  }
  const message = error instanceof Error ? error.message : String(error);
  if (debug) return `error: ${debugDetails(error, secrets)}`;
  return `error: ${redactText(message.split("\n")[0] ?? "", secrets)}\n  (run again with --debug for details)`;
}

export function exitCodeOf(error: unknown): number {
  return isKeylessError(error) ? error.exitCode : 1;
}

// How the CLI reports a failure: a code, a sentence and what to do; a stack only with --debug.
import { isKeylessError } from "../core/errors.js";

export function formatError(error: unknown, debug: boolean): string {
  if (isKeylessError(error)) {
    const lines = [`error[${error.code}]: ${error.message}`, `  fix: ${error.remediation}`];
    if (debug && error.cause instanceof Error && error.cause.stack) lines.push(error.cause.stack);
    return lines.join("\n");
  }
  const message = error instanceof Error ? error.message : String(error);
  if (debug && error instanceof Error && error.stack) return `error: ${error.stack}`;
  return `error: ${message.split("\n")[0]}\n  (run again with --debug for details)`;
}

export function exitCodeOf(error: unknown): number {
  return isKeylessError(error) ? error.exitCode : 1;
}

// Errors a user can act on: a stable code, a message, and a remediation sentence.
// The CLI prints these without a stack trace (unless --debug).

export class KeylessError extends Error {
  readonly code: string;
  readonly remediation: string;
  readonly exitCode: number;

  constructor(code: string, message: string, remediation: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "KeylessError";
    this.code = code;
    this.remediation = remediation;
    this.exitCode = options?.exitCode ?? 2;
  }
}

export function isKeylessError(error: unknown): error is KeylessError {
  return error instanceof KeylessError;
}

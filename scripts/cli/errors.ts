/**
 * Errors the CLI reports to people. Exit codes follow the command-line contract: 1 for a partial
 * failure or a blocked org, 2 for bad input (nothing was changed).
 */
export const EXIT_OK = 0;
export const EXIT_PARTIAL = 1;
export const EXIT_BAD_INPUT = 2;

export class CliError extends Error {
  readonly exitCode: number;
  /** What to do about it, in one sentence. */
  readonly hint: string | undefined;
  /** A stable name for --json output, e.g. TargetOrgNotFound. */
  readonly code: string;

  constructor(code: string, message: string, options: { exitCode?: number; hint?: string } = {}) {
    super(message);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = options.exitCode ?? EXIT_PARTIAL;
    this.hint = options.hint;
  }
}

/** Bad input: a flag, a file, an Id. Always exit 2, always before anything changed. */
export function badInput(code: string, message: string, hint?: string): CliError {
  return new CliError(code, message, { exitCode: EXIT_BAD_INPUT, hint });
}

// Access tokens (00D…!…), Authorization headers and SOAP session Ids must never reach a terminal
// or a file, even inside an error message a library wrote.
export function redact(text: string): string {
  return text
    .replace(/00D[0-9A-Za-z]{12,15}![0-9A-Za-z._-]+/g, '[redacted]')
    .replace(/\b(Bearer|OAuth)\s+[^\s"']+/gi, '$1 [redacted]')
    .replace(/(<sessionId>)[^<]*(<\/sessionId>)/gi, '$1[redacted]$2');
}

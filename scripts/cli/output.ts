/**
 * What a command prints. With --json exactly one JSON document goes to stdout
 * ({ status, result, warnings } as the sf CLI prints it, or { status, name, message, hint } for an
 * error); otherwise human-readable lines, and warnings on stderr.
 */
import { CliError, EXIT_PARTIAL, redact } from './errors.ts';

export interface OutputOptions {
  json: boolean;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

export class Output {
  readonly json: boolean;
  private readonly stdout: NodeJS.WritableStream;
  private readonly stderr: NodeJS.WritableStream;
  private readonly warnings: string[] = [];

  constructor(options: OutputOptions) {
    this.json = options.json;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
  }

  /** Progress and other chatter: stderr, and only for people (never under --json). */
  info(line: string): void {
    if (!this.json) this.stderr.write(`${redact(line)}\n`);
  }

  /** Human output on stdout; suppressed under --json, where `result` carries the same facts. */
  print(text: string): void {
    if (!this.json) this.stdout.write(`${redact(text)}\n`);
  }

  warn(line: string): void {
    this.warnings.push(line);
    if (!this.json) this.stderr.write(`Warning: ${redact(line)}\n`);
  }

  /** Ends a command: under --json prints the one document. Returns the exit code. */
  finish(result: unknown, exitCode: number): number {
    if (this.json) {
      const doc = { status: exitCode, result, warnings: this.warnings };
      this.stdout.write(`${redact(JSON.stringify(doc, null, 2))}\n`);
    }
    return exitCode;
  }

  /** Reports an error and returns its exit code. */
  fail(error: unknown): number {
    const cliError =
      error instanceof CliError
        ? error
        : new CliError('UnexpectedError', error instanceof Error ? error.message : String(error), {
            exitCode: EXIT_PARTIAL,
          });
    if (this.json) {
      const doc = {
        status: cliError.exitCode,
        name: cliError.code,
        message: cliError.message,
        hint: cliError.hint ?? null,
        warnings: this.warnings,
      };
      this.stdout.write(`${redact(JSON.stringify(doc, null, 2))}\n`);
    } else {
      this.stderr.write(`Error (${cliError.code}): ${redact(cliError.message)}\n`);
      if (cliError.hint) this.stderr.write(`Try this: ${redact(cliError.hint)}\n`);
    }
    return cliError.exitCode;
  }
}

/** A plain text table: header, rule, rows; columns padded to their widest cell. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

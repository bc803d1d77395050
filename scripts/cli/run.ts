/** Runs a command body with the shared output, error reporting and exit code. */
import { Output } from './output.ts';
import { stopAllProgress } from './progress.ts';

export interface CommonFlags {
  targetOrg?: string;
  json?: boolean;
}

export async function runCommand(
  flags: CommonFlags,
  body: (output: Output) => Promise<{ result: unknown; exitCode: number }>,
): Promise<void> {
  const output = new Output({ json: flags.json ?? false });
  try {
    const { result, exitCode } = await body(output);
    process.exitCode = output.finish(result, exitCode);
  } catch (error) {
    stopAllProgress();
    process.exitCode = output.fail(error);
  } finally {
    // A bar's redraw timer would keep the process alive after the command.
    stopAllProgress();
  }
}

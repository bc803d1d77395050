/** Reading the --file flag's file, with bad paths refused as bad input (exit 2). */
import { readFile, stat } from 'node:fs/promises';
import { CliError, badInput } from '../cli/errors.ts';

/** Far above any onboarding file (about 100,000 rows); stops a wrong file from filling memory. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export async function readInputFile(path: string | undefined): Promise<Uint8Array> {
  if (!path) {
    throw badInput(
      'MissingFile',
      'No file: pass --file with the CSV of partners to onboard.',
      'Run `channelkit partners onboard --help` for the columns and an example.',
    );
  }
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    }
    if (info.size > MAX_FILE_BYTES) {
      throw badInput(
        'FileTooLarge',
        `${path} is ${(info.size / 1024 / 1024).toFixed(1)} MB; onboarding files are limited to ${MAX_FILE_BYTES / 1024 / 1024} MB.`,
        'Check that this is the right file, or split it into several files.',
      );
    }
    return await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (error instanceof CliError || code === undefined) throw error;
    const why =
      code === 'ENOENT'
        ? 'there is no such file'
        : code === 'EISDIR'
          ? 'it is a folder, not a file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : `${code}`;
    throw badInput(
      'UnreadableFile',
      `Cannot read ${path}: ${why}.`,
      'Check the path (relative paths start from the current folder) and that you may read the file.',
    );
  }
}

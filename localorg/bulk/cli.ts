/**
 * The `org local` Bulk API flags: `--bulk-rate`, `--bulk-page-size`, `--bulk-repeat-header`, over
 * the `LOCALORG_BULK_RATE`, `LOCALORG_BULK_PAGE_SIZE` and `LOCALORG_BULK_REPEAT_HEADER` variables.
 */
import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { bulkSettingsFromEnv, parseCount, parseSwitch } from './settings.ts';
import type { BulkSettings } from './settings.ts';

export interface BulkFlags {
  bulkRate?: number;
  bulkPageSize?: number;
  bulkRepeatHeader?: boolean;
}

const count = (min: number) => (value: string) => {
  const n = parseCount(value);
  if (n === null || n < min)
    throw new InvalidArgumentError(`use a whole number of at least ${min}`);
  return n;
};

function switchArgument(value: string): boolean {
  const on = parseSwitch(value);
  if (on === null) throw new InvalidArgumentError('use true or false');
  return on;
}

export function addBulkOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--bulk-rate <records/s>',
        'Bulk ingest records per second per job (0: unthrottled)',
      ).argParser(count(0)),
    )
    .addOption(
      new Option(
        '--bulk-page-size <rows>',
        'Bulk query rows per result page without maxRecords (default 50000)',
      ).argParser(count(1)),
    )
    .addOption(
      new Option(
        '--bulk-repeat-header <true|false>',
        'repeat the CSV header on every Bulk query result page (default true)',
      ).argParser(switchArgument),
    );
}

/** Flags over environment variables; throws (naming the variable) on a bad value. */
export function bulkOptions(flags: BulkFlags, env: NodeJS.ProcessEnv): Partial<BulkSettings> {
  const settings = bulkSettingsFromEnv(env);
  if (flags.bulkRate !== undefined) settings.recordsPerSecond = flags.bulkRate;
  if (flags.bulkPageSize !== undefined) settings.queryPageSize = flags.bulkPageSize;
  if (flags.bulkRepeatHeader !== undefined) settings.repeatHeader = flags.bulkRepeatHeader;
  return settings;
}

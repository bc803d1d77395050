/**
 * Bulk API 2.0 settings: processing rate, result page size, whether result pages after the first
 * repeat the CSV header, and the upload cap. Options of `startLocalOrg({ bulk })`, flags of
 * `org local` and `LOCALORG_BULK_*` environment variables.
 */

export interface BulkSettings {
  /** Records per second each job processes (ingest rows, query rows written); 0 is unthrottled. */
  recordsPerSecond: number;
  /** Rows per query result page when the client sends no `maxRecords` (jsforce never does). */
  queryPageSize: number;
  /**
   * Whether query result pages after the first start with the CSV header too. Unverified on real
   * orgs (wire.md §5.1), so both are served. What the clients make of each (test/localorg/
   * bulk-query.test.ts):
   * - true (default): the sf CLI's `data export bulk` (plugin-data drops the first line of every
   *   later page) writes every row once; a page-by-page parser is right; jsforce-style
   *   concatenation of pages into one parser gets one `{"Id":"Id",...}` record per later page.
   * - false: concatenation is right; the sf CLI and page-by-page parsers lose the first row of
   *   every later page.
   * jsforce 3.10.16's `bulk2.query()` / `QueryJobV2.result()` over several pages is unreliable
   * either way: it pipes each page into one parser with `end: true`, so the parser is ended after
   * a page (a 'Quote Not Closed' error, or an uncaught 'write after end' with many pages), always
   * so with gzip (which node-fetch asks for). One-page results are fine.
   */
  repeatHeader: boolean;
  /** The upload cap, in bytes of base64-encoded CSV (Salesforce: 150 MB, about 100 MB raw). */
  maxUploadBytes: number;
  /** Records per internal batch (Salesforce: 10,000). */
  batchSize: number;
}

export const DEFAULT_BULK_SETTINGS: BulkSettings = {
  recordsPerSecond: 0,
  queryPageSize: 50_000,
  repeatHeader: true,
  maxUploadBytes: 150 * 1024 * 1024,
  batchSize: 10_000,
};

export function resolveBulkSettings(partial: Partial<BulkSettings> = {}): BulkSettings {
  const settings = { ...DEFAULT_BULK_SETTINGS, ...partial };
  const positive = (name: keyof BulkSettings, min: number): void => {
    const value = settings[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new Error(`bulk setting ${name} must be a whole number of at least ${min}`);
    }
  };
  positive('recordsPerSecond', 0);
  positive('queryPageSize', 1);
  positive('maxUploadBytes', 1);
  positive('batchSize', 1);
  return settings;
}

/** A non-negative whole number from a flag or variable, or null when it is not one. */
export function parseCount(value: string): number | null {
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}

/** `true`/`false` (also 1/0, yes/no) from a variable, or null when it is neither. */
export function parseSwitch(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return null;
}

/**
 * Settings from `LOCALORG_BULK_RATE`, `LOCALORG_BULK_PAGE_SIZE` and
 * `LOCALORG_BULK_REPEAT_HEADER`; throws with the variable's name on a bad value.
 */
export function bulkSettingsFromEnv(env: NodeJS.ProcessEnv): Partial<BulkSettings> {
  const out: Partial<BulkSettings> = {};
  const count = (name: string, key: 'recordsPerSecond' | 'queryPageSize', min: number): void => {
    const raw = env[name];
    if (raw === undefined || raw === '') return;
    const n = parseCount(raw);
    if (n === null || n < min) throw new Error(`${name} must be a whole number of at least ${min}`);
    out[key] = n;
  };
  count('LOCALORG_BULK_RATE', 'recordsPerSecond', 0);
  count('LOCALORG_BULK_PAGE_SIZE', 'queryPageSize', 1);
  const repeat = env.LOCALORG_BULK_REPEAT_HEADER;
  if (repeat !== undefined && repeat !== '') {
    const value = parseSwitch(repeat);
    if (value === null) throw new Error('LOCALORG_BULK_REPEAT_HEADER must be true or false');
    out.repeatHeader = value;
  }
  return out;
}

/**
 * Tooling API query (`/tooling/query`, queryMore at `/tooling/query/<locator>-<offset>`): the same
 * SOQL engine and cursors as the REST query, over the objects the Tooling API serves, in its
 * envelope (`size`, `totalSize`, `done`, `queryLocator`, `entityTypeName`, `records`) with record
 * and next-page URLs under `/tooling`.
 */
import type { Session } from '../auth/session.ts';
import type { LocalOrg } from '../org.ts';
import type { QueryResult } from '../soql/execute.ts';
import { noSuchObject } from '../soql/errors.ts';

/** Objects the tooling endpoints serve (the local org's subset of the Tooling API). */
export const TOOLING_OBJECTS = new Set(
  [
    'ApexClass',
    'ApexTestRunResult',
    'ApexTestQueueItem',
    'ApexTestResult',
    'ApexCodeCoverage',
    'ApexCodeCoverageAggregate',
    'ApexOrgWideCoverage',
    'AsyncApexJob',
    'StaticResource',
  ].map((name) => name.toLowerCase()),
);

export function isToolingObject(name: string): boolean {
  return TOOLING_OBJECTS.has(name.toLowerCase());
}

/** `/services/data/vX/sobjects/...` and `/services/data/vX/query/...` moved under `/tooling`. */
export function toolingUrl(url: string): string {
  return url.replace(/^(\/services\/data\/v[\d.]+)\/(?!tooling\/)/, '$1/tooling/');
}

function toolingUrls(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) toolingUrls(item);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(record)) {
    if (key === 'attributes' && child && typeof child === 'object') {
      const attributes = child as Record<string, unknown>;
      if (typeof attributes.url === 'string') attributes.url = toolingUrl(attributes.url);
    } else if (key === 'nextRecordsUrl' && typeof child === 'string') {
      record[key] = toolingUrl(child);
    } else if (child && typeof child === 'object' && key !== 'Coverage') {
      toolingUrls(child);
    }
  }
}

export interface ToolingQueryResult {
  size: number;
  totalSize: number;
  done: boolean;
  queryLocator: string | null;
  entityTypeName: string | null;
  nextRecordsUrl?: string;
  records: unknown[];
}

function envelope(result: QueryResult, entityTypeName: string | null): ToolingQueryResult {
  toolingUrls(result);
  const locator = result.nextRecordsUrl?.split('/').pop() ?? null;
  return {
    size: result.records.length,
    totalSize: result.totalSize,
    done: result.done,
    queryLocator: locator,
    entityTypeName,
    ...(result.nextRecordsUrl ? { nextRecordsUrl: result.nextRecordsUrl } : {}),
    records: result.records,
  };
}

export interface ToolingQueryOptions {
  apiVersion: string;
  batchSize?: number;
}

export function toolingQuery(
  org: LocalOrg,
  session: Session,
  soql: string,
  options: ToolingQueryOptions,
): ToolingQueryResult {
  const compiled = org.queries.compile(session, soql);
  if (!isToolingObject(compiled.object.name)) throw noSuchObject(soql, compiled.object.name);
  const result = org.queries.query(session, soql, options);
  return envelope(result, compiled.mode === 'aggregate' ? null : compiled.object.name);
}

export function toolingQueryMore(
  org: LocalOrg,
  session: Session,
  locator: string,
  offset: number,
  options: ToolingQueryOptions,
): ToolingQueryResult {
  const result = org.queries.queryMore(session, locator, offset, options);
  const type = (result.records[0] as { attributes?: { type?: string } } | undefined)?.attributes
    ?.type;
  return envelope(result, type ?? null);
}

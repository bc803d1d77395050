/**
 * Tooling API query (`/tooling/query`, queryMore at `/tooling/query/<locator>-<offset>`): the same
 * SOQL engine and cursors as the REST query, over the objects the Tooling API serves, in its
 * envelope (`size`, `totalSize`, `done`, `queryLocator`, `entityTypeName`, `records`) with record
 * and next-page URLs under `/tooling`.
 *
 * `FullName` and `Metadata` of CustomObject and CustomField can be read only when the query
 * answers one row (Tooling API Developer Guide, CustomField/CustomObject: "Query this field only
 * if the query result contains no more than one record"); more is MALFORMED_QUERY in the words
 * real orgs answer ("When retrieving results with Metadata or FullName fields, the query
 * qualifications must specify no more than one row for retrieval. Result size: N").
 */
import type { Session } from '../auth/session.ts';
import { ApiError } from '../errors.ts';
import type { LocalOrg } from '../org.ts';
import type { QueryResult } from '../soql/execute.ts';
import { queryColumns } from '../soql/columns.ts';
import { noSuchObject } from '../soql/errors.ts';

/** Objects the tooling endpoints serve (the local org's subset of the Tooling API). */
export const TOOLING_OBJECTS = new Set(
  [
    'ApexClass',
    'ApexTrigger',
    'CustomObject',
    'CustomField',
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
  const compiled = org.queries.compile(session, soql, false, options.apiVersion, true);
  if (!isToolingObject(compiled.object.name)) throw noSuchObject(soql, compiled.object.name);
  const result = org.queries.query(session, soql, { ...options, tooling: true });
  const oneRowOnly = compiled.columns.some(
    (c) => c.relation === null && (c.name === 'FullName' || c.name === 'Metadata'),
  );
  if (oneRowOnly && result.totalSize > 1) {
    throw new ApiError(
      400,
      'MALFORMED_QUERY',
      `When retrieving results with Metadata or FullName fields, the query qualifications must specify no more than one row for retrieval. Result size: ${result.totalSize}`,
    );
  }
  return envelope(result, compiled.mode === 'aggregate' ? null : compiled.object.name);
}

/** `columns=true`: the query's column metadata, as the REST query answers it. */
export function toolingColumns(
  org: LocalOrg,
  session: Session,
  soql: string,
  apiVersion: string,
): Record<string, unknown> {
  const compiled = org.queries.compile(session, soql, false, apiVersion, true);
  if (!isToolingObject(compiled.object.name)) throw noSuchObject(soql, compiled.object.name);
  return queryColumns(compiled);
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

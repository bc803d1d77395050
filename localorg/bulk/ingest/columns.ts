/**
 * The uploaded CSV header checked against the object (a bad header fails the whole job, as on
 * Salesforce), and each row turned into field values with Bulk's rules: an empty value is left
 * alone, `#N/A` sets the field to null.
 */
import type { SObjectDef } from '../../catalog/index.ts';
import type { Catalog } from '../../catalog/index.ts';
import type { IngestJob } from '../jobs.ts';

/** Fails the whole job with `errorMessage`; the rows not yet processed become unprocessed. */
export class JobFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobFailure';
  }
}

export const NULL_TOKEN = '#N/A';

export interface ColumnPlan {
  /** Position of the Id column, or -1. */
  idIndex: number;
  /** Position of the upsert key column, or -1. */
  externalIdIndex: number;
  /** The other columns: position and canonical field name. */
  fields: { index: number; name: string }[];
}

export function planColumns(
  catalog: Catalog,
  object: SObjectDef,
  job: IngestJob,
  header: string[],
): ColumnPlan {
  const plan: ColumnPlan = { idIndex: -1, externalIdIndex: -1, fields: [] };
  const seen = new Set<string>();
  header.forEach((rawName, index) => {
    const name = rawName.trim();
    const field = catalog.field(object, name);
    if (!field) throw new JobFailure(`InvalidBatch : Field name not found : ${name}`);
    if (seen.has(field.name)) throw new JobFailure(`InvalidBatch : Duplicate field name: ${name}`);
    seen.add(field.name);
    if (field.name === 'Id') plan.idIndex = index;
    if (job.externalIdFieldName === field.name) plan.externalIdIndex = index;
    if (field.name !== 'Id') plan.fields.push({ index, name: field.name });
  });
  const needsId =
    job.operation === 'update' || job.operation === 'delete' || job.operation === 'hardDelete';
  if (needsId && plan.idIndex < 0) {
    throw new JobFailure(
      `InvalidBatch : Field name not found : Id (required for ${job.operation})`,
    );
  }
  if (job.operation === 'upsert' && plan.externalIdIndex < 0) {
    throw new JobFailure(
      `InvalidBatch : The external ID field ${job.externalIdFieldName} is missing from the header`,
    );
  }
  return plan;
}

/** The field values of one row: empty values skipped, `#N/A` as null. */
export function rowValues(plan: ColumnPlan, record: string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const { index, name } of plan.fields) {
    const value = record[index];
    if (value === undefined || value === '') continue;
    values[name] = value === NULL_TOKEN ? null : value;
  }
  return values;
}

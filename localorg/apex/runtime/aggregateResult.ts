/** AggregateResult: the sObject type of aggregate query rows (fields by alias, read with get()). */
import { sobject } from '../../catalog/fields.ts';

export const AGGREGATE_RESULT = sobject(
  'AggregateResult',
  { keyPrefix: null, createable: false, updateable: false, deletable: false },
  [],
);

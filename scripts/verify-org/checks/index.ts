/** Every check of verify:org, in the order they run. */
import type { CheckDef } from '../check.ts';
import { apexTestsCheck } from './apex-tests.ts';
import { bulkHeaderCheck } from './bulk-header.ts';
import { contractSuitesCheck } from './contract-suites.ts';
import { errorWordingsCheck } from './error-wordings.ts';
import { reassignChecks } from './reassign.ts';

export function allChecks(): CheckDef[] {
  return [
    apexTestsCheck(),
    errorWordingsCheck(),
    bulkHeaderCheck(),
    ...reassignChecks(),
    contractSuitesCheck(),
  ];
}

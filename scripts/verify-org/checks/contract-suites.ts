/**
 * The contract suites of the console, the wizard and the inbox cannot run against another org:
 * listed so the report says why, and what covers their controllers there instead.
 */
import { skipped } from '../check.ts';
import type { CheckDef } from '../check.ts';

export const CONTRACT_SUITES_REASON =
  'The contract suites (test/localorg/lead-assignment-contract.test.ts and the LeadAssignmentContract static resource) call the controllers’ @AuraEnabled methods through the Aura endpoint as the demo seed’s users, with its queues’ Ids written into the examples and row-lock faults injected at a fixed seed. A real org serves Aura only to a Lightning browser session (an aura.token), not to a client logged in with OAuth, and has none of the demo seed’s users or queues. On the target org the controllers are exercised by their Apex tests (apex-tests).';

export function contractSuitesCheck(): CheckDef {
  return {
    id: 'contract-suites',
    title: 'Contract suites of the console, the wizard and the inbox',
    promise:
      'Every example request in the contract fixtures answers with exactly the example’s shape, and every error case with its message.',
    references: [
      'test/localorg/lead-assignment-contract.test.ts',
      'force-app/main/default/staticresources/LeadAssignmentContract.json',
    ],
    measure: 'Not measurable on another org (see the result).',
    writes: false,
    run: () => Promise.resolve(skipped(CONTRACT_SUITES_REASON)),
  };
}

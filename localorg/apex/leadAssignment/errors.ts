/**
 * Contract errors: what LeadAssignmentController throws as AuraHandledException, with a message a
 * channel manager can act on. The route answers them with HTTP 400 and a ContractError body.
 */
import type { ContractError } from '../../../types/leadAssignment.d.ts';

export class ContractFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractFailure';
  }

  toBody(): ContractError {
    return { message: this.message, exceptionType: 'System.AuraHandledException' };
  }
}

export function fail(message: string): never {
  throw new ContractFailure(message);
}

export const MANAGER_PERMISSION_MESSAGE =
  'You need the Channel Kit Manager permission set to reassign leads.';

export const LIST_CHANGED_MESSAGE = 'The list changed since this page was loaded. Reload the list.';

export function batchNotFound(batchId: string): ContractFailure {
  return new ContractFailure(`Assignment batch ${batchId} was not found.`);
}

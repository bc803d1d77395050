/** Building componentSuccesses and componentFailures entries. */
import type { DeployMessage } from './types.ts';

export function baseMessage(
  componentType: string,
  fullName: string,
  fileName: string,
  at: string,
): DeployMessage {
  return {
    changed: false,
    componentType,
    created: false,
    createdDate: at,
    deleted: false,
    fileName,
    fullName,
    success: false,
  };
}

export function failureMessage(
  base: DeployMessage,
  problem: string,
  line?: number,
  column?: number,
  problemType: 'Error' | 'Warning' = 'Error',
): DeployMessage {
  const failure: DeployMessage = { ...base, success: false, problem, problemType };
  if (line !== undefined) failure.lineNumber = line;
  if (column !== undefined) failure.columnNumber = column;
  return failure;
}

/** Shapes of the Metadata API's deploy: options, messages and results (Metadata API DeployResult). */
import type { RunTestsResult } from '../../tooling/runTestsResult.ts';

export const TEST_LEVELS = [
  'NoTestRun',
  'RunSpecifiedTests',
  'RunLocalTests',
  'RunAllTestsInOrg',
  'RunRelevantTests',
] as const;
export type TestLevel = (typeof TEST_LEVELS)[number];

export interface DeployOptions {
  allowMissingFiles: boolean;
  autoUpdatePackage: boolean;
  checkOnly: boolean;
  ignoreWarnings: boolean;
  performRetrieve: boolean;
  purgeOnDelete: boolean;
  rollbackOnError: boolean;
  runAllTests: boolean;
  runTests: string[];
  singlePackage: boolean;
  testLevel: TestLevel | null;
}

export type DeployStatus =
  | 'Pending'
  | 'Queued'
  | 'InProgress'
  | 'Succeeded'
  | 'SucceededPartial'
  | 'Failed'
  | 'Canceling'
  | 'Canceled';

export const TERMINAL_STATUSES: readonly DeployStatus[] = [
  'Succeeded',
  'SucceededPartial',
  'Failed',
  'Canceled',
];

/** One componentSuccesses / componentFailures entry. */
export interface DeployMessage {
  changed: boolean;
  columnNumber?: number;
  componentType: string;
  created: boolean;
  createdDate: string;
  deleted: boolean;
  fileName: string;
  fullName: string;
  id?: string;
  lineNumber?: number;
  problem?: string;
  problemType?: 'Error' | 'Warning';
  success: boolean;
}

/** A deploy as the local org keeps it (the DeployResult plus the options it ran with). */
export interface DeployRecord {
  id: string;
  status: DeployStatus;
  options: DeployOptions;
  createdBy: string;
  createdByName: string;
  createdDate: string;
  lastModifiedDate: string;
  startDate: string | null;
  completedDate: string | null;
  canceledBy: string | null;
  canceledByName: string | null;
  stateDetail: string | null;
  errorMessage: string | null;
  errorStatusCode: string | null;
  numberComponentsTotal: number;
  numberComponentsDeployed: number;
  numberComponentErrors: number;
  componentSuccesses: DeployMessage[];
  componentFailures: DeployMessage[];
  /** Test methods to run, passed (as the CLI reads numberTestsCompleted) and failed. */
  numberTestsTotal?: number;
  numberTestsCompleted?: number;
  numberTestErrors?: number;
  /** The tests' results once they ran. */
  runTestResult?: RunTestsResult | null;
}

export function isTerminal(status: DeployStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Tests run unless NoTestRun; with no test level, the org's default (none outside production). */
export function runTestsEnabled(options: DeployOptions): boolean {
  return (
    options.runAllTests ||
    (options.testLevel !== null && options.testLevel !== 'NoTestRun') ||
    (options.testLevel === null && options.runTests.length > 0)
  );
}

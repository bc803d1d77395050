/**
 * A deploy as the Metadata API shows it: DeployResult (fields in the WSDL's order), the
 * AsyncResult deploy() returns, and the REST deployRequest body.
 */
import { emptyRunTestsResult } from '../../tooling/runTestsResult.ts';
import type { RunTestsResult } from '../../tooling/runTestsResult.ts';
import type { SoapObject } from '../soap/xml.ts';
import { isTerminal, runTestsEnabled } from './types.ts';
import type { DeployMessage, DeployOptions, DeployRecord } from './types.ts';

function message(m: DeployMessage): SoapObject {
  return {
    changed: m.changed,
    columnNumber: m.columnNumber,
    componentType: m.componentType,
    created: m.created,
    createdDate: m.createdDate,
    deleted: m.deleted,
    fileName: m.fileName,
    fullName: m.fullName,
    id: m.id,
    lineNumber: m.lineNumber,
    problem: m.problem,
    problemType: m.problemType,
    success: m.success,
  };
}

/** A double as the SOAP API writes it (`842.0`). */
const double = (n: number): string => (Number.isInteger(n) ? n.toFixed(1) : String(n));

/** RunTestsResult for SOAP: the same fields, times as doubles; empty lists are left out. */
function soapRunTestResult(result: RunTestsResult): SoapObject {
  return {
    apexLogId: result.apexLogId,
    codeCoverage: result.codeCoverage.map((c) => ({
      ...c,
      locationsNotCovered: c.locationsNotCovered.map((l) => ({ ...l, time: double(l.time) })),
    })),
    codeCoverageWarnings: result.codeCoverageWarnings.map((w) => ({ ...w })),
    failures: result.failures.map((f) => ({ ...f, time: double(f.time) })),
    numFailures: result.numFailures,
    numTestsRun: result.numTestsRun,
    successes: result.successes.map((s) => ({ ...s, time: double(s.time) })),
    totalTime: double(result.totalTime),
  };
}

/**
 * The DeployResult. When the test level runs tests, the counts say how many test methods run,
 * passed (numberTestsCompleted, as the sf CLI reads it) and failed, and runTestResult holds
 * their results once they ran.
 */
export function deployResult(record: DeployRecord, includeDetails: boolean): SoapObject {
  const done = isTerminal(record.status);
  return {
    canceledBy: record.canceledBy,
    canceledByName: record.canceledByName,
    checkOnly: record.options.checkOnly,
    completedDate: record.completedDate,
    createdBy: record.createdBy,
    createdByName: record.createdByName,
    createdDate: record.createdDate,
    details: includeDetails
      ? {
          componentFailures: record.componentFailures.map(message),
          componentSuccesses: record.componentSuccesses.map(message),
          runTestResult: soapRunTestResult(record.runTestResult ?? emptyRunTestsResult()),
        }
      : undefined,
    done,
    errorMessage: record.errorMessage,
    errorStatusCode: record.errorStatusCode,
    id: record.id,
    ignoreWarnings: record.options.ignoreWarnings,
    lastModifiedDate: record.lastModifiedDate,
    numberComponentErrors: record.numberComponentErrors,
    numberComponentsDeployed: record.numberComponentsDeployed,
    numberComponentsTotal: record.numberComponentsTotal,
    numberTestErrors: record.numberTestErrors ?? 0,
    numberTestsCompleted: record.numberTestsCompleted ?? 0,
    numberTestsTotal: record.numberTestsTotal ?? 0,
    rollbackOnError: record.options.rollbackOnError,
    runTestsEnabled: runTestsEnabled(record.options),
    startDate: record.startDate,
    stateDetail: record.stateDetail,
    status: record.status,
    success: record.status === 'Succeeded' || record.status === 'SucceededPartial',
  };
}

/** What deploy() answers: an AsyncResult. */
export function asyncResult(record: DeployRecord): SoapObject {
  return { done: isTerminal(record.status), id: record.id, state: record.status };
}

export function deployOptionsView(options: DeployOptions): SoapObject {
  return {
    allowMissingFiles: options.allowMissingFiles,
    autoUpdatePackage: options.autoUpdatePackage,
    checkOnly: options.checkOnly,
    ignoreWarnings: options.ignoreWarnings,
    performRetrieve: options.performRetrieve,
    purgeOnDelete: options.purgeOnDelete,
    rollbackOnError: options.rollbackOnError,
    runAllTests: options.runAllTests,
    runTests: options.runTests,
    singlePackage: options.singlePackage,
    testLevel: options.testLevel,
  };
}

/** Drops undefined values so the JSON matches the SOAP shape (null stays null). */
function json(value: SoapObject): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/** The REST `deployRequest` body. */
export function restDeployRequest(
  record: DeployRecord,
  baseUrl: string,
  apiVersion: string,
  includeDetails: boolean,
): Record<string, unknown> {
  const url = `${baseUrl}/services/data/v${apiVersion}/metadata/deployRequest/${record.id}`;
  const result = json(deployResult(record, includeDetails));
  if (!includeDetails) result.details = null;
  // JSON keeps the numbers and every list, empty ones too (no schema to cast them).
  const details = result.details as { runTestResult?: RunTestsResult } | null;
  if (details) details.runTestResult = record.runTestResult ?? emptyRunTestsResult();
  return {
    id: record.id,
    validatedDeployRequestId: null,
    url: includeDetails ? `${url}?includeDetails=true` : url,
    deployResult: result,
    deployOptions: json(deployOptionsView(record.options)),
  };
}

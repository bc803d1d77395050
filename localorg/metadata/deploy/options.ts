/** DeployOptions from a SOAP `<DeployOptions>` element or a REST `deployOptions` object. */
import { TEST_LEVELS } from './types.ts';
import type { DeployOptions, TestLevel } from './types.ts';

export class DeployOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeployOptionsError';
  }
}

const BOOLEAN_OPTIONS = [
  'allowMissingFiles',
  'autoUpdatePackage',
  'checkOnly',
  'ignoreWarnings',
  'performRetrieve',
  'purgeOnDelete',
  'rollbackOnError',
  'runAllTests',
  'singlePackage',
] as const;

function asBoolean(name: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) {
    return value.trim().toLowerCase() === 'true';
  }
  throw new DeployOptionsError(`Invalid value for ${name}: ${String(value)}`);
}

function asStrings(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value];
  return items
    .flatMap((v) => (typeof v === 'string' ? v.split(',') : [String(v)]))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Defaults are the Metadata API's: everything false except rollbackOnError. */
export function parseDeployOptions(raw: Record<string, unknown> | null | undefined): DeployOptions {
  const input = raw ?? {};
  const options: DeployOptions = {
    allowMissingFiles: false,
    autoUpdatePackage: false,
    checkOnly: false,
    ignoreWarnings: false,
    performRetrieve: false,
    purgeOnDelete: false,
    rollbackOnError: true,
    runAllTests: false,
    runTests: asStrings(input.runTests),
    singlePackage: false,
    testLevel: null,
  };
  for (const name of BOOLEAN_OPTIONS) {
    if (input[name] !== undefined && input[name] !== '') {
      options[name] = asBoolean(name, input[name]);
    }
  }
  if (input.testLevel !== undefined && input.testLevel !== '') {
    const level = String(input.testLevel).trim();
    if (!(TEST_LEVELS as readonly string[]).includes(level)) {
      throw new DeployOptionsError(`Invalid value for testLevel: ${level}`);
    }
    options.testLevel = level as TestLevel;
  }
  if (options.testLevel === 'RunSpecifiedTests' && options.runTests.length === 0) {
    throw new DeployOptionsError(
      'The RunSpecifiedTests test level requires at least one test class in runTests',
    );
  }
  return options;
}

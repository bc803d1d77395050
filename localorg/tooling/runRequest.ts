/**
 * The body of `runTestsSynchronous` / `runTestsAsynchronous` (Tooling API "Run Tests"):
 * `tests: [{className | classId, testMethods?}]`, or `classNames` / `classids` (comma-separated),
 * or `testLevel` RunLocalTests / RunAllTestsInOrg; `skipCodeCoverage`. Resolved against the
 * org's test classes into the classes and methods to run.
 */
import { selectTestClasses, testMethodsOf } from '../apex/org/testRunner.ts';
import type { ApexService } from '../apex/org/service.ts';
import { ApiError } from '../errors.ts';
import { apexClassName } from './apexClasses.ts';

export type RunLevel = 'RunSpecifiedTests' | 'RunLocalTests' | 'RunAllTestsInOrg';

export interface PlannedClass {
  /** The class's own spelling. */
  name: string;
  /** Only these methods; every test method of the class when null. */
  methods: string[] | null;
}

export interface TestRunPlan {
  level: RunLevel;
  classes: PlannedClass[];
  skipCoverage: boolean;
  /** Test methods the run will execute (@TestSetup methods not counted). */
  methodCount: number;
}

/** The message the sf CLI turns into "There are no Apex tests to run in this org." */
export const NO_TESTS_MESSAGE = 'Always provide a classes, suites, tests, or testLevel property';

const noTests = () => new ApiError(400, 'INVALID_INPUT', NO_TESTS_MESSAGE);

/** The platform answers 403 for names that are not test classes (seen in IDE logs). */
export const invalidClass = (name: string): ApiError =>
  new ApiError(
    403,
    'INVALID_INPUT',
    `This class name's value is invalid: ${name}. Provide the name of an Apex class that has test methods.`,
  );

const invalidMethod = (className: string, method: string): ApiError =>
  new ApiError(
    403,
    'INVALID_INPUT',
    `This test method's value is invalid: ${className}.${method}. Provide the name of a test method of ${className}.`,
  );

function list(value: unknown): string[] {
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
  return [];
}

function asObject(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

interface Requested {
  name: string;
  methods: string[] | null;
}

function requestedTests(
  store: ApexService['org']['store'],
  body: Record<string, unknown>,
): Requested[] {
  const requested: Requested[] = [];
  const byId = (id: string) => apexClassName(store, id) ?? id;
  if (body.tests !== undefined && body.tests !== null) {
    if (!Array.isArray(body.tests)) {
      throw new ApiError(
        400,
        'JSON_PARSER_ERROR',
        'tests must be an array of {className, testMethods}',
      );
    }
    for (const item of body.tests as unknown[]) {
      const test = asObject(item);
      const name =
        typeof test.className === 'string' && test.className.trim()
          ? test.className.trim()
          : typeof test.classId === 'string' && test.classId.trim()
            ? byId(test.classId.trim())
            : '';
      if (!name) throw new ApiError(400, 'INVALID_INPUT', 'Each test needs a className or classId');
      const methods = list(test.testMethods);
      requested.push({ name, methods: methods.length ? methods : null });
    }
  }
  for (const name of list(body.classNames)) requested.push({ name, methods: null });
  for (const id of list(body.classids ?? body.classIds))
    requested.push({ name: byId(id), methods: null });
  return requested;
}

/** Merges repeated classes: all methods when any mention asked for all. */
function merge(requested: Requested[]): Requested[] {
  const out = new Map<string, Requested>();
  for (const r of requested) {
    const key = r.name.toLowerCase();
    const seen = out.get(key);
    if (!seen) out.set(key, { name: r.name, methods: r.methods ? [...r.methods] : null });
    else if (!seen.methods || !r.methods) seen.methods = null;
    else for (const m of r.methods) if (!seen.methods.includes(m)) seen.methods.push(m);
  }
  return [...out.values()];
}

export function planTestRun(service: ApexService, rawBody: unknown): TestRunPlan {
  const body = asObject(rawBody);
  if (list(body.suiteNames).length || list(body.suiteids ?? body.suiteIds).length) {
    throw new ApiError(400, 'INVALID_INPUT', 'Test suites are not supported by the local org');
  }
  const skipCoverage = body.skipCodeCoverage === true || body.skipCodeCoverage === 'true';
  const requested = merge(requestedTests(service.org.store, body));
  const level = typeof body.testLevel === 'string' ? body.testLevel : null;
  if (requested.length === 0) {
    if (level !== 'RunLocalTests' && level !== 'RunAllTestsInOrg') throw noTests();
    const { classes } = selectTestClasses(service);
    if (classes.length === 0) throw noTests();
    return {
      level,
      classes: classes.map((c) => ({ name: c.name, methods: null })),
      skipCoverage,
      methodCount: classes.reduce((n, c) => n + testMethodsOf(c).length, 0),
    };
  }
  const { classes, unknown } = selectTestClasses(
    service,
    requested.map((r) => r.name),
  );
  if (unknown.length) throw invalidClass(unknown[0]);
  let methodCount = 0;
  const planned = classes.map((cls, i) => {
    const { methods } = requested[i];
    const all = testMethodsOf(cls).map((m) => m.name);
    if (!methods) {
      methodCount += all.length;
      return { name: cls.name, methods: null };
    }
    const own = methods.map((m) => {
      const found = all.find((n) => n.toLowerCase() === m.toLowerCase());
      if (!found) throw invalidMethod(cls.name, m);
      return found;
    });
    methodCount += own.length;
    return { name: cls.name, methods: own };
  });
  return { level: 'RunSpecifiedTests', classes: planned, skipCoverage, methodCount };
}

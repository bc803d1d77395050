/**
 * Runs the package's Apex tests on the local org (Apex Developer Guide, "Testing Apex"): every
 * method annotated @IsTest (or testMethod) of an @IsTest class, each in a transaction of its own
 * that is rolled back afterwards, with fresh static variables and limits; @TestSetup once per
 * class, its records visible to each method and rolled back after the class. Without SeeAllData
 * a test sees none of the org's own records (users, profiles, queues and other setup objects
 * excepted). Line coverage is counted for every class that is not a test class.
 */
import type { Session } from '../../auth/session.ts';
import type { LocalOrg } from '../../org.ts';
import type { Annotation } from '../parse/ast.ts';
import type { ClassInfo, MethodInfo } from '../runtime/classes.ts';
import { ApexThrow, ExecContext, Frame } from '../runtime/context.ts';
import { callMethod } from '../runtime/invoke.ts';
import type { ApexService } from './service.ts';

export type TestOutcome = 'Pass' | 'Fail';

export interface TestMethodResult {
  className: string;
  methodName: string;
  outcome: TestOutcome;
  /** `System.AssertException: Assertion Failed: ...`; null on a pass. */
  message: string | null;
  stackTrace: string | null;
  timeMs: number;
  /** Statements executed (the runtime's stand-in for CPU time) and queries, DML. */
  statements: number;
  queries: number;
  dmlStatements: number;
  isTestSetup: boolean;
}

export interface ClassCoverage {
  name: string;
  covered: number[];
  uncovered: number[];
}

export interface TestRunResult {
  methods: TestMethodResult[];
  coverage: ClassCoverage[];
  totalTimeMs: number;
}

export interface TestSelection {
  /** Test classes by name; all of the package's when absent. */
  classes?: string[];
  /** Only these methods of a class (lower-case class name to method names). */
  methods?: Map<string, string[]>;
}

class RollBack extends Error {}

function hasAnnotation(annotations: Annotation[], name: string): Annotation | undefined {
  return annotations.find((a) => a.name === name);
}

function seeAllData(annotation: Annotation | undefined): boolean {
  return /^\s*true\s*$/i.test(annotation?.params.seealldata ?? '');
}

export function isTestClass(cls: ClassInfo): boolean {
  return !cls.outer && hasAnnotation(cls.annotations, 'istest') !== undefined;
}

export function testMethodsOf(cls: ClassInfo): MethodInfo[] {
  const methods: MethodInfo[] = [];
  for (const list of cls.methods.values()) {
    for (const m of list) {
      if (!m.isStatic) continue;
      if (hasAnnotation(m.annotations, 'istest') || m.modifiers?.isTestMethod) methods.push(m);
    }
  }
  return methods.sort((a, b) => (a.pos?.line ?? 0) - (b.pos?.line ?? 0));
}

function setupMethodOf(cls: ClassInfo): MethodInfo | undefined {
  for (const list of cls.methods.values()) {
    for (const m of list) if (m.isStatic && hasAnnotation(m.annotations, 'testsetup')) return m;
  }
  return undefined;
}

/** The test classes of the package, or those named; unknown names are returned apart. */
export function selectTestClasses(
  service: ApexService,
  names?: string[],
): { classes: ClassInfo[]; unknown: string[] } {
  service.ensureLoaded();
  const all = [...service.runtime.registry.userClasses.values()]
    .filter((c) => isTestClass(c) && testMethodsOf(c).length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (!names) return { classes: all, unknown: [] };
  const unknown: string[] = [];
  const classes: ClassInfo[] = [];
  for (const name of names) {
    const found = all.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (found) classes.push(found);
    else unknown.push(name);
  }
  return { classes, unknown };
}

/**
 * The largest rowid of each data table now: records at or below it are the org's own, which a
 * test without SeeAllData does not see. Setup objects and the platform's metadata-like objects
 * (static resources, lead statuses) stay visible.
 */
function watermarks(org: LocalOrg): Map<string, number> {
  const marks = new Map<string, number>();
  for (const def of org.catalog.objects) {
    if (!def.keyPrefix || def.setup) continue;
    if (!def.createable && def.name !== 'AsyncApexJob') continue;
    const row = org.store.get(`SELECT max(rowid) AS n FROM "${def.name}"`);
    marks.set(def.name, Number(row?.n ?? 0));
  }
  return marks;
}

/** Runs `fn` in a savepoint that is always rolled back. */
function rolledBack(org: LocalOrg, fn: () => void): void {
  try {
    org.store.transaction(() => {
      fn();
      throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
}

function failureOf(error: unknown): { message: string; stackTrace: string } {
  if (error instanceof ApexThrow) {
    const e = error.exception;
    const message = e.native?.message ?? '';
    return {
      message: `${e.cls.typeName}: ${message}`,
      stackTrace: (e.native?.stackTrace ?? []).join('\n'),
    };
  }
  const text = error instanceof Error ? error.message : String(error);
  return { message: `Internal error of the local org's Apex runtime: ${text}`, stackTrace: '' };
}

export function runTests(
  service: ApexService,
  session: Session,
  selection: TestSelection = {},
): TestRunResult {
  const started = Date.now();
  const org = service.org;
  const { classes } = selectTestClasses(service, selection.classes);
  service.runtime.coverage.reset();
  const marks = watermarks(org);
  const methods: TestMethodResult[] = [];
  rolledBack(org, () => {
    for (const cls of classes)
      methods.push(
        ...runClass(service, session, cls, marks, selection.methods?.get(cls.name.toLowerCase())),
      );
  });
  return { methods, coverage: coverageOf(service), totalTimeMs: Date.now() - started };
}

function runClass(
  service: ApexService,
  session: Session,
  cls: ClassInfo,
  marks: Map<string, number>,
  only: string[] | undefined,
): TestMethodResult[] {
  const org = service.org;
  const classSeeAll = seeAllData(hasAnnotation(cls.annotations, 'istest'));
  const results: TestMethodResult[] = [];
  const wanted = testMethodsOf(cls).filter(
    (m) => !only || only.some((n) => n.toLowerCase() === m.name.toLowerCase()),
  );
  rolledBack(org, () => {
    const setup = setupMethodOf(cls);
    let setupFailure: { message: string; stackTrace: string } | null = null;
    if (setup) {
      const result = runMethod(service, session, cls, setup, classSeeAll ? null : marks, true);
      results.push(result);
      if (result.outcome === 'Fail')
        setupFailure = { message: result.message ?? '', stackTrace: result.stackTrace ?? '' };
    }
    for (const method of wanted) {
      if (setupFailure) {
        results.push({
          className: cls.name,
          methodName: method.name,
          outcome: 'Fail',
          message: setupFailure.message,
          stackTrace: setupFailure.stackTrace,
          timeMs: 0,
          statements: 0,
          queries: 0,
          dmlStatements: 0,
          isTestSetup: false,
        });
        continue;
      }
      const seeAll = classSeeAll || seeAllData(hasAnnotation(method.annotations, 'istest'));
      rolledBack(org, () =>
        results.push(runMethod(service, session, cls, method, seeAll ? null : marks, false)),
      );
    }
  });
  return results;
}

function runMethod(
  service: ApexService,
  session: Session,
  cls: ClassInfo,
  method: MethodInfo,
  hidden: Map<string, number> | null,
  isTestSetup: boolean,
): TestMethodResult {
  const ctx = new ExecContext(session);
  ctx.isTest = true;
  ctx.hiddenUpTo = hidden;
  const started = Date.now();
  let failure: { message: string; stackTrace: string } | null = null;
  service.install();
  try {
    service.org.store.transaction(() => {
      const root = new Frame(ctx, null, null, null, 0, '');
      callMethod(root, method, null, []);
    });
  } catch (error) {
    failure = failureOf(error);
  }
  return {
    className: cls.name,
    methodName: method.name,
    outcome: failure ? 'Fail' : 'Pass',
    message: failure?.message ?? null,
    stackTrace: failure?.stackTrace ?? null,
    timeMs: Date.now() - started,
    statements: ctx.limits.statements,
    queries: ctx.limits.soqlQueries,
    dmlStatements: ctx.limits.dmlStatements,
    isTestSetup,
  };
}

/** Line coverage of the package's classes that are not tests. */
export function coverageOf(service: ApexService): ClassCoverage[] {
  const out: ClassCoverage[] = [];
  for (const cls of service.runtime.registry.userClasses.values()) {
    if (isTestClass(cls)) continue;
    const file = service.runtime.coverage.files.get(cls.file);
    if (!file) continue;
    const lines = [...file.coverable].sort((a, b) => a - b);
    out.push({
      name: cls.name,
      covered: lines.filter((l) => file.hits[l] === 1),
      uncovered: lines.filter((l) => file.hits[l] !== 1),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export function percentCovered(coverage: ClassCoverage[]): number {
  const covered = coverage.reduce((n, c) => n + c.covered.length, 0);
  const total = coverage.reduce((n, c) => n + c.covered.length + c.uncovered.length, 0);
  return total === 0 ? 100 : Math.round((covered / total) * 1000) / 10;
}

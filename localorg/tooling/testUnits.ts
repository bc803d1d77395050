/**
 * A planned test class run as units: the whole class at once, or method by method when code
 * coverage is wanted (ApexCodeCoverage is kept per test method). A class's @TestSetup runs
 * before each unit; its result is reported once.
 */
import type { Session } from '../auth/session.ts';
import { runTests, selectTestClasses, testMethodsOf } from '../apex/org/testRunner.ts';
import type { ClassCoverage, TestMethodResult } from '../apex/org/testRunner.ts';
import type { ApexService } from '../apex/org/service.ts';
import type { PlannedClass } from './runRequest.ts';

export interface TestUnit {
  className: string;
  /** Only these methods; the whole class when null. */
  methods: string[] | null;
}

export interface UnitResult {
  unit: TestUnit;
  methods: TestMethodResult[];
  coverage: ClassCoverage[];
}

export function unitsOf(
  service: ApexService,
  planned: PlannedClass,
  perMethod: boolean,
): TestUnit[] {
  if (!perMethod) return [{ className: planned.name, methods: planned.methods }];
  const [cls] = selectTestClasses(service, [planned.name]).classes;
  const names = planned.methods ?? (cls ? testMethodsOf(cls).map((m) => m.name) : []);
  return names.map((name) => ({ className: planned.name, methods: [name] }));
}

export function runUnit(service: ApexService, session: Session, unit: TestUnit): UnitResult {
  const result = runTests(service, session, {
    classes: [unit.className],
    methods: unit.methods ? new Map([[unit.className.toLowerCase(), unit.methods]]) : undefined,
  });
  return { unit, methods: result.methods, coverage: result.coverage };
}

/** The method results of a class's units, its @TestSetup listed once. */
export function classMethods(results: UnitResult[]): TestMethodResult[] {
  const out: TestMethodResult[] = [];
  let setupSeen = false;
  for (const result of results) {
    for (const m of result.methods) {
      if (m.isTestSetup) {
        if (setupSeen) continue;
        setupSeen = true;
      }
      out.push(m);
    }
  }
  return out;
}

/** Coverage of several runs together: a line is covered when any run covered it. */
export function mergeCoverage(runs: ClassCoverage[][]): ClassCoverage[] {
  const byName = new Map<string, { name: string; covered: Set<number>; lines: Set<number> }>();
  for (const run of runs) {
    for (const c of run) {
      const key = c.name.toLowerCase();
      const entry = byName.get(key) ?? { name: c.name, covered: new Set(), lines: new Set() };
      for (const line of c.covered) {
        entry.covered.add(line);
        entry.lines.add(line);
      }
      for (const line of c.uncovered) entry.lines.add(line);
      byName.set(key, entry);
    }
  }
  return [...byName.values()]
    .map((e) => {
      const lines = [...e.lines].sort((a, b) => a - b);
      return {
        name: e.name,
        covered: lines.filter((l) => e.covered.has(l)),
        uncovered: lines.filter((l) => !e.covered.has(l)),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

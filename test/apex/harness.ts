/**
 * Runs Apex in-process for the runtime's own tests, on a real local org kept in memory (no HTTP):
 * anonymous Apex, and classes compiled without a deploy. Returns what System.debug printed, or the
 * uncaught exception. Queries and DML go through the org's engines like everywhere else.
 */
import type { Session } from '../../localorg/auth/session.ts';
import type { LocalOrg } from '../../localorg/org.ts';
import { scratchOrg } from '../../localorg/scratchOrg.ts';
import { apexService } from '../../localorg/apex/org/service.ts';
import type { ApexService } from '../../localorg/apex/org/service.ts';
import { ApexSyntaxError } from '../../localorg/apex/parse/build.ts';
import { ApexThrow } from '../../localorg/apex/runtime/context.ts';
import { ApexCompileError } from '../../localorg/apex/runtime/scope.ts';
import type { ApexRuntime, ApexSource } from '../../localorg/apex/runtime/runtime.ts';

export interface ApexOutcome {
  /** System.debug lines, in order. */
  debug: string[];
  /** `TypeName: message` of an uncaught exception, or null. */
  error: string | null;
  /** Its stack trace lines. */
  stack: string[];
  statements: number;
}

export interface Harness {
  org: LocalOrg;
  service: ApexService;
  runtime: ApexRuntime;
  /** The org's System Administrator. */
  admin: Session;
}

const harnesses = new WeakMap<ApexRuntime, Harness>();

/** A local org in memory with no records but the platform's own (`--seed none`). */
export function newHarness(): Harness {
  const { org, admin } = scratchOrg();
  const service = apexService(org);
  service.pin([]);
  const harness = { org, service, runtime: service.runtime, admin };
  harnesses.set(service.runtime, harness);
  return harness;
}

/** The runtime of a new harness (the org is reachable through harnessOf). */
export function newHarnessRuntime(): ApexRuntime {
  return newHarness().runtime;
}

export function harnessOf(runtime: ApexRuntime): Harness {
  const found = harnesses.get(runtime);
  if (!found) throw new Error('not a harness runtime');
  return found;
}

/** Compiles classes into the harness's runtime; throws with every problem when any does not compile. */
export function loadClasses(runtime: ApexRuntime, sources: ApexSource[]): void {
  const problems = harnessOf(runtime).service.pin(sources);
  if (problems.length) {
    throw new Error(
      problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.problem}`).join('\n'),
    );
  }
}

/**
 * Runs anonymous Apex as the admin (or `session`) in one transaction of its own. A block that
 * does not compile runs nothing: its error is `Compile error: line L, column C: problem`.
 */
export function runAnonymous(
  source: string,
  runtime: ApexRuntime = newHarnessRuntime(),
  session?: Session,
): ApexOutcome {
  const harness = harnessOf(runtime);
  let run: ReturnType<ApexRuntime['compileAnonymous']>;
  try {
    run = runtime.compileAnonymous(source);
  } catch (problem) {
    if (problem instanceof ApexCompileError) {
      const error = `Compile error: line ${problem.line}, column ${problem.column}: ${problem.problem}`;
      return { debug: [], error, stack: [], statements: 0 };
    }
    if (problem instanceof ApexSyntaxError) {
      const first = problem.problems[0];
      const error = `Compile error: line ${first.line}, column ${first.column}: ${first.message}`;
      return { debug: [], error, stack: [], statements: 0 };
    }
    throw problem;
  }
  const ctx = harness.service.newContext(session ?? harness.admin);
  let error: string | null = null;
  let stack: string[] = [];
  try {
    harness.service.transaction(ctx, () => run(ctx));
  } catch (thrown) {
    if (!(thrown instanceof ApexThrow)) throw thrown;
    const state = thrown.exception.native;
    error = `${thrown.exception.cls.typeName}: ${state?.message ?? ''}`;
    stack = state?.stackTrace ?? [];
  }
  return {
    debug: ctx.debug.map((d) => d.message),
    error,
    stack,
    statements: ctx.limits.statements,
  };
}

/**
 * Runs deploys asynchronously, as the Metadata API does: Queued, then InProgress with live counts,
 * then Succeeded, SucceededPartial, Failed or Canceled. checkOnly validates without saving;
 * rollbackOnError saves nothing when anything fails; otherwise the good components are saved.
 * A deploy touching Apex classes, or whose test level runs tests, is first rehearsed (written in
 * a transaction that is rolled back) to compile the org's classes as it would leave them; a class
 * that does not compile fails with its line. The tests then run one class per rehearsal, so the
 * org as it will be is what they see and nothing of it stays; any failure fails the deploy.
 */
import { setImmediate as yieldToIo, setTimeout as sleep } from 'node:timers/promises';
import type { Session } from '../../auth/session.ts';
import { KEY_PREFIX } from '../../ids.ts';
import type { LocalOrg } from '../../org.ts';
import { checksumOf, findComponent, saveComponent } from '../org/deployedComponents.ts';
import { syncApexClasses, syncStaticResources } from '../../platformData.ts';
import { syncSetupRecords } from '../../tooling/setupRecords.ts';
import { CHILD_KEY_PREFIX, metadataType } from '../package/registry.ts';
import { ZipLimitError, unpackZip } from '../package/zip.ts';
import { DeployContext } from '../validate/context.ts';
import { createValidator, validationOrder } from '../validate/index.ts';
import type { ComponentValidation, DeployPart } from '../validate/types.ts';
import type { TestRunResult } from '../../apex/org/testRunner.ts';
import {
  currentProblems,
  deployTestRun,
  inspectApex,
  runDeployTestClass,
  testSelection,
} from './apexChecks.ts';
import type { ApexInspection, DeployTestRun } from './apexChecks.ts';
import { applyDeletion, checkDeletion } from './destructive.ts';
import type { Deletion } from './destructive.ts';
import { baseMessage, failureMessage } from './messages.ts';
import { scanPackages } from './packages.ts';
import { loadDeploy, saveDeploy } from './records.ts';
import { isTerminal } from './types.ts';
import type { DeployMessage, DeployOptions, DeployRecord } from './types.ts';

const PROGRESS_MS = 50;

/** The counts and messages of a deploy in progress. */
interface Tally {
  total: number;
  deployed: number;
  errors: number;
  failures: DeployMessage[];
  successes: DeployMessage[];
}

type ApexOutcome =
  | { outcome: 'done'; tests: DeployTestRun | null }
  | { outcome: 'canceled' }
  | { outcome: 'invalidTests'; problem: string };

/** How long finished tests wait for a status poll before the deploy ends without one. */
const POLL_WAIT_MS = 1500;

function counts(tally: Tally): Partial<DeployRecord> {
  return {
    numberComponentsTotal: tally.total,
    numberComponentsDeployed: tally.deployed,
    numberComponentErrors: tally.errors,
    componentFailures: tally.failures,
    componentSuccesses: tally.successes,
  };
}

/** Thrown to roll a rehearsal back. */
class Rehearsed extends Error {}

export interface DeployerOptions {
  /** Latest API version the org serves (65). */
  maxApiVersion: number;
}

interface Validated {
  validation: ComponentValidation;
  /** The parts to save; an Apex class that does not compile is taken out. */
  good: DeployPart[];
}

export class Deployer {
  private readonly org: LocalOrg;
  private readonly options: DeployerOptions;
  private readonly running = new Map<string, Promise<void>>();
  /** Deploys run one at a time, in the order they were queued, as an org runs them. */
  private queue: Promise<void> = Promise.resolve();
  private readonly cancels = new Map<string, Session>();
  /** Deploys waiting for a status call to read their test results (see readByPoll). */
  private readonly readers = new Map<string, () => void>();
  /** Pause between components; lets tests watch InProgress and cancel a running deploy. */
  stepDelayMs = 0;
  /**
   * Awaited before each step when set, instead of the pause: lets a test hold a deploy at a known
   * step (to read its progress or cancel it) without depending on how fast the machine is.
   */
  stepGate: (() => Promise<void>) | null = null;

  constructor(org: LocalOrg, options: DeployerOptions) {
    this.org = org;
    this.options = options;
  }

  private now(): string {
    return this.org.now().toISOString();
  }

  private userName(userId: string): string {
    const row = this.org.store.get('SELECT "Name" FROM "User" WHERE "Id" = ?', userId);
    return String(row?.Name ?? '');
  }

  /** Queues a deploy and starts it in the background; returns the Queued record. */
  start(session: Session, zip: Uint8Array, options: DeployOptions): DeployRecord {
    const at = this.now();
    const record: DeployRecord = {
      id: this.org.store.nextId(KEY_PREFIX.DeployRequest),
      status: 'Queued',
      options,
      createdBy: session.userId,
      createdByName: this.userName(session.userId),
      createdDate: at,
      lastModifiedDate: at,
      startDate: null,
      completedDate: null,
      canceledBy: null,
      canceledByName: null,
      stateDetail: null,
      errorMessage: null,
      errorStatusCode: null,
      numberComponentsTotal: 0,
      numberComponentsDeployed: 0,
      numberComponentErrors: 0,
      componentSuccesses: [],
      componentFailures: [],
    };
    saveDeploy(this.org.store, record);
    const run = this.queue
      .then(() => this.run(record, session, zip))
      .catch((error: unknown) => this.crash(record, error))
      .finally(() => this.running.delete(record.id));
    this.queue = run;
    this.running.set(record.id, run);
    return record;
  }

  status(id: string): DeployRecord | undefined {
    const record = loadDeploy(this.org.store, id);
    this.readers.get(id)?.();
    return record;
  }

  /**
   * Resolves when a status call has read the deploy (or after `maxMs`): the last test results
   * are kept InProgress until then, as a real org's polls see them before the deploy ends. The
   * sf CLI prints a CI run's test failures only from such a poll.
   */
  private readByPoll(id: string, maxMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, maxMs);
      const readers = this.readers;
      function done(): void {
        clearTimeout(timer);
        readers.delete(id);
        resolve();
      }
      readers.set(id, done);
    });
  }

  /** Asks a queued or running deploy to stop; a finished one is left as it is. */
  cancel(session: Session, id: string): DeployRecord | undefined {
    const record = loadDeploy(this.org.store, id);
    if (!record || isTerminal(record.status)) return record;
    this.cancels.set(id, session);
    const canceling: DeployRecord = {
      ...record,
      status: 'Canceling',
      canceledBy: session.userId,
      canceledByName: this.userName(session.userId),
      lastModifiedDate: this.now(),
    };
    saveDeploy(this.org.store, canceling);
    return canceling;
  }

  /** Resolves when every running deploy has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }

  private crash(record: DeployRecord, error: unknown): void {
    if (!this.org.store.db.isOpen) return;
    this.org.config.log(
      `deploy ${record.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    try {
      const current = loadDeploy(this.org.store, record.id) ?? record;
      const at = this.now();
      saveDeploy(this.org.store, {
        ...current,
        status: 'Failed',
        stateDetail: null,
        completedDate: at,
        lastModifiedDate: at,
        errorStatusCode: 'UNKNOWN_EXCEPTION',
        errorMessage: `An unexpected error occurred: ${error instanceof Error ? error.message : String(error)}`,
      });
    } catch (secondary) {
      this.org.config.log(
        `deploy ${record.id}: could not record the failure: ${String(secondary)}`,
      );
    }
  }

  private async step(): Promise<void> {
    if (this.stepGate) await this.stepGate();
    else if (this.stepDelayMs > 0) await sleep(this.stepDelayMs);
    else await yieldToIo();
  }

  private async run(initial: DeployRecord, session: Session, zip: Uint8Array): Promise<void> {
    const store = this.org.store;
    let record = initial;
    const update = (changes: Partial<DeployRecord>): void => {
      const current = loadDeploy(store, record.id) ?? record;
      record = {
        ...record,
        ...changes,
        canceledBy: current.canceledBy,
        canceledByName: current.canceledByName,
        lastModifiedDate: this.now(),
      };
      // A cancel request that arrived meanwhile keeps its status until the run notices it.
      if (current.status === 'Canceling' && !isTerminal(record.status)) {
        record = { ...record, status: 'Canceling' };
      }
      saveDeploy(store, record);
    };
    const finish = (changes: Partial<DeployRecord>): void => {
      const at = this.now();
      update({ ...changes, stateDetail: null, completedDate: at });
      this.cancels.delete(record.id);
    };
    const canceled = (): boolean => this.cancels.has(record.id);

    await this.step();
    if (canceled()) return finish({ status: 'Canceled' });
    update({ status: 'InProgress', startDate: this.now(), stateDetail: 'Unpacking the zip file' });

    let files;
    try {
      files = unpackZip(zip);
    } catch (error) {
      if (!(error instanceof ZipLimitError)) throw error;
      return finish({
        status: 'Failed',
        errorStatusCode: error.statusCode,
        errorMessage: error.message,
      });
    }
    const scan = scanPackages(files, record.options, this.options.maxApiVersion, this.now());
    const options = record.options;
    const failures = scan.failures;
    const successes = scan.successes;
    const manifestErrors = failures.length;
    const ordered = validationOrder(scan.components);
    update({
      numberComponentsTotal: ordered.filter((c) => c.reported).length + manifestErrors,
      numberComponentErrors: manifestErrors,
      componentFailures: failures,
      componentSuccesses: successes,
    });

    const ctx = new DeployContext(this.org, this.options.maxApiVersion);
    const validator = createValidator(ordered, ctx, session);
    const validated: Validated[] = [];
    let deployed = 0;
    let savedAt = 0;
    let errors = manifestErrors;
    let total = manifestErrors;
    for (const component of ordered) {
      await this.step();
      if (canceled()) return finish({ status: 'Canceled' });
      const validation = validator.validate(component);
      const good: DeployPart[] = [];
      for (const p of validation.parts) {
        total++;
        const base = baseMessage(p.componentType, p.fullName, p.fileName, this.now());
        if (p.problems.length) {
          errors++;
          for (const problem of p.problems) {
            failures.push(
              failureMessage(
                { ...base, fileName: problem.fileName ?? p.fileName },
                problem.problem,
                problem.line,
                problem.column,
              ),
            );
          }
          continue;
        }
        deployed++;
        good.push(p);
        const success = this.success(base, p);
        p.id = success.id;
        successes.push(success);
      }
      validated.push({ validation, good });
      // Progress is saved at most every PROGRESS_MS: the record grows with every component.
      if (Date.now() - savedAt < PROGRESS_MS && this.stepDelayMs === 0 && !this.stepGate) continue;
      savedAt = Date.now();
      update({
        status: 'InProgress',
        stateDetail: `Processing Type: ${component.type.name}`,
        numberComponentsTotal: Math.max(total, ordered.filter((c) => c.reported).length),
        numberComponentsDeployed: deployed,
        numberComponentErrors: errors,
        componentFailures: failures,
        componentSuccesses: successes,
      });
    }
    const accepted: Deletion[] = [];
    for (const deletion of scan.deletions) {
      await this.step();
      if (canceled()) return finish({ status: 'Canceled' });
      total++;
      const check = checkDeletion(this.org, deletion);
      const base = baseMessage(
        deletion.typeName,
        deletion.fullName,
        deletion.manifestFile,
        this.now(),
      );
      if (check.kind === 'delete') {
        deployed++;
        accepted.push(deletion);
        successes.push({ ...base, deleted: true, id: check.id, success: true });
      } else if (check.kind === 'warning') {
        // The platform names the manifest, not the component, in this warning.
        const fileName = deletion.manifestFile.split('/').pop()!;
        failures.push(
          failureMessage(
            { ...base, fullName: fileName },
            check.problem,
            undefined,
            undefined,
            'Warning',
          ),
        );
        if (!options.ignoreWarnings) errors++;
      } else {
        errors++;
        failures.push(failureMessage(base, check.problem));
      }
    }
    await this.step();
    if (canceled()) return finish({ status: 'Canceled' });

    const tally: Tally = { total, deployed, errors, failures, successes };
    const statusOf = (): DeployRecord['status'] =>
      tally.errors === 0
        ? 'Succeeded'
        : options.rollbackOnError || tally.deployed === 0
          ? 'Failed'
          : 'SucceededPartial';
    let tests: DeployTestRun | null = null;
    if (statusOf() !== 'Failed') {
      const apex = await this.checkApex(record.id, session, options, validated, accepted, tally, {
        statusOf,
        update,
        canceled,
      });
      if (apex.outcome === 'canceled') return finish({ status: 'Canceled' });
      if (apex.outcome === 'invalidTests') {
        return finish({
          status: 'Failed',
          errorStatusCode: 'INVALID_INPUT',
          errorMessage: apex.problem,
          ...counts(tally),
        });
      }
      tests = apex.tests;
    }
    const status = tests && tests.failed > 0 ? 'Failed' : statusOf();
    if (!options.checkOnly && status !== 'Failed') {
      this.save(record.id, session, validated, accepted);
    }
    finish({
      status,
      ...counts(tally),
      ...(tests
        ? {
            numberTestsTotal: tests.result.numTestsRun,
            numberTestsCompleted: tests.passed,
            numberTestErrors: tests.failed,
            runTestResult: tests.result,
          }
        : {}),
    });
  }

  /**
   * The Apex stage of a deploy that touches Apex classes or runs tests: compiles the org's
   * classes as the deploy leaves them (problems become failures of the classes), then runs the
   * tests its level asks for, one class per rehearsal, saving the counts as they come.
   */
  private async checkApex(
    deployId: string,
    session: Session,
    options: DeployOptions,
    validated: Validated[],
    deletions: Deletion[],
    tally: Tally,
    hooks: {
      statusOf: () => DeployRecord['status'];
      update: (changes: Partial<DeployRecord>) => void;
      canceled: () => boolean;
    },
  ): Promise<ApexOutcome> {
    const apexClasses = new Set(
      validated.flatMap(({ good }) =>
        good.filter((p) => p.componentType === 'ApexClass').map((p) => p.fullName.toLowerCase()),
      ),
    );
    const touchesApex = apexClasses.size > 0 || deletions.some((d) => d.typeName === 'ApexClass');
    if (!touchesApex && testSelection(options) === 'none') return { outcome: 'done', tests: null };
    const before = currentProblems(this.org);
    const inspection = this.rehearse(deployId, session, validated, deletions, () =>
      inspectApex(this.org, options, apexClasses, before),
    );
    for (const { message, effect } of this.compileFailures(
      inspection,
      validated,
      tally.successes,
    )) {
      tally.failures.push(message);
      if (effect === 'none') continue;
      tally.errors++;
      if (effect === 'removed') tally.deployed--;
      else tally.total++;
    }
    const plan = inspection.plan;
    if (hooks.statusOf() === 'Failed' || !plan) return { outcome: 'done', tests: null };
    if (plan.unknown.length) {
      const problem = `This class name's value is invalid: ${plan.unknown[0]}. Provide the name of an Apex class that has test methods.`;
      // Also listed as a failure: the only place the sf CLI shows why a deploy failed.
      tally.failures.push(
        failureMessage(baseMessage('ApexClass', plan.unknown[0], '', this.now()), problem),
      );
      return { outcome: 'invalidTests', problem };
    }
    const runs: TestRunResult[] = [];
    let classIds = new Map<string, string>();
    const progress = (stateDetail: string) => {
      const done = deployTestRun(runs, classIds, apexClasses);
      hooks.update({
        ...counts(tally),
        status: 'InProgress',
        stateDetail,
        numberTestsTotal: plan.methodCount,
        numberTestsCompleted: done.passed,
        numberTestErrors: done.failed,
        runTestResult: done.result,
      });
    };
    for (const className of plan.classes) {
      progress(`Running Test: ${className}`);
      await this.step();
      if (hooks.canceled()) return { outcome: 'canceled' };
      const result = this.rehearse(deployId, session, validated, deletions, () =>
        runDeployTestClass(this.org, session, plan, className),
      );
      runs.push(result.run);
      classIds = result.classIds;
    }
    progress('Running Tests');
    await this.readByPoll(deployId, POLL_WAIT_MS);
    return { outcome: 'done', tests: deployTestRun(runs, classIds, apexClasses) };
  }

  /**
   * Compile problems as component failures. A class of the deploy stops being deployed (it is
   * taken out of what gets saved); a class the deploy breaks is one more failed component.
   */
  private compileFailures(
    inspection: ApexInspection,
    validated: Validated[],
    successes: DeployMessage[],
  ): { message: DeployMessage; effect: 'removed' | 'added' | 'none' }[] {
    const failed = new Map<string, DeployPart | null>();
    return inspection.problems.map((problem) => {
      const key = problem.file.toLowerCase();
      const seen = failed.has(key);
      const part = seen
        ? failed.get(key)
        : validated
            .flatMap((v) => v.good)
            .find((p) => p.componentType === 'ApexClass' && p.fullName.toLowerCase() === key);
      failed.set(key, part ?? null);
      const base = baseMessage(
        'ApexClass',
        part?.fullName ?? problem.file,
        part?.fileName ?? `classes/${problem.file}.cls`,
        this.now(),
      );
      const message = failureMessage(base, problem.problem, problem.line, problem.column);
      if (seen) return { message, effect: 'none' };
      if (!part) return { message, effect: 'added' };
      for (const v of validated) v.good = v.good.filter((p) => p !== part);
      const at = successes.findIndex(
        (m) => m.componentType === 'ApexClass' && m.fullName === part.fullName,
      );
      if (at >= 0) successes.splice(at, 1);
      return { message, effect: 'removed' };
    });
  }

  /** A success message with the component's Id and whether it is new or changed in the org. */
  private success(base: DeployMessage, p: DeployPart): DeployMessage {
    const existing = findComponent(this.org.store, p.componentType, p.fullName);
    const prefix =
      metadataType(p.componentType)?.keyPrefix ?? CHILD_KEY_PREFIX[p.componentType] ?? '000';
    return {
      ...base,
      created: !existing,
      changed: existing !== undefined && existing.checksum !== checksumOf(p.stored),
      id: p.id ?? existing?.id ?? this.org.store.nextId(prefix),
      success: true,
    };
  }

  /** Makes the good components part of the org, in one transaction. */
  private save(
    deployId: string,
    session: Session,
    validated: Validated[],
    deletions: Deletion[],
  ): void {
    const afterCommit = this.org.store.transaction(() =>
      this.write(deployId, session, validated, deletions),
    );
    afterCommit();
    this.syncPlatformRecords();
  }

  /**
   * Runs `fn` against the org as this deploy would leave it: the components are written in a
   * transaction and the catalogue updated, `fn` runs, then all of it is rolled back.
   */
  private rehearse<T>(
    deployId: string,
    session: Session,
    validated: Validated[],
    deletions: Deletion[],
    fn: () => T,
  ): T {
    const catalog = this.org.catalog.snapshot();
    let value: T | undefined;
    try {
      this.org.store.transaction(() => {
        this.write(deployId, session, validated, deletions)();
        this.syncPlatformRecords();
        value = fn();
        throw new Rehearsed();
      });
    } catch (error) {
      if (!(error instanceof Rehearsed)) throw error;
    } finally {
      this.org.catalog.restore(catalog);
    }
    return value as T;
  }

  /** Writes the good components and deletions (call inside a transaction); returns what to run after it commits. */
  private write(
    deployId: string,
    session: Session,
    validated: Validated[],
    deletions: Deletion[],
  ): () => void {
    const store = this.org.store;
    const at = this.now();
    const catalogUpdates: (() => void)[] = [];
    const remove = (before: boolean) => {
      for (const deletion of deletions.filter((d) => d.before === before)) {
        const update = applyDeletion(this.org, deletion);
        if (update) catalogUpdates.push(update);
      }
    };
    remove(true);
    for (const { validation, good } of validated) {
      if (good.length === 0) continue;
      validation.save?.(good);
      for (const p of good) {
        saveComponent(store, {
          ...p.stored,
          type: p.componentType,
          fullName: p.fullName,
          id: p.id ?? '',
          fileName: p.fileName,
          deployId,
          userId: session.userId,
          at,
        });
      }
    }
    remove(false);
    return () => {
      for (const { validation, good } of validated) {
        if (good.length) validation.afterCommit?.(good);
      }
      for (const update of catalogUpdates) update();
    };
  }

  /** The records that mirror deployed components (StaticResource, ApexClass, Tooling's schema). */
  private syncPlatformRecords(): void {
    const at = this.org.now();
    syncStaticResources(this.org.store, at);
    syncApexClasses(this.org.store, at);
    syncSetupRecords(this.org.store);
  }
}

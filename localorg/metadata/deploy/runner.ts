/**
 * Runs deploys asynchronously, as the Metadata API does: Queued, then InProgress with live counts,
 * then Succeeded, SucceededPartial, Failed or Canceled. checkOnly validates without saving;
 * rollbackOnError saves nothing when anything fails; otherwise the good components are saved.
 */
import { setImmediate as yieldToIo, setTimeout as sleep } from 'node:timers/promises';
import type { Session } from '../../auth/session.ts';
import { KEY_PREFIX } from '../../ids.ts';
import type { LocalOrg } from '../../org.ts';
import { checksumOf, findComponent, saveComponent } from '../org/deployedComponents.ts';
import { syncStaticResources } from '../../platformData.ts';
import { CHILD_KEY_PREFIX, metadataType } from '../package/registry.ts';
import { ZipLimitError, unpackZip } from '../package/zip.ts';
import { DeployContext } from '../validate/context.ts';
import { createValidator, validationOrder } from '../validate/index.ts';
import type { ComponentValidation, DeployPart } from '../validate/types.ts';
import { applyDeletion, checkDeletion } from './destructive.ts';
import type { Deletion } from './destructive.ts';
import { baseMessage, failureMessage } from './messages.ts';
import { scanPackages } from './packages.ts';
import { loadDeploy, saveDeploy } from './records.ts';
import { isTerminal } from './types.ts';
import type { DeployMessage, DeployOptions, DeployRecord } from './types.ts';

const PROGRESS_MS = 50;

export interface DeployerOptions {
  /** Latest API version the org serves (65). */
  maxApiVersion: number;
}

interface Validated {
  validation: ComponentValidation;
  good: DeployPart[];
}

export class Deployer {
  private readonly org: LocalOrg;
  private readonly options: DeployerOptions;
  private readonly running = new Map<string, Promise<void>>();
  /** Deploys run one at a time, in the order they were queued, as an org runs them. */
  private queue: Promise<void> = Promise.resolve();
  private readonly cancels = new Map<string, Session>();
  /** Pause between components; lets tests watch InProgress and cancel a running deploy. */
  stepDelayMs = 0;

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
    return loadDeploy(this.org.store, id);
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
    if (this.stepDelayMs > 0) await sleep(this.stepDelayMs);
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
      if (Date.now() - savedAt < PROGRESS_MS && this.stepDelayMs === 0) continue;
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

    const status =
      errors === 0
        ? 'Succeeded'
        : options.rollbackOnError || deployed === 0
          ? 'Failed'
          : 'SucceededPartial';
    if (!options.checkOnly && status !== 'Failed') {
      this.save(record.id, session, validated, accepted);
    }
    finish({
      status,
      numberComponentsTotal: total,
      numberComponentsDeployed: deployed,
      numberComponentErrors: errors,
      componentFailures: failures,
      componentSuccesses: successes,
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
    const store = this.org.store;
    const at = this.now();
    const catalogUpdates: (() => void)[] = [];
    const remove = (before: boolean) => {
      for (const deletion of deletions.filter((d) => d.before === before)) {
        const update = applyDeletion(this.org, deletion);
        if (update) catalogUpdates.push(update);
      }
    };
    store.transaction(() => {
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
    });
    for (const { validation, good } of validated) {
      if (good.length) validation.afterCommit?.(good);
    }
    for (const update of catalogUpdates) update();
    syncStaticResources(store, new Date(at));
  }
}

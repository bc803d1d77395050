/**
 * The local org's Apex: the runtime loaded with the package's deployed classes, and transactions
 * to run code in (one per entry point: rolled back on an uncaught exception; limits, statics and
 * the running user its own). The entry points (Aura, Apex REST, anonymous Apex, Batch Apex, Apex
 * tests) are in their own modules and run through here.
 */
import type { Session } from '../../auth/session.ts';
import { listComponents } from '../../metadata/org/deployedComponents.ts';
import { metadataService } from '../../metadata/service.ts';
import type { LocalOrg } from '../../org.ts';
import { nativeClasses } from '../lib/index.ts';
import { ExecContext, Frame, SYNC_LIMITS } from '../runtime/context.ts';
import type { LimitMaximums } from '../runtime/context.ts';
import { checkHeap, heapSize } from '../runtime/heap.ts';
import { heapCheck } from '../runtime/context.ts';
import { platform } from '../runtime/platform.ts';
import { ApexRuntime } from '../runtime/runtime.ts';
import type { ApexSource, CompileProblem } from '../runtime/runtime.ts';
import { CatalogFieldAccess } from '../runtime/sobjectAccess.ts';
import { BatchRunner } from './batch.ts';
import { platformHooks } from './platformHooks.ts';
import type { PlatformHooks } from '../runtime/platform.ts';

const PINNED = '\0pinned';

export class ApexService {
  readonly org: LocalOrg;
  readonly runtime: ApexRuntime;
  readonly batches: BatchRunner;
  private readonly hooks: PlatformHooks;
  private loadedFrom: string | null = null;
  /** Problems of the deployed classes that did not compile (the rest still run). */
  problems: CompileProblem[] = [];

  constructor(org: LocalOrg) {
    this.org = org;
    this.runtime = new ApexRuntime(
      org.catalog,
      nativeClasses(),
      new CatalogFieldAccess(org.catalog),
    );
    this.batches = new BatchRunner(this);
    this.hooks = platformHooks(org, () => this.runtime.registry, this.batches);
    this.install();
  }

  /** Points the runtime's module-level hooks at this org (several orgs may share a process). */
  install(): void {
    this.runtime.install();
    platform.current = this.hooks;
    heapCheck.run = checkHeap;
  }

  /** The deployed classes, as the runtime loads them. */
  deployedSources(): ApexSource[] {
    return listComponents(this.org.store, 'ApexClass').map((c) => ({
      name: c.fullName,
      body: c.body ? Buffer.from(c.body).toString('utf8') : '',
    }));
  }

  /**
   * Loads these sources instead of the deployed classes and keeps them (the runtime's own
   * tests, which compile classes without deploying them).
   */
  pin(sources: ApexSource[]): CompileProblem[] {
    this.problems = this.runtime.loadClasses(sources);
    this.loadedFrom = PINNED;
    this.install();
    return this.problems;
  }

  /** Loads the deployed classes when they changed since the last load. */
  ensureLoaded(): void {
    if (this.loadedFrom === PINNED) {
      this.install();
      return;
    }
    const sources = this.deployedSources();
    const key = sources.map((s) => `${s.name}\0${s.body.length}\0${s.body}`).join('\0\0');
    if (key === this.loadedFrom) {
      this.install();
      return;
    }
    this.problems = this.runtime.loadClasses(sources);
    this.loadedFrom = key;
    this.install();
    for (const p of this.problems)
      this.org.config.log(`Apex class ${p.file} does not compile: line ${p.line}: ${p.problem}`);
  }

  /** Compiles sources as a deploy would leave the org, without changing the loaded classes. */
  checkCompile(sources: ApexSource[]): CompileProblem[] {
    const scratch = new ApexRuntime(
      this.org.catalog,
      nativeClasses(),
      new CatalogFieldAccess(this.org.catalog),
    );
    const problems = scratch.loadClasses(sources);
    this.install();
    return problems;
  }

  newContext(session: Session, maximums: LimitMaximums = SYNC_LIMITS): ExecContext {
    return this.runtime.newContext(session, maximums);
  }

  /**
   * Runs `fn` as one Apex transaction: its DML commits when it returns and rolls back when it
   * throws. Work the transaction queued (Batch Apex) starts after the commit.
   */
  transaction<T>(ctx: ExecContext, fn: (frame: Frame) => T): T {
    this.ensureLoaded();
    const root = new Frame(ctx, null, null, null, 0, '');
    const result = this.org.store.transaction(() => {
      const value = fn(root);
      heapSize(ctx);
      return value;
    });
    for (const job of ctx.afterCommit.splice(0)) job();
    return result;
  }
}

/** The org's Apex service, made on first use. */
const services = new WeakMap<LocalOrg, ApexService>();

export function apexService(org: LocalOrg): ApexService {
  let service = services.get(org);
  if (!service) {
    // Custom objects come back into the catalogue when the Metadata API service starts.
    metadataService(org);
    service = new ApexService(org);
    services.set(org, service);
  }
  service.install();
  return service;
}

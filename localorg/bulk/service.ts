/**
 * The Bulk API 2.0 service of one org: its jobs (kept in memory, so they do not outlive the
 * process), their folders (under the org's data folder, or a temporary folder for in-memory orgs),
 * the settings, the fault source, and the background processing that close() waits for.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Session } from '../auth/session.ts';
import { normalizeId } from '../ids.ts';
import type { LocalOrg } from '../org.ts';
import type { BulkFaults } from '../faults/injector.ts';
import { jobNotFound } from './http.ts';
import type { BulkJob, IngestJob, QueryJob } from './jobs.ts';
import { resolveBulkSettings } from './settings.ts';
import type { BulkSettings } from './settings.ts';

export interface BulkServiceOptions {
  settings?: Partial<BulkSettings>;
  faults?: BulkFaults | null;
}

export class BulkService {
  readonly org: LocalOrg;
  readonly settings: BulkSettings;
  readonly faults: BulkFaults | null;
  private readonly jobs = new Map<string, BulkJob>();
  private readonly running = new Set<Promise<void>>();
  private root: Promise<string> | null = null;
  private stopping = false;
  /**
   * Awaited after each unit of work of a job when set: lets a test hold a job at a known point
   * (to read its counts, abort it) without depending on how fast the machine is.
   */
  unitGate: (() => Promise<void>) | null = null;

  constructor(org: LocalOrg, options: BulkServiceOptions = {}) {
    this.org = org;
    this.settings = resolveBulkSettings(options.settings);
    this.faults = options.faults ?? null;
  }

  /** True once close() has begun: processing loops stop at their next batch. */
  get closing(): boolean {
    return this.stopping;
  }

  private workRoot(): Promise<string> {
    this.root ??= (async () => {
      const path = this.org.store.path;
      if (path === ':memory:') return mkdtemp(join(tmpdir(), 'localorg-bulk-'));
      // Jobs live in memory only: whatever a previous run left is stale.
      const dir = join(dirname(path), 'bulk');
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      return dir;
    })();
    return this.root;
  }

  async createJobDir(id: string): Promise<string> {
    const dir = join(await this.workRoot(), id);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  add(job: BulkJob): void {
    this.jobs.set(job.id, job);
  }

  /** Jobs of a kind the session may see, oldest first. */
  list(session: Session, kind: BulkJob['kind']): BulkJob[] {
    return [...this.jobs.values()].filter(
      (job) => job.kind === kind && (session.isAdmin || job.createdById === session.userId),
    );
  }

  /** A job the session may see (its own, or any for an admin), else 404. */
  ingestJob(session: Session, id: string): IngestJob {
    const job = this.find(session, id);
    if (job.kind !== 'ingest') throw jobNotFound();
    return job;
  }

  queryJob(session: Session, id: string): QueryJob {
    const job = this.find(session, id);
    if (job.kind !== 'query') throw jobNotFound();
    return job;
  }

  private find(session: Session, id: string): BulkJob {
    const key = normalizeId(id);
    const job = key ? this.jobs.get(key) : undefined;
    if (!job || (!session.isAdmin && job.createdById !== session.userId)) throw jobNotFound();
    return job;
  }

  async remove(job: BulkJob): Promise<void> {
    this.jobs.delete(job.id);
    await rm(job.dir, { recursive: true, force: true });
  }

  /** Runs a job's processing in the background; close() waits for it. */
  run(job: BulkJob, work: () => Promise<void>): void {
    const done = work().catch((error: unknown) => {
      this.org.config.log(
        `bulk job ${job.id} crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    });
    job.settled = done;
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
  }

  /** Stops processing at the next batch, waits for it, and removes the job folders. */
  async close(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
    if (this.root) await rm(await this.root, { recursive: true, force: true });
  }
}

const services = new WeakMap<LocalOrg, BulkService>();

/** The org's Bulk service, created with `options` on first use. */
export function bulkServiceFor(org: LocalOrg, options?: BulkServiceOptions): BulkService {
  let service = services.get(org);
  if (!service) {
    service = new BulkService(org, options);
    services.set(org, service);
  }
  return service;
}

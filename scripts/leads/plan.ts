/**
 * Plans a reassignment lead by lead with the routing core and writes the plan as a CSV
 * (Id, OldOwnerId, NewOwnerId, Reason) as it goes, so memory does not grow with the number of
 * leads. The plan file is the record of every old owner: undo and resume read it back. A plan
 * cut short by a crash can be taken up again: its rows are replayed through a fresh picker (which
 * must place each lead as the plan says) and the file continues where the journal vouches for it.
 */
import { stat, truncate } from 'node:fs/promises';
import {
  createPicker,
  id15,
  LeadIdSet,
  REASON_BY_METHOD,
  summarizeOwners,
  type OwnerPicker,
  type OwnerSummary,
  type RoutingMethod,
  type UnplacedReason,
} from '../../lib/routing/leadRouting.ts';
import { CliError } from '../cli/errors.ts';
import { CsvFileWriter, csvFileBatches, readCsvObjects } from './csv.ts';
import type { OwnerFacts } from './owners.ts';

export { CsvFileWriter } from './csv.ts';

export const PLAN_COLUMNS = ['Id', 'OldOwnerId', 'NewOwnerId', 'Reason'] as const;
export type PlanRow = { Id: string; OldOwnerId: string; NewOwnerId: string; Reason: string };

/** A lead already owned by its planned owner: planned, never written. */
export const UNCHANGED = 'UNCHANGED';

/** A lead the org's assignment rule will place: its new owner is known only after the update. */
export const ASSIGNMENT_RULE = 'ASSIGNMENT_RULE';

export interface SelectedLead {
  id: string;
  ownerId: string;
}

/** A lead's change as sent to the org: the owner to write. */
export interface OwnerChange {
  id: string;
  ownerId: string;
}

/** The routing core's owner summary, and how many of the owner's leads change hands. */
export interface OwnerPlanSummary extends OwnerSummary {
  /** Of the leads assigned, those that change owner (the rest are already with this owner). */
  changing: number;
}

export interface PlanSummary {
  method: RoutingMethod | 'assignmentRule';
  leads: number;
  toChange: number;
  unchanged: number;
  unplaced: Partial<Record<UnplacedReason, number>>;
  owners: OwnerPlanSummary[];
  nextCursor: number | null;
}

export interface PlanRequest {
  method: RoutingMethod;
  pool: OwnerFacts[];
  cursor?: number;
  strictEligibility?: boolean;
}

/** What a plan is made with: the routing core's request, or the org's assignment rule. */
export type PlanMode = PlanRequest | 'assignmentRule';

/** Where a plan file stands: its rows (after the header) and its size in bytes. */
export interface PlanMark {
  rows: number;
  bytes: number;
}

/** Plans leads one at a time into the plan file; `add` says what changes. */
export class PlanWriter {
  readonly path: string;
  private readonly mode: PlanMode;
  private readonly writer: CsvFileWriter;
  private readonly picker: OwnerPicker | null;
  private readonly reason: string;
  private readonly unplaced: Partial<Record<UnplacedReason, number>> = {};
  private readonly changing: number[];
  private pending: Promise<void> | undefined;
  private count = 0;
  private toChange = 0;
  private unchanged = 0;

  /** `appendAt`: the size of the file a resumed plan continues; a new plan starts one. */
  private constructor(path: string, mode: PlanMode, appendAt: number | null) {
    this.path = path;
    this.mode = mode;
    this.writer =
      appendAt === null
        ? new CsvFileWriter(path, PLAN_COLUMNS)
        : new CsvFileWriter(path, null, { appendAt });
    if (mode === 'assignmentRule') {
      this.picker = null;
      this.reason = ASSIGNMENT_RULE;
      this.changing = [];
    } else {
      this.picker = createPicker({
        method: mode.method,
        pool: mode.pool,
        cursor: mode.cursor,
        strictEligibility: mode.strictEligibility,
      });
      this.reason = REASON_BY_METHOD[mode.method];
      this.changing = mode.pool.map(() => 0);
    }
  }

  /** A new plan file. */
  static create(path: string, mode: PlanMode): PlanWriter {
    return new PlanWriter(path, mode, null);
  }

  /**
   * Takes up a plan a crash cut short: keeps its first `mark.rows` rows (the file is cut back to
   * `mark.bytes`), replays them through the picker, and returns the Ids already planned. Rows
   * the picker would place otherwise mean the plan is not this run's: nothing is changed then.
   */
  static async resume(
    path: string,
    mode: PlanMode,
    mark: PlanMark,
  ): Promise<{ plan: PlanWriter; planned: LeadIdSet }> {
    if (mark.rows === 0) return { plan: PlanWriter.create(path, mode), planned: new LeadIdSet() };
    const size = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    if (size < mark.bytes) {
      throw new CliError(
        'PlanDamaged',
        `The plan ${path} is shorter than its journal says (${size} bytes, ${mark.bytes} journaled).`,
        { hint: 'Restore the plan file from a backup; do not edit it by hand.' },
      );
    }
    await truncate(path, mark.bytes);
    const plan = new PlanWriter(path, mode, mark.bytes);
    const planned = new LeadIdSet();
    for await (const rows of planRows(path)) {
      for (const [id, oldOwner, newOwner] of rows) {
        planned.add(id);
        plan.replay(id, oldOwner, newOwner);
      }
    }
    if (plan.count !== mark.rows) {
      throw new CliError(
        'PlanDamaged',
        `The plan ${path} holds ${plan.count} rows where its journal vouches for ${mark.rows}.`,
        { hint: 'Restore the plan file from a backup; do not edit it by hand.' },
      );
    }
    return { plan, planned };
  }

  /** Rows planned so far and the file's size once they are all written. */
  mark(): PlanMark {
    return { rows: this.count, bytes: this.writer.bytes };
  }

  /**
   * The pool index the picker gives the next lead, or -1 (and why it could not). The lead's
   * owner now tells the core which leads stay (unchanged) and which leave a pool owner.
   */
  private pick(currentOwnerId: string): { index: number; why?: UnplacedReason } {
    const index = this.picker!.next(currentOwnerId);
    return index === -1 ? { index, why: this.picker!.exhaustedReason() } : { index };
  }

  /** Counts an existing plan row, checking that the picker places it the same way. */
  private replay(id: string, oldOwner: string, newOwner: string): void {
    this.count += 1;
    if (this.mode === 'assignmentRule') {
      this.toChange += 1;
      return;
    }
    const { index, why } = this.pick(oldOwner);
    const expected = index === -1 ? '' : this.mode.pool[index].id;
    if (expected !== newOwner) {
      throw new CliError(
        'JournalMismatch',
        `Row ${this.count} of the plan ${this.path} (lead ${id}) gives the lead to "${newOwner}", where this run's owners give it to "${expected}".`,
        { hint: 'Run with the flags of the original run, or pass a new --journal file.' },
      );
    }
    if (index === -1) this.unplaced[why!] = (this.unplaced[why!] ?? 0) + 1;
    else if (id15(newOwner) === id15(oldOwner)) this.unchanged += 1;
    else {
      this.toChange += 1;
      this.changing[index] += 1;
    }
  }

  /**
   * Plans one lead and queues its row; returns the change to send, or null when the lead keeps
   * its owner or cannot be placed. Call settle() now and then to honour the file's back-pressure.
   */
  add(lead: SelectedLead): OwnerChange | null {
    this.count += 1;
    let row: string[];
    let change: OwnerChange | null = null;
    if (this.mode === 'assignmentRule') {
      this.toChange += 1;
      row = [lead.id, lead.ownerId, '', ASSIGNMENT_RULE];
      change = { id: lead.id, ownerId: lead.ownerId };
    } else {
      const { index, why } = this.pick(lead.ownerId);
      if (index === -1) {
        this.unplaced[why!] = (this.unplaced[why!] ?? 0) + 1;
        row = [lead.id, lead.ownerId, '', why!];
      } else {
        const newOwner = this.mode.pool[index].id;
        if (id15(newOwner) === id15(lead.ownerId)) {
          this.unchanged += 1;
          row = [lead.id, lead.ownerId, newOwner, UNCHANGED];
        } else {
          this.toChange += 1;
          this.changing[index] += 1;
          row = [lead.id, lead.ownerId, newOwner, this.reason];
          change = { id: lead.id, ownerId: newOwner };
        }
      }
    }
    this.pending = this.writer.write(row) ?? this.pending;
    return change;
  }

  /** Waits while the file catches up with the rows queued. */
  async settle(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    await pending;
  }

  /** Writes out every row queued; `durable` waits for the disk too. */
  async flush(durable = false): Promise<void> {
    await this.writer.flush(durable);
  }

  async close(): Promise<void> {
    await this.writer.close();
  }

  summary(): PlanSummary {
    if (this.mode === 'assignmentRule') {
      return {
        method: 'assignmentRule',
        leads: this.count,
        toChange: this.count,
        unchanged: 0,
        unplaced: {},
        owners: [],
        nextCursor: null,
      };
    }
    const { method, pool } = this.mode;
    return {
      method,
      leads: this.count,
      toChange: this.toChange,
      unchanged: this.unchanged,
      unplaced: this.unplaced,
      owners: summarizeOwners(pool, this.picker!).map((owner, i) => ({
        ...owner,
        changing: this.changing[i],
      })),
      nextCursor: method === 'roundRobin' ? this.picker!.cursor() : null,
    };
  }
}

/** Writes a whole plan from batches of selected leads; returns its summary. */
export async function writePlan(
  leads: AsyncIterable<SelectedLead[]>,
  mode: PlanMode,
  planPath: string,
): Promise<PlanSummary> {
  const plan = PlanWriter.create(planPath, mode);
  try {
    for await (const batch of leads) {
      for (const lead of batch) plan.add(lead);
      await plan.settle();
    }
  } finally {
    await plan.close();
  }
  return plan.summary();
}

/**
 * The leads of an --assignment-rule plan as changes that write each lead's owner back as it was
 * (Bulk API 2.0 needs a field to update besides Id); the rule then picks the owner.
 */
export async function* ruleChangesOf(path: string): AsyncGenerator<OwnerChange> {
  for await (const rows of planRows(path)) {
    for (const [id, oldOwner, , reason] of rows)
      if (reason === ASSIGNMENT_RULE) yield { id, ownerId: oldOwner };
  }
}

/** The plan file's rows (Id, OldOwnerId, NewOwnerId, Reason) in batches, without the header. */
export async function* planRows(path: string): AsyncGenerator<string[][]> {
  let header = true;
  for await (const batch of csvFileBatches(path)) {
    if (header) {
      header = false;
      batch.shift();
    }
    if (batch.length) yield batch;
  }
}

/** The plan file, row by row. */
export function readPlan(path: string): AsyncGenerator<PlanRow> {
  return readCsvObjects<PlanRow>(path);
}

/** The rows of a plan that change an owner (not unchanged, not unplaced). */
export async function* changesOf(path: string): AsyncGenerator<OwnerChange> {
  for await (const rows of planRows(path)) {
    for (const [id, , newOwner, reason] of rows)
      if (newOwner !== '' && reason !== UNCHANGED) yield { id, ownerId: newOwner };
  }
}

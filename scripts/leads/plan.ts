/**
 * Plans a reassignment lead by lead with the routing core and writes the plan as a CSV
 * (Id, OldOwnerId, NewOwnerId, Reason) as it goes, so memory does not grow with the number of
 * leads. The plan file is the record of every old owner: undo and resume read it back.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { parse } from 'csv-parse';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import {
  createPicker,
  id15,
  REASON_BY_METHOD,
  summarizeOwners,
  type OwnerSummary,
  type RoutingMethod,
  type UnplacedReason,
} from '../../lib/routing/leadRouting.ts';
import type { OwnerFacts } from './owners.ts';

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

/** Writes CSV rows to a file, honouring back-pressure. */
export class CsvFileWriter {
  private readonly csv = stringify({ header: false });
  private readonly done: Promise<unknown>;

  constructor(path: string, header: readonly string[]) {
    const file = createWriteStream(path);
    this.done = once(file, 'finish');
    this.csv.pipe(file);
    this.csv.write([...header]);
  }

  async write(row: string[]): Promise<void> {
    if (!this.csv.write(row)) await once(this.csv, 'drain');
  }

  async close(): Promise<void> {
    this.csv.end();
    await this.done;
  }
}

export async function writePlan(
  leads: AsyncIterable<SelectedLead>,
  request: PlanRequest,
  planPath: string,
): Promise<PlanSummary> {
  const picker = createPicker({
    method: request.method,
    pool: request.pool,
    cursor: request.cursor,
    strictEligibility: request.strictEligibility,
  });
  const reason = REASON_BY_METHOD[request.method];
  const writer = new CsvFileWriter(planPath, PLAN_COLUMNS);
  const unplaced: Partial<Record<UnplacedReason, number>> = {};
  let count = 0;
  let toChange = 0;
  let unchanged = 0;
  const changing = request.pool.map(() => 0);
  for await (const lead of leads) {
    count += 1;
    const index = picker.next();
    if (index === -1) {
      const why = picker.exhaustedReason();
      unplaced[why] = (unplaced[why] ?? 0) + 1;
      await writer.write([lead.id, lead.ownerId, '', why]);
      continue;
    }
    const newOwner = request.pool[index].id;
    if (id15(newOwner) === id15(lead.ownerId)) {
      unchanged += 1;
      await writer.write([lead.id, lead.ownerId, newOwner, UNCHANGED]);
    } else {
      toChange += 1;
      changing[index] += 1;
      await writer.write([lead.id, lead.ownerId, newOwner, reason]);
    }
  }
  await writer.close();
  return {
    method: request.method,
    leads: count,
    toChange,
    unchanged,
    unplaced,
    owners: summarizeOwners(request.pool, picker).map((owner, i) => ({
      ...owner,
      changing: changing[i],
    })),
    nextCursor: request.method === 'roundRobin' ? picker.cursor() : null,
  };
}

/**
 * The plan of an --assignment-rule run: every lead, its owner now, an empty NewOwnerId and
 * Reason ASSIGNMENT_RULE.
 */
export async function writeRulePlan(
  leads: AsyncIterable<SelectedLead>,
  planPath: string,
): Promise<PlanSummary> {
  const writer = new CsvFileWriter(planPath, PLAN_COLUMNS);
  let count = 0;
  for await (const lead of leads) {
    count += 1;
    await writer.write([lead.id, lead.ownerId, '', ASSIGNMENT_RULE]);
  }
  await writer.close();
  return {
    method: 'assignmentRule',
    leads: count,
    toChange: count,
    unchanged: 0,
    unplaced: {},
    owners: [],
    nextCursor: null,
  };
}

/**
 * The leads of an --assignment-rule plan as changes that write each lead's owner back as it was
 * (Bulk API 2.0 needs a field to update besides Id); the rule then picks the owner.
 */
export async function* ruleChangesOf(
  path: string,
): AsyncGenerator<{ id: string; ownerId: string }> {
  for await (const row of readPlan(path)) {
    if (row.Reason === ASSIGNMENT_RULE) yield { id: row.Id, ownerId: row.OldOwnerId };
  }
}

/** The plan file, row by row. */
export async function* readPlan(path: string): AsyncGenerator<PlanRow> {
  const rows = createReadStream(path).pipe(parse({ columns: true }));
  for await (const row of rows as AsyncIterable<PlanRow>) yield row;
}

/** The rows of a plan that change an owner (not unchanged, not unplaced). */
export async function* changesOf(path: string): AsyncGenerator<{ id: string; ownerId: string }> {
  for await (const row of readPlan(path)) {
    if (row.NewOwnerId !== '' && row.Reason !== UNCHANGED)
      yield { id: row.Id, ownerId: row.NewOwnerId };
  }
}

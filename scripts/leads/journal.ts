/**
 * The journal of a bulk change: an append-only JSON-lines file, each line flushed to disk before
 * the step it announces. It holds the command, the plan file (every lead's old and new owner) and
 * each batch or job; running the command again with it finishes the work without applying a row
 * twice, and `leads undo` reads it to put the old owners back.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { badInput } from '../cli/errors.ts';
import type { OwnerFacts } from './owners.ts';

export const JOURNAL_VERSION = 1;

export interface JournalStart {
  type: 'start';
  version: number;
  phase: 'reassign';
  createdAt: string;
  orgId: string;
  username: string;
  /** What identifies the run: a rerun must ask for the same change. */
  request: Record<string, unknown>;
  plan: string;
  /**
   * A run that applies while it plans (its jobs start before the selection ends) keeps what its
   * plan was made with, so a rerun after a crash plans the rest of the leads the same way.
   */
  stream?: StreamFacts;
}

export interface StreamFacts {
  /** The owners with their facts and open-lead loads as the run began (none for a rule run). */
  pool: OwnerFacts[];
  /** The closed statuses the selection left out (null: none were left out). */
  closedStatuses: string[] | null;
  ruleId?: string;
}

export type JournalEntry =
  | JournalStart
  | {
      type: 'planned';
      phase: 'reassign' | 'undo';
      plan: string;
      rows: number;
      toChange: number;
      /** --assignment-rule runs: the rule resolved when the run began. */
      ruleId?: string;
    }
  | { type: 'batch'; phase: 'reassign' | 'undo'; index: number; state: 'started'; ids: string[] }
  | {
      type: 'batch';
      phase: 'reassign' | 'undo';
      index: number;
      state: 'done';
      /** [leadId, ownerIdSet] for rows that succeeded; failures with their error. */
      succeeded: [string, string][];
      failed: [string, string, string][];
    }
  | { type: 'chunks'; phase: 'reassign' | 'undo'; chunks: { file: string; rows: number }[] }
  | {
      /**
       * A chunk complete while the plan was still being written: its rows are on disk, and so
       * are the plan's first `plan.rows` rows (`plan.bytes` bytes), which it and the chunks
       * before it cover. A rerun keeps exactly those and plans the rest.
       */
      type: 'chunk';
      phase: 'reassign';
      file: string;
      rows: number;
      plan: { rows: number; bytes: number };
    }
  | {
      type: 'job';
      phase: 'reassign' | 'undo';
      chunk: string;
      jobId: string;
      state: 'created' | 'closed' | 'done';
      rows: number;
      failed?: number;
      /** A job that ended Failed or Aborted: its unprocessed rows, sent as a job of their own. */
      unprocessed?: { file: string; rows: number };
    }
  | {
      /**
       * --assignment-rule runs, once applied: the owners read back. `file` (Id, OldOwnerId,
       * NewOwnerId) lists every lead the rule moved; undo puts exactly those back.
       */
      type: 'owners';
      phase: 'reassign';
      file: string;
      moved: number;
      kept: number;
    }
  | { type: 'finished'; phase: 'reassign' | 'undo'; at: string; succeeded: number; failed: number };

export class Journal {
  readonly path: string;
  readonly entries: JournalEntry[];
  private readonly fd: number;

  private constructor(path: string, entries: JournalEntry[]) {
    this.path = path;
    this.entries = entries;
    this.fd = openSync(path, 'a');
  }

  static exists(path: string): boolean {
    return existsSync(path);
  }

  static create(path: string, start: JournalStart): Journal {
    if (existsSync(path)) {
      throw badInput(
        'JournalExists',
        `The journal ${path} already exists.`,
        'Run the same command again to resume it, or pass a new --journal file.',
      );
    }
    const journal = new Journal(path, []);
    journal.append(start);
    return journal;
  }

  static open(path: string): Journal {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw badInput(
        'JournalNotFound',
        `Cannot read the journal ${path}.`,
        'Pass the --journal file a reassign run printed.',
      );
    }
    const entries: JournalEntry[] = [];
    const lines = text.split('\n');
    let nextLineAt = 0;
    for (const [i, line] of lines.entries()) {
      const lineAt = nextLineAt;
      nextLineAt += line.length + 1;
      if (line.trim() === '') continue;
      try {
        entries.push(JSON.parse(line) as JournalEntry);
      } catch {
        // A crash can cut the last line short; anything else is a damaged file.
        if (i < lines.length - 2) {
          throw badInput(
            'JournalDamaged',
            `Line ${i + 1} of the journal ${path} is not JSON.`,
            'Restore the journal from a backup; do not edit it by hand.',
          );
        }
        // The cut line goes, so the next entry starts a line of its own (appended after it, the
        // two would make one damaged line and the entry would be lost).
        truncateSync(path, Buffer.byteLength(text.slice(0, lineAt)));
      }
    }
    const start = entries[0];
    if (!start || start.type !== 'start' || start.version !== JOURNAL_VERSION) {
      throw badInput(
        'JournalDamaged',
        `${path} is not a channelkit journal (version ${JOURNAL_VERSION}).`,
        'Pass the --journal file a reassign run printed.',
      );
    }
    return new Journal(path, entries);
  }

  get start(): JournalStart {
    return this.entries[0] as JournalStart;
  }

  /** Writes the entry and waits for the disk: only then may the step it announces begin. */
  append(entry: JournalEntry): void {
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(this.fd);
    this.entries.push(entry);
  }

  close(): void {
    closeSync(this.fd);
  }

  find<T extends JournalEntry['type']>(
    type: T,
    phase: 'reassign' | 'undo',
  ): Extract<JournalEntry, { type: T }> | undefined {
    return this.entries.find((e) => e.type === type && 'phase' in e && e.phase === phase) as
      Extract<JournalEntry, { type: T }> | undefined;
  }

  /** Every entry of a type and phase, in the order written. */
  all<T extends JournalEntry['type']>(
    type: T,
    phase: 'reassign' | 'undo',
  ): Extract<JournalEntry, { type: T }>[] {
    return this.entries.filter(
      (e) => e.type === type && 'phase' in e && e.phase === phase,
    ) as Extract<JournalEntry, { type: T }>[];
  }

  /** The last state of each batch of a phase. */
  batches(phase: 'reassign' | 'undo'): Map<number, Extract<JournalEntry, { type: 'batch' }>> {
    const out = new Map<number, Extract<JournalEntry, { type: 'batch' }>>();
    for (const e of this.entries) if (e.type === 'batch' && e.phase === phase) out.set(e.index, e);
    return out;
  }
}

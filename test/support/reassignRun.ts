/** What a `leads reassign` run left behind, read the way a test checks it. */
import { readFileSync } from 'node:fs';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { api } from './query.ts';

/** The run's plan file (beside its journal): [Id, OldOwnerId, NewOwnerId, Reason] rows. */
export function readPlan(journal: string): string[][] {
  return readFileSync(journal.replace(/\.jsonl$/, '.plan.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
}

/** Rows processed by every Bulk ingest job the org has seen: a row sent twice counts twice. */
export async function ingestRowsProcessed(org: RunningLocalOrg): Promise<number> {
  const jobs = (await api(org, '/services/data/v62.0/jobs/ingest')).body as {
    records: { id: string }[];
  };
  let processed = 0;
  for (const job of jobs.records) {
    const info = (await api(org, `/services/data/v62.0/jobs/ingest/${job.id}`)).body as {
      numberRecordsProcessed: number;
    };
    processed += info.numberRecordsProcessed;
  }
  return processed;
}

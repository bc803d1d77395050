import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Connection } from '@salesforce/core';
import { applyByCollections } from '../../scripts/leads/apply-collections.ts';
import type { OwnerChange } from '../../scripts/leads/apply-collections.ts';
import { Journal, JOURNAL_VERSION } from '../../scripts/leads/journal.ts';

/** A stand-in org holding lead owners; it can fail rows with a lock error once. */
function fakeOrg(owners: Map<string, string>, lockOnce = new Set<string>()) {
  const calls = {
    patch: 0,
    query: 0,
    patchedIds: [] as string[],
    headers: [] as Record<string, string>[],
  };
  const conn = {
    getApiVersion: () => '62.0',
    async request(req: { method: string; body: string; headers: Record<string, string> }) {
      calls.patch += 1;
      calls.headers.push(req.headers);
      const { records } = JSON.parse(req.body) as { records: { id: string; OwnerId: string }[] };
      return records.map((r) => {
        calls.patchedIds.push(r.id);
        if (lockOnce.delete(r.id)) {
          return {
            id: r.id,
            success: false,
            errors: [
              {
                statusCode: 'UNABLE_TO_LOCK_ROW',
                message: 'unable to obtain exclusive access to this record',
                fields: [],
              },
            ],
          };
        }
        owners.set(r.id, r.OwnerId);
        return { id: r.id, success: true, errors: [] };
      });
    },
    async query(soql: string) {
      calls.query += 1;
      const ids = [...soql.matchAll(/'([^']+)'/g)].map((m) => m[1]);
      return {
        records: ids
          .filter((id) => owners.has(id))
          .map((id) => ({ Id: id, OwnerId: owners.get(id)! })),
      };
    },
  };
  return { conn: conn as unknown as Connection, calls };
}

const lead = (i: number) => `00Q${String(i).padStart(12, '0')}AAA`;
const NEW = '00G000000000001AAA';
const OLD = '005000000000001AAA';

function journalAt(): Journal {
  const path = join(mkdtempSync(join(tmpdir(), 'apply-')), 'j.jsonl');
  return Journal.create(path, {
    type: 'start',
    version: JOURNAL_VERSION,
    phase: 'reassign',
    createdAt: '2026-01-01T00:00:00.000Z',
    orgId: '00D000000000001AAA',
    username: 'cm@example.com',
    request: {},
    plan: 'plan.csv',
  });
}

async function* changes(n: number): AsyncGenerator<OwnerChange> {
  for (let i = 1; i <= n; i += 1) yield { id: lead(i), ownerId: NEW };
}

describe('applying owner changes through sObject Collections', () => {
  it('sends 200 a call with Sforce-Auto-Assign FALSE and journals each batch before and after', async () => {
    const owners = new Map(Array.from({ length: 450 }, (_, i) => [lead(i + 1), OLD]));
    const { conn, calls } = fakeOrg(owners);
    const journal = journalAt();
    const result = await applyByCollections(conn, changes(450), journal, 'reassign', {
      countCall: () => undefined,
    });
    assert.equal(result.succeeded, 450);
    assert.equal(calls.patch, 3);
    assert.ok(calls.headers.every((h) => h['Sforce-Auto-Assign'] === 'FALSE'));
    assert.deepEqual(
      journal.entries.slice(1).map((e) => (e.type === 'batch' ? `${e.index}:${e.state}` : e.type)),
      ['0:started', '0:done', '1:started', '1:done', '2:started', '2:done'],
    );
  });

  it('after a crash mid-batch, reads owners back and sends only the rows that did not land', async () => {
    const owners = new Map(Array.from({ length: 250 }, (_, i) => [lead(i + 1), OLD]));
    const journal = journalAt();
    // The first run finished batch 0, then died after sending batch 1, which half landed.
    const first = fakeOrg(owners);
    let seen = 0;
    async function* crashing(): AsyncGenerator<OwnerChange> {
      for await (const change of changes(200)) {
        seen += 1;
        yield change;
      }
    }
    await applyByCollections(first.conn, crashing(), journal, 'reassign', {
      countCall: () => undefined,
    });
    assert.equal(seen, 200);
    const batch1 = Array.from({ length: 50 }, (_, i) => lead(201 + i));
    journal.append({ type: 'batch', phase: 'reassign', index: 1, state: 'started', ids: batch1 });
    for (const id of batch1.slice(0, 30)) owners.set(id, NEW);

    const second = fakeOrg(owners);
    const reopened = Journal.open(journal.path);
    const result = await applyByCollections(second.conn, changes(250), reopened, 'reassign', {
      countCall: () => undefined,
    });
    assert.equal(result.succeeded, 250, 'every lead ends with its planned owner');
    assert.equal(second.calls.query, 1, 'one read-back for the unsettled batch');
    assert.deepEqual(
      second.calls.patchedIds,
      batch1.slice(30),
      'only the 20 rows that had not landed are sent',
    );
    assert.ok([...owners.values()].every((o) => o === NEW));
  });

  it('sends rows that failed with UNABLE_TO_LOCK_ROW once more, and only those', async () => {
    const owners = new Map(Array.from({ length: 5 }, (_, i) => [lead(i + 1), OLD]));
    const { conn, calls } = fakeOrg(owners, new Set([lead(2), lead(4)]));
    const result = await applyByCollections(conn, changes(5), journalAt(), 'reassign', {
      countCall: () => undefined,
    });
    assert.equal(result.succeeded, 5);
    assert.equal(calls.patch, 2);
    assert.deepEqual(calls.patchedIds.slice(5), [lead(2), lead(4)]);
  });
});

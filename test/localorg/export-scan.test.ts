import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { rowidBatchSql } from '../../localorg/soql/execute.ts';
import { startTestOrg } from '../support/org.ts';

// Bulk query exports read the table in rowid batches. If the planner answers a batch through an
// index on the filter, it sorts every match again for each batch and a full export turns
// quadratic (180,000 leads: 5.7 s instead of 0.4 s with an index on IsConverted, IsDeleted and Status).
describe('Bulk query export batches', () => {
  let org: RunningLocalOrg;
  before(async () => {
    org = await startTestOrg();
  });
  after(() => org.close());

  it('walk the table in rowid order even when an index covers the filter', () => {
    const { store, queries } = org.org;
    // An index the planner would pick for these filters, as a busy org's might have.
    store.db.exec(
      'CREATE INDEX "Lead_Tempting" ON "Lead" ("IsConverted", "IsDeleted", "Status", "CreatedDate")',
    );
    store.db.exec('ANALYZE');
    const session = org.org.sessionForUser(org.admin.userId)!;
    for (const soql of [
      'SELECT Id, OwnerId FROM Lead WHERE IsConverted = false AND (Id != null)',
      "SELECT Id, Owner.Name FROM Lead WHERE IsConverted = false AND Status = 'Open - Not Contacted'",
    ]) {
      const compiled = queries.compile(session, soql);
      const plan = store
        .all(`EXPLAIN QUERY PLAN ${rowidBatchSql(compiled)}`, ...compiled.whereParams, -1, 5000)
        .map((row) => String(row.detail));
      assert.ok(
        plan.every((step) => !/TEMP B-TREE/.test(step)),
        `${soql}: no sort per batch, got ${plan.join(' | ')}`,
      );
      assert.match(plan.join(' | '), /t0 USING INTEGER PRIMARY KEY|SCAN t0/);
    }
  });

  it('still return every matching row once', () => {
    const { queries } = org.org;
    const session = org.org.sessionForUser(org.admin.userId)!;
    const compiled = queries.compile(session, 'SELECT Id FROM Lead WHERE IsConverted = false');
    const seen = new Set<string>();
    for (const batch of queries.recordBatches(compiled, 97)) {
      for (const row of batch) {
        assert.ok(!seen.has(String(row._id)), 'no row twice');
        seen.add(String(row._id));
      }
    }
    const total = org.org.store.get(
      'SELECT COUNT(*) AS n FROM "Lead" WHERE "IsConverted" = 0 AND "IsDeleted" = 0',
    );
    assert.equal(seen.size, Number(total?.n));
  });
});

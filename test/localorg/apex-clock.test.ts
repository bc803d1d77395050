/**
 * Apex reads the org's clock: System.now, Datetime.now, Date.today, System.today and
 * currentTimeMillis on a local org whose clock is pinned give that time, so Apex agrees with the
 * seeded dates and SOQL's date literals (a lead created today is 0 days old, not months).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { NOW, connect, startTestOrg } from '../support/org.ts';

describe("Apex's clock is the org's", { timeout: 120_000 }, () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startTestOrg();
    conn = connect(org);
  });
  after(() => org?.close());

  async function run(
    source: string,
  ): Promise<{ success: boolean; exceptionMessage: string | null }> {
    const result = await conn.tooling.executeAnonymous(source);
    return { success: result.success, exceptionMessage: result.exceptionMessage ?? null };
  }

  it('gives the pinned time to System.now, Datetime.now and currentTimeMillis', async () => {
    const millis = NOW.getTime();
    assert.deepEqual(
      await run(`
        Datetime pinned = Datetime.newInstanceGmt(2026, 1, 10, 19, 31, 8);
        Assert.areEqual(pinned, System.now());
        Assert.areEqual(pinned, Datetime.now());
        Assert.areEqual(${millis}L, System.currentTimeMillis());`),
      { success: true, exceptionMessage: null },
    );
  });

  it('gives the pinned day to Date.today and System.today, the same day SOQL calls TODAY', async () => {
    assert.deepEqual(
      await run(`
        Assert.areEqual(Date.newInstance(2026, 1, 10), Date.today());
        Assert.areEqual(Date.today(), System.today());
        Lead fresh = new Lead(LastName = 'Clock', Company = 'Clock Co');
        insert fresh;
        Assert.areEqual(1, [SELECT COUNT() FROM Lead WHERE Id = :fresh.Id AND CreatedDate = TODAY]);
        Lead stored = [SELECT CreatedDate FROM Lead WHERE Id = :fresh.Id];
        Assert.areEqual(Date.today(), stored.CreatedDate.dateGmt());`),
      { success: true, exceptionMessage: null },
    );
  });
});

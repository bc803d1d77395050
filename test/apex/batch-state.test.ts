/**
 * Batch Apex state between transactions (Apex Developer Guide, "Using Batch Apex", "Using State in
 * Batch Apex"): without Database.Stateful every execute() and finish() starts from the job object
 * as it was queued, members of every kind (lists, sets, maps, sObjects, other objects) included;
 * with Database.Stateful instance members carry over. A start() may return an Iterable of its own.
 * The jobs run in the org's background after the queuing transaction commits.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { harnessOf, loadClasses, newHarnessRuntime, runAnonymous } from './harness.ts';

// Each execute() records what its members held when it started, then adds the chunk to them;
// finish() records the same. The Note is a plain object member.
const body = (name: string, stateful: boolean) => `
public class ${name} implements Database.Batchable<Object>${stateful ? ', Database.Stateful' : ''} {
    public class Note { public Integer count = 0; }
    List<Object> seen = new List<Object>{ 0 };
    Set<Object> seenSet = new Set<Object>();
    Map<String, Integer> tally = new Map<String, Integer>();
    Account lastAccount = new Account(Name = 'start');
    Note note = new Note();
    public Iterable<Object> start(Database.BatchableContext bc) {
        return new Counter(4);
    }
    public void execute(Database.BatchableContext bc, List<Object> scope) {
        record('execute');
        seen.addAll(scope);
        seenSet.addAll(scope);
        tally.put('chunks', tally.containsKey('chunks') ? tally.get('chunks') + 1 : 1);
        lastAccount.Name = 'chunk ' + (Integer) scope[0];
        note.count += scope.size();
    }
    public void finish(Database.BatchableContext bc) {
        record('finish');
    }
    private void record(String phase) {
        insert new Account(Name = '${name} ' + phase + ': ' + seen.size() + ' ' + seenSet.size() + ' '
            + tally.get('chunks') + ' ' + lastAccount.Name + ' ' + note.count);
    }
}`;

// An Iterable of the program's own: 1..n through an Iterator.
const counter = `
public class Counter implements Iterable<Object> {
    Integer n;
    public Counter(Integer n) { this.n = n; }
    public Iterator<Object> iterator() { return new CounterIterator(n); }
}`;
const counterIterator = `
public class CounterIterator implements Iterator<Object> {
    Integer n;
    Integer next = 1;
    public CounterIterator(Integer n) { this.n = n; }
    public Boolean hasNext() { return next <= n; }
    public Object next() { return next++; }
}`;

async function runBatch(name: string, stateful: boolean): Promise<string[]> {
  const runtime = newHarnessRuntime();
  loadClasses(runtime, [
    { name: 'Counter', body: counter },
    { name: 'CounterIterator', body: counterIterator },
    { name, body: body(name, stateful) },
  ]);
  const queued = runAnonymous(`Database.executeBatch(new ${name}(), 2);`, runtime);
  assert.equal(queued.error, null);
  const harness = harnessOf(runtime);
  await harness.service.batches.idle();
  const job = harness.org.store.get(
    `SELECT "Status", "JobItemsProcessed", "TotalJobItems", "NumberOfErrors" FROM "AsyncApexJob" WHERE "ApexClassName" = ?`,
    name,
  );
  assert.deepEqual(
    { ...job },
    { Status: 'Completed', JobItemsProcessed: 2, TotalJobItems: 2, NumberOfErrors: 0 },
  );
  return harness.org.store
    .all(`SELECT "Name" FROM "Account" ORDER BY "CreatedDate", "Id"`)
    .map((row) => String(row.Name));
}

describe('Batch Apex state between transactions', () => {
  it('without Database.Stateful each execute() and finish() gets the job as it was queued', async () => {
    assert.deepEqual(await runBatch('FreshBatch', false), [
      'FreshBatch execute: 1 0 null start 0',
      'FreshBatch execute: 1 0 null start 0',
      'FreshBatch finish: 1 0 null start 0',
    ]);
  });

  it('with Database.Stateful the members carry over from chunk to chunk and into finish()', async () => {
    assert.deepEqual(await runBatch('KeptBatch', true), [
      'KeptBatch execute: 1 0 null start 0',
      'KeptBatch execute: 3 2 1 chunk 1 2',
      'KeptBatch finish: 5 4 2 chunk 3 4',
    ]);
  });

  it('hands execute() its chunk as the List<T> it declares (Database.Batchable<Integer>)', async () => {
    const runtime = newHarnessRuntime();
    loadClasses(runtime, [
      {
        name: 'SquareBatch',
        body: `
public class SquareBatch implements Database.Batchable<Integer> {
    public Iterable<Integer> start(Database.BatchableContext bc) {
        return new List<Integer>{ 2, 3, 4 };
    }
    public void execute(Database.BatchableContext bc, List<Integer> scope) {
        Integer sum = 0;
        for (Integer n : scope) sum += n * n;
        insert new Account(Name = 'squares ' + sum);
    }
    public void finish(Database.BatchableContext bc) {}
}`,
      },
    ]);
    assert.equal(runAnonymous('Database.executeBatch(new SquareBatch(), 2);', runtime).error, null);
    const harness = harnessOf(runtime);
    await harness.service.batches.idle();
    const job = harness.org.store.get(
      `SELECT "NumberOfErrors", "ExtendedStatus" FROM "AsyncApexJob" WHERE "ApexClassName" = 'SquareBatch'`,
    );
    assert.deepEqual({ ...job }, { NumberOfErrors: 0, ExtendedStatus: null });
    assert.deepEqual(
      harness.org.store
        .all(
          `SELECT "Name" FROM "Account" WHERE "Name" LIKE 'squares %' ORDER BY "CreatedDate", "Id"`,
        )
        .map((row) => String(row.Name)),
      ['squares 13', 'squares 16'],
    );
  });
});

/**
 * Planted defects (test/apex/planted): `npm run test:apex` run on the package plus a test class
 * with one defect per method must fail, naming each defect with the platform's message and the
 * Apex stack trace, while the package's own tests still pass.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';

const ROOT = join(import.meta.dirname, '..', '..');
const PLANTED = join(import.meta.dirname, 'planted', 'force-app');

describe('npm run test:apex with planted defects', () => {
  let exitCode = 0;
  let output = '';
  before(async () => {
    try {
      const result = await promisify(execFile)(
        process.execPath,
        ['scripts/test-apex.ts', '--source', 'force-app', '--source', PLANTED],
        { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
      );
      output = result.stdout;
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      exitCode = failed.code;
      output = failed.stdout;
    }
  });

  /** The failure report of one method: its message and first stack line. */
  function failure(method: string): { message: string; trace: string } {
    const lines = output.split('\n');
    const at = lines.findIndex((l) => l.startsWith(`  ✖ ${method} (`));
    assert.ok(at >= 0, `${method} is reported as failing:\n${output}`);
    return { message: lines[at + 1].trim(), trace: lines[at + 2].trim() };
  }

  it('fails the run', () => {
    assert.equal(exitCode, 1);
    assert.match(output, /Apex tests: \d+ passed, 7 failed \(1 @TestSetup failed\);/);
  });

  it('fails every method of a class whose @TestSetup fails, with the setup error, and counts methods only', () => {
    const setup = failure('leadWithoutLastName (@TestSetup)');
    assert.match(
      setup.message,
      /^System\.DmlException: Insert failed\. First exception on row 0; first error: REQUIRED_FIELD_MISSING/,
    );
    for (const method of ['firstMethodAfterAFailedSetup', 'secondMethodAfterAFailedSetup'])
      assert.equal(failure(method).message, setup.message);
    const [, passed] = /Apex tests: (\d+) passed/.exec(output)!;
    const passing = output
      .split('\n')
      .filter((l) => l.startsWith('  ✔ ') && !l.includes('(@TestSetup)'));
    assert.equal(Number(passed), passing.length);
  });

  it('reports a wrong assertion with its message and line', () => {
    assert.deepEqual(failure('wrongAssertion'), {
      message:
        'System.AssertException: Assertion Failed: Two leads are expected: Expected: 2, Actual: 3',
      trace: 'Class.PlantedDefectsTest.wrongAssertion: line 7, column 12',
    });
  });

  it('stops the 101st query of a transaction', () => {
    const { message, trace } = failure('queriesInALoop');
    assert.equal(message, 'System.LimitException: Too many SOQL queries: 101');
    assert.match(trace, /^Class\.PlantedDefectsTest\.queriesInALoop: line 14, column \d+$/);
    assert.match(output, /✖ queriesInALoop \(\d+ ms, \d+ statements, 101 queries, 0 DML\)/);
  });

  it('refuses a field nobody may read in user mode', () => {
    assert.deepEqual(failure('unreadableFieldInUserMode'), {
      message:
        'System.QueryException: Insufficient permissions: secure query included inaccessible field',
      trace: 'Class.PlantedDefectsTest.unreadableFieldInUserMode: line 21, column 5',
    });
  });

  it('fails on an uncaught exception after DML, which the next method does not see', () => {
    assert.deepEqual(failure('uncaughtExceptionAfterDml'), {
      message: 'System.NullPointerException: Attempt to de-reference a null object',
      trace: 'Class.PlantedDefectsTest.uncaughtExceptionAfterDml: line 29, column 5',
    });
    assert.match(output, /✔ rolledBackBetweenMethods/);
  });

  it('refuses a test that runs more than one chunk of a batch', () => {
    const { message, trace } = failure('batchWithTwoChunksInATest');
    assert.match(
      message,
      /^System\.UnexpectedException: No more than one executeBatch can be called from within a test method\./,
    );
    assert.match(
      trace,
      /^Class\.PlantedDefectsTest\.batchWithTwoChunksInATest: line 38, column \d+$/,
    );
  });

  it("still passes every one of the package's own tests", () => {
    const failing = output.split('\n').filter((l) => l.startsWith('  ✖ '));
    assert.deepEqual(failing.map((l) => l.split(' (')[0].slice(4)).sort(), [
      'batchWithTwoChunksInATest',
      'firstMethodAfterAFailedSetup',
      'leadWithoutLastName',
      'queriesInALoop',
      'secondMethodAfterAFailedSetup',
      'uncaughtExceptionAfterDml',
      'unreadableFieldInUserMode',
      'wrongAssertion',
    ]);
  });
});

/**
 * `sf apex run` (anonymous Apex, the SOAP executeAnonymous call) from the real sf CLI against the
 * local org: the debug log comes back, a compile error names its line and column, an uncaught
 * exception reports its message and stack trace and rolls back the block's DML.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connect, startTestOrg } from '../support/org.ts';
import { cliEnv, run, sfLogin } from '../support/cli.ts';

const SF = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'sf');
const ALIAS = 'apex-run';

interface ApexRunResult {
  success: boolean;
  compiled: boolean;
  compileProblem: string;
  exceptionMessage: string;
  exceptionStackTrace: string;
  line: number | string;
  column: number | string;
  logs: string;
}

/** sf's JSON: the result on success, the same fields under `data` when the block failed. */
interface ApexRunJson {
  status: number;
  result: ApexRunResult;
}

describe('sf apex run against the local org', () => {
  let org: RunningLocalOrg;
  let env: NodeJS.ProcessEnv;
  let dir: string;

  before(async () => {
    org = await startTestOrg({ seed: 'none' });
    env = cliEnv();
    await sfLogin(env, org.url, org.admin.accessToken, ALIAS);
    dir = await mkdtemp(join(tmpdir(), 'apex-run-'));
  });
  after(async () => {
    await org.close();
    await rm(dir, { recursive: true, force: true });
    await rm(env.HOME!, { recursive: true, force: true });
  });

  async function apexRun(name: string, source: string): Promise<ApexRunJson> {
    const file = join(dir, name);
    await writeFile(file, source);
    const result = await run(
      process.execPath,
      [SF, 'apex', 'run', '-f', file, '-o', ALIAS, '--json'],
      env,
      dir,
    );
    const json = JSON.parse(result.stdout) as {
      status: number;
      result?: ApexRunResult;
      data?: ApexRunResult;
    };
    return { status: json.status, result: (json.result ?? json.data)! };
  }

  async function accountsNamed(name: string): Promise<number> {
    return (await connect(org).query(`SELECT Id FROM Account WHERE Name = '${name}'`)).totalSize;
  }

  it('runs the block, commits its DML and returns the debug log', async () => {
    const out = await apexRun(
      'ok.apex',
      "insert new Account(Name = 'From sf apex run');\nSystem.debug('inserted ' + [SELECT COUNT() FROM Account]);\n",
    );
    assert.equal(out.status, 0);
    assert.equal(out.result.success, true);
    assert.equal(out.result.compiled, true);
    assert.match(out.result.logs, /\|USER_DEBUG\|\[2\]\|DEBUG\|inserted 1/);
    assert.equal(await accountsNamed('From sf apex run'), 1);
  });

  it('reports a compile error with its line and column, and runs nothing', async () => {
    const out = await apexRun(
      'broken.apex',
      "insert new Account(Name = 'Never');\nInteger x = 'text';\n",
    );
    assert.equal(out.result.compiled, false);
    assert.equal(out.result.success, false);
    assert.equal(Number(out.result.line), 2);
    assert.match(out.result.compileProblem, /Illegal assignment from String to Integer/);
    assert.equal(await accountsNamed('Never'), 0);
  });

  it('reports an uncaught exception with its stack trace and rolls back', async () => {
    const out = await apexRun(
      'throws.apex',
      "insert new Account(Name = 'Rolled back');\nList<Integer> xs = new List<Integer>();\nSystem.debug(xs[0]);\n",
    );
    assert.equal(out.result.compiled, true);
    assert.equal(out.result.success, false);
    assert.equal(out.result.exceptionMessage, 'System.ListException: List index out of bounds: 0');
    assert.equal(out.result.exceptionStackTrace, 'AnonymousBlock: line 3, column 1');
    assert.equal(await accountsNamed('Rolled back'), 0);
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { bulkOptions } from '../../localorg/bulk/cli.ts';
import { bulkSettingsFromEnv } from '../../localorg/bulk/settings.ts';
import { faultOptions } from '../../localorg/faults/cli.ts';
import { FaultInjector } from '../../localorg/faults/injector.ts';
import { faultSpecsFromEnv, parseFaultSpec } from '../../localorg/faults/spec.ts';
import { standardCatalog } from '../../localorg/catalog/index.ts';
import { Store } from '../../localorg/store/store.ts';

const CLI = join(import.meta.dirname, '..', '..', 'scripts', 'channelkit.ts');

describe('fault specs', () => {
  it('parses every kind', () => {
    assert.deepEqual(parseFaultSpec('latency=200'), { kind: 'latency', minMs: 200, maxMs: 200 });
    assert.deepEqual(parseFaultSpec('latency=100-300'), {
      kind: 'latency',
      minMs: 100,
      maxMs: 300,
    });
    const fiveXx = parseFaultSpec('5xx=GET:/services/data/*/query*:0.3');
    assert.equal(fiveXx.kind, '5xx');
    if (fiveXx.kind === '5xx') {
      assert.equal(fiveXx.target.method, 'GET');
      assert.equal(fiveXx.rate, 0.3);
      assert.equal(fiveXx.status, 503);
      assert.ok(fiveXx.target.pattern.test('/services/data/v62.0/query'));
      assert.ok(fiveXx.target.pattern.test('/services/data/v51.0/queryAll/0r8-2000'));
      assert.ok(!fiveXx.target.pattern.test('/services/data/v62.0/sobjects'));
    }
    const withStatus = parseFaultSpec('5xx=/services/oauth2/token:1:500');
    assert.ok(
      withStatus.kind === '5xx' && withStatus.status === 500 && withStatus.target.method === null,
    );
    const everywhere = parseFaultSpec('reset=0.05');
    assert.ok(
      everywhere.kind === 'reset' && everywhere.rate === 0.05 && everywhere.target.path === '*',
    );
    assert.deepEqual(parseFaultSpec('expire-sessions'), {
      kind: 'expire-sessions',
      everyMs: 60_000,
    });
    assert.deepEqual(parseFaultSpec('expire-sessions=30s'), {
      kind: 'expire-sessions',
      everyMs: 30_000,
    });
    assert.deepEqual(parseFaultSpec('lock-rows=0.01'), { kind: 'lock-rows', rate: 0.01 });
    assert.deepEqual(parseFaultSpec('fail-bulk-job'), {
      kind: 'fail-bulk-job',
      jobs: 'all',
      afterBatches: 0,
    });
    assert.deepEqual(parseFaultSpec('fail-bulk-job=ingest:3'), {
      kind: 'fail-bulk-job',
      jobs: 'ingest',
      afterBatches: 3,
    });
    assert.deepEqual(faultSpecsFromEnv(' latency=5; lock-rows=0.1  reset=0.2 '), [
      'latency=5',
      'lock-rows=0.1',
      'reset=0.2',
    ]);
  });

  it('refuses bad values with the syntax in the message', () => {
    for (const bad of [
      'slow=1',
      'latency',
      'latency=fast',
      'latency=300-100',
      '5xx',
      '5xx=GET:/x:1.5',
      '5xx=GET:/x:0.5:404',
      '5xx=GET:nopath:0.5',
      'reset=-1',
      'lock-rows',
      'lock-rows=2',
      'expire-sessions=soon',
      'fail-bulk-job=batch',
      'fail-bulk-job=ingest:x',
    ]) {
      assert.throws(() => parseFaultSpec(bad), /invalid fault .*\(faults: latency=/, bad);
    }
  });

  it('draws the same faults from the same seed', () => {
    const draws = (seed: number) => {
      const store = new Store(':memory:', standardCatalog());
      const faults = new FaultInjector(['lock-rows=0.2'], { store, seed });
      const out = Array.from({ length: 200 }, (_, i) => faults.lockContention(String(i)));
      store.close();
      return out;
    };
    assert.deepEqual(draws(5), draws(5));
    assert.notDeepEqual(draws(5), draws(6));
    const hits = draws(5).filter(Boolean).length;
    assert.ok(hits > 20 && hits < 70, `${hits} of 200 at 0.2`);
  });
});

describe('Bulk and fault settings from flags and variables', () => {
  it('reads LOCALORG_BULK_* and refuses bad values naming the variable', () => {
    assert.deepEqual(
      bulkSettingsFromEnv({
        LOCALORG_BULK_RATE: '250',
        LOCALORG_BULK_PAGE_SIZE: '1000',
        LOCALORG_BULK_REPEAT_HEADER: 'false',
      }),
      { recordsPerSecond: 250, queryPageSize: 1000, repeatHeader: false },
    );
    assert.throws(
      () => bulkSettingsFromEnv({ LOCALORG_BULK_PAGE_SIZE: '0' }),
      /LOCALORG_BULK_PAGE_SIZE/,
    );
    assert.throws(() => bulkSettingsFromEnv({ LOCALORG_BULK_RATE: 'x' }), /LOCALORG_BULK_RATE/);
    assert.throws(
      () => bulkSettingsFromEnv({ LOCALORG_BULK_REPEAT_HEADER: 'maybe' }),
      /LOCALORG_BULK_REPEAT_HEADER/,
    );
    assert.deepEqual(bulkOptions({ bulkRate: 10 }, { LOCALORG_BULK_RATE: '99' }), {
      recordsPerSecond: 10,
    });
  });

  it('combines LOCALORG_FAULTS with --fault and refuses a bad seed', () => {
    assert.deepEqual(
      faultOptions(
        { fault: ['latency=5'] },
        { LOCALORG_FAULTS: 'reset=0.1', LOCALORG_FAULT_SEED: '9' },
      ),
      { faults: ['reset=0.1', 'latency=5'], faultSeed: 9 },
    );
    assert.throws(() => faultOptions({}, { LOCALORG_FAULT_SEED: '-1' }), /LOCALORG_FAULT_SEED/);
    assert.throws(() => faultOptions({}, { LOCALORG_FAULTS: 'nope' }), /LOCALORG_FAULTS/);
  });
});

describe('org local fault and Bulk flags', { concurrency: true }, () => {
  const start = (args: string[], env: Record<string, string> = {}) =>
    spawn(process.execPath, [CLI, 'org', 'local', '--memory', '--seed', 'none', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });

  it('exits 2 on a bad --fault value or LOCALORG_FAULTS', async () => {
    // Each start loads the whole CLI (seconds on two cores): one flag and one variable here; the
    // parsers behind the other flags and variables are covered directly below.
    const cases: [string[], Record<string, string>][] = [
      [['--fault', 'latency=soon'], {}],
      [['--bulk-rate', '500'], { LOCALORG_FAULTS: 'lock-rows=7' }],
    ];
    await Promise.all(
      cases.map(async ([args, env]) => {
        const child = start(args, env);
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const [code] = (await once(child, 'exit')) as [number | null];
        assert.equal(code, 2, `${args.join(' ')} ${JSON.stringify(env)}`);
        assert.match(stderr, /error: /);
      }),
    );
  });

  it('starts with faults and Bulk settings from flags and the environment', async () => {
    const child = start(['--fault', 'latency=20', '--bulk-rate', '500'], {
      LOCALORG_FAULTS: 'lock-rows=0.5',
      LOCALORG_BULK_REPEAT_HEADER: 'false',
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const ready = JSON.parse(line) as { instanceUrl: string };
    const started = performance.now();
    await (await fetch(`${ready.instanceUrl}/services/data`)).text();
    assert.ok(performance.now() - started >= 18);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
    assert.match(stderr, /faults: lock-rows, latency/);
  });
});

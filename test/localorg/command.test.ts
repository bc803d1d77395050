import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';

const CLI = join(import.meta.dirname, '..', '..', 'scripts', 'channelkit.ts');

describe('channelkit org local', () => {
  it('prints one JSON line when ready, serves the org, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [CLI, 'org', 'local', '--memory', '--seed', 'none', '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout });
    const [line] = (await once(lines, 'line')) as [string];
    const ready = JSON.parse(line) as Record<string, string>;
    assert.deepEqual(Object.keys(ready), ['instanceUrl', 'accessToken', 'username', 'orgId']);
    assert.match(ready.instanceUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(ready.accessToken, /^00D[0-9A-Za-z]{12}!AQ/);
    assert.match(ready.orgId, /^00D[0-9A-Za-z]{15}$/);
    const res = await fetch(
      `${ready.instanceUrl}/services/data/v62.0/query?q=SELECT+Username+FROM+User`,
      {
        headers: { Authorization: `Bearer ${ready.accessToken}` },
      },
    );
    const body = (await res.json()) as { records: { Username: string }[] };
    assert.deepEqual(
      body.records.map((r) => r.Username),
      [ready.username],
    );
    let extra = '';
    lines.on('line', (l) => (extra += l));
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
    assert.equal(extra, '', 'only one line on stdout');
    assert.match(stderr, /listening on/);
    assert.ok(!stderr.includes(ready.accessToken), 'logs never include tokens');
  });

  it('exits 2 with a clear message on bad flags', async () => {
    const cases = [
      ['--port', 'eighty'],
      ['--memory', '--data', 'x'],
      ['--seed', 'lots'],
    ];
    await Promise.all(
      cases.map(async (args) => {
        const child = spawn(process.execPath, [CLI, 'org', 'local', ...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const [code] = (await once(child, 'exit')) as [number | null];
        assert.equal(code, 2, args.join(' '));
        assert.match(stderr, /error: option/);
      }),
    );
  });
});

/**
 * The doc-silent choices (localorg/choices.ts): the registry is complete and agrees with the
 * README; `--choice` and `LOCALORG_CHOICES` refuse bad names and values with exit 2 and start an
 * org with good ones; and both sides of every switch, each seen by the real client where there is
 * one (jsforce for SOQL, composite and the Metadata API, the sf CLI for retrieve), else raw HTTP.
 * One org runs every default, the other every alternative; each assertion pair would fail if
 * its switch did nothing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import {
  CHOICES,
  CHOICE_NAMES,
  ChoiceError,
  choiceSpecsFromEnv,
  parseChoice,
  resolveChoices,
  valuesOf,
} from '../../localorg/choices.ts';
import type { ChoiceSettings } from '../../localorg/choices.ts';
import { choiceOptions } from '../../localorg/choicesCli.ts';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { startLocalOrg } from '../../localorg/main.ts';
import { writeProject } from './fixtures/metadata/project.ts';
import { CHANNELKIT, cliEnv, run, sfLogin } from '../support/cli.ts';
import { connect, startTestOrg } from '../support/org.ts';
import { api } from '../support/query.ts';
import { waitFor } from '../support/wait.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SF = join(ROOT, 'node_modules', '.bin', 'sf');

/** Every choice set to its first value other than the default. */
const ALTERNATIVES = Object.fromEntries(
  CHOICE_NAMES.map((name) => [name, valuesOf(name).find((v) => v !== CHOICES[name].default)]),
) as ChoiceSettings;

describe('the registry of doc-silent choices', () => {
  it('gives each choice a summary, the docs it is silent in, evidence, a default and an alternative', () => {
    assert.ok(CHOICE_NAMES.length >= 5);
    for (const name of CHOICE_NAMES) {
      const def = CHOICES[name];
      assert.match(name, /^[a-z]+(?:-[a-z]+)+$/);
      assert.ok(def.summary.length > 20, name);
      assert.ok(def.evidence.length > 20, name);
      assert.ok(def.silentIn.length > 0, name);
      for (const url of def.silentIn) {
        assert.match(
          url,
          /^https:\/\/developer\.salesforce\.com\/docs\/atlas\.en-us\.[a-z_]+\.meta\/[a-z_]+\/[a-z_]+\.htm$/,
        );
      }
      assert.ok(valuesOf(name).includes(def.default), name);
      assert.ok(valuesOf(name).length >= 2, `${name} has an alternative`);
    }
  });

  it('resolves the defaults, and refuses a bad name or value naming the valid ones', () => {
    const defaults = resolveChoices();
    for (const name of CHOICE_NAMES) assert.equal(defaults[name], CHOICES[name].default);
    assert.equal(resolveChoices({ 'retrieve-missing': 'fail' })['retrieve-missing'], 'fail');
    assert.throws(
      () => resolveChoices({ 'no-such-choice': 'x' }),
      (error: Error) =>
        error instanceof ChoiceError &&
        CHOICE_NAMES.every((n) => error.message.includes(n)) &&
        error.message.includes("'no-such-choice'"),
    );
    assert.throws(
      () => resolveChoices({ 'typeof-unmatched': 'maybe' }),
      /invalid value 'maybe' for choice 'typeof-unmatched': use attributes or null/,
    );
    assert.deepEqual(parseChoice('retrieve-missing=fail'), ['retrieve-missing', 'fail']);
    assert.throws(() => parseChoice('retrieve-missing'), /write NAME=VALUE/);
    assert.deepEqual(choiceSpecsFromEnv(' a=b;c=d  e=f '), ['a=b', 'c=d', 'e=f']);
  });

  it('takes LOCALORG_CHOICES, and the flags over it', () => {
    assert.deepEqual(
      choiceOptions(
        { choice: ['retrieve-missing=warning'] },
        { LOCALORG_CHOICES: 'retrieve-missing=fail; typeof-unmatched=null' },
      ),
      { choices: { 'retrieve-missing': 'warning', 'typeof-unmatched': 'null' } },
    );
    assert.throws(
      () => choiceOptions({}, { LOCALORG_CHOICES: 'typeof-unmatched=maybe' }),
      /^Error: LOCALORG_CHOICES: invalid value 'maybe'/,
    );
  });

  it('startLocalOrg refuses a bad choice before it opens anything', async () => {
    await assert.rejects(
      startLocalOrg({ memory: true, choices: { nope: 'x' } as ChoiceSettings }),
      /unknown choice 'nope'/,
    );
  });

  it("is listed in the README's local org section, every choice with all its values", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('- **`channelkit org local');
    const end = readme.indexOf('- **`channelkit deploy');
    assert.ok(start > 0 && end > start, 'the local org section is where it was');
    const section = readme.slice(start, end);
    assert.match(section, /--choice NAME=VALUE/);
    assert.match(section, /LOCALORG_CHOICES/);
    assert.match(section, /localorg\/choices\.ts/);
    // One list item per choice: `name`: `default` (default) or `alternative`...
    const items = [...section.matchAll(/^ {2}- `([a-z-]+)`: ([^\n]*(?:\n {4}[^\n]*)*)/gm)];
    assert.deepEqual(
      items.map((m) => m[1]),
      CHOICE_NAMES,
      'the README lists exactly the registered choices, in order',
    );
    for (const [, name, text] of items) {
      const choice = CHOICES[name as keyof typeof CHOICES];
      assert.ok(
        text.startsWith(`\`${choice.default}\` (default`),
        `${name}: the default comes first`,
      );
      for (const value of valuesOf(name as keyof typeof CHOICES)) {
        assert.ok(text.includes(`\`${value}\``), `${name}: the README names ${value}`);
      }
    }
  });
});

describe('channelkit org local --choice', { concurrency: true }, () => {
  const start = (args: string[], env: Record<string, string> = {}) =>
    spawn(process.execPath, [CHANNELKIT, 'org', 'local', '--memory', '--seed', 'none', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });

  it('exits 2 on a bad name, a bad value or a bad LOCALORG_CHOICES, naming the valid ones', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [
        ['--choice', 'nope=1'],
        {},
        /unknown choice 'nope' \(choices: describe-last-modified=send\|omit/,
      ],
      [['--choice', 'retrieve-missing=maybe'], {}, /use warning or fail/],
      [
        [],
        { LOCALORG_CHOICES: 'typeof-unmatched=maybe' },
        /LOCALORG_CHOICES: .*use attributes or null/,
      ],
    ];
    await Promise.all(
      cases.map(async ([args, env, message]) => {
        const child = start(args, env);
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const [code] = (await once(child, 'exit')) as [number | null];
        assert.equal(code, 2, `${args.join(' ')} ${JSON.stringify(env)}`);
        assert.match(stderr, message);
      }),
    );
  });

  it('starts with choices from the flag and the environment, and serves them', async () => {
    const child = start(['--choice', 'describe-last-modified=omit'], {
      LOCALORG_CHOICES: 'http-method-override=any',
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const ready = JSON.parse(line) as { instanceUrl: string; accessToken: string };
    const describe = await fetch(
      `${ready.instanceUrl}/services/data/v62.0/sobjects/Account/describe`,
      {
        headers: { Authorization: `Bearer ${ready.accessToken}` },
      },
    );
    await describe.text();
    assert.equal(describe.status, 200);
    assert.equal(describe.headers.get('last-modified'), null);
    const overridden = await fetch(
      `${ready.instanceUrl}/services/data/v62.0/sobjects/Account/describe?_HttpMethod=GET`,
      { method: 'POST', headers: { Authorization: `Bearer ${ready.accessToken}` } },
    );
    await overridden.text();
    assert.equal(overridden.status, 200);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
    assert.match(stderr, /choices: describe-last-modified=omit, http-method-override=any/);
  });
});

describe('both sides of every choice', () => {
  let base: RunningLocalOrg;
  let other: RunningLocalOrg;
  let baseConn: Connection;
  let otherConn: Connection;

  before(async () => {
    [base, other] = await Promise.all([
      // Two identities, so the sf CLI keeps both logins apart.
      startTestOrg({ seed: 'none', identity: 'fresh' }),
      startTestOrg({ seed: 'none', identity: 'fresh', choices: ALTERNATIVES }),
    ]);
    baseConn = connect(base);
    otherConn = connect(other);
  });
  after(async () => {
    await Promise.all([base.close(), other.close()]);
  });

  const both = (): [string, RunningLocalOrg, Connection][] => [
    ['default', base, baseConn],
    ['alternative', other, otherConn],
  ];

  it('describe-last-modified: send answers Last-Modified (and a client can send it back), omit does not', async () => {
    const describe = '/services/data/v62.0/sobjects/Account/describe';
    const sent = await api(base, describe);
    const lastModified = sent.headers.get('last-modified');
    assert.ok(lastModified && !Number.isNaN(Date.parse(lastModified)), String(lastModified));
    const again = await api(base, describe, { headers: { 'If-Modified-Since': lastModified } });
    assert.equal(again.status, 304);
    assert.equal(again.headers.get('last-modified'), lastModified);
    const global = await api(base, '/services/data/v62.0/sobjects');
    assert.ok(global.headers.get('last-modified'));

    const omitted = await api(other, describe);
    assert.equal(omitted.status, 200);
    assert.equal(omitted.headers.get('last-modified'), null);
    assert.equal(
      (await api(other, '/services/data/v62.0/sobjects')).headers.get('last-modified'),
      null,
    );
    // Conditional requests still work with the client's own date.
    const conditional = await api(other, describe, {
      headers: { 'If-Modified-Since': new Date(Date.now() + 60_000).toUTCString() },
    });
    assert.equal(conditional.status, 304);
  });

  it('describe-bad-if-modified-since: ignore answers in full, reject answers 400', async () => {
    const headers = { 'If-Modified-Since': 'last Tuesday' };
    for (const path of [
      '/services/data/v62.0/sobjects/Account/describe',
      '/services/data/v62.0/sobjects',
    ]) {
      const ignored = await api(base, path, { headers });
      assert.equal(ignored.status, 200, path);
      assert.ok(ignored.body, path);
      const rejected = await api(other, path, { headers });
      assert.equal(rejected.status, 400, path);
      assert.deepEqual(rejected.body, [
        {
          errorCode: 'INVALID_HEADER_TYPE',
          message:
            "If-Modified-Since: 'last Tuesday' is not a date in the format EEE, dd MMM yyyy HH:mm:ss z",
        },
      ]);
    }
  });

  it('http-method-override: patch serves only PATCH, any serves DELETE and GET on a POST too', async () => {
    for (const [side, org, conn] of both()) {
      const created = (await conn.sobject('Account').create({ Name: `Override ${side}` })) as {
        id: string;
      };
      const path = `/services/data/v62.0/sobjects/Account/${created.id}`;
      // PATCH is documented: both sides serve it.
      const patched = await api(org, `${path}?_HttpMethod=PATCH`, {
        method: 'POST',
        body: JSON.stringify({ BillingCity: 'Lyon' }),
      });
      assert.equal(patched.status, 204, side);
      const read = await api(org, `${path}?_HttpMethod=get`, { method: 'POST' });
      const deleted = await api(org, `${path}?_HttpMethod=DELETE`, { method: 'POST' });
      const exists = await conn.query(`SELECT Id FROM Account WHERE Id = '${created.id}'`);
      if (side === 'default') {
        assert.equal(read.status, 405, side);
        assert.equal(deleted.status, 405, side);
        assert.equal(exists.totalSize, 1, 'the default deletes nothing');
      } else {
        assert.equal(read.status, 200, side);
        assert.equal((read.body as { BillingCity: string }).BillingCity, 'Lyon');
        assert.equal(deleted.status, 204, side);
        assert.equal(exists.totalSize, 0, 'any deletes the record');
      }
      // Another verb keeps its own on both sides.
      const get = await api(org, `${path}?_HttpMethod=DELETE`);
      assert.equal(get.status, side === 'default' ? 200 : 404, side);
    }
  });

  it('composite-unsupported-resource: subrequest fails that subrequest, request fails the whole request', async () => {
    const body = {
      compositeRequest: [
        {
          method: 'POST',
          url: '/services/data/v62.0/sobjects/Account',
          referenceId: 'account',
          body: { Name: 'Composite choice' },
        },
        { method: 'GET', url: '/services/data/v62.0/limits', referenceId: 'limits' },
      ],
    };
    const answered = (await baseConn.requestPost('/composite', body)) as {
      compositeResponse: { httpStatusCode: number; referenceId: string; body: unknown }[];
    };
    assert.deepEqual(
      answered.compositeResponse.map((r) => [r.referenceId, r.httpStatusCode]),
      [
        ['account', 201],
        ['limits', 400],
      ],
    );
    assert.deepEqual(answered.compositeResponse[1].body, [
      {
        errorCode: 'PROCESSING_HALTED',
        message: 'Resource /services/data/v62.0/limits is not supported in a composite request.',
      },
    ]);

    await assert.rejects(
      otherConn.requestPost('/composite', body),
      (error: Error & { errorCode?: string }) => {
        assert.equal(error.errorCode, 'INVALID_INPUT');
        assert.match(
          error.message,
          /Resource \/services\/data\/v62\.0\/limits in subrequest 'limits' is not supported/,
        );
        return true;
      },
    );
    const created = await otherConn.query("SELECT Id FROM Account WHERE Name = 'Composite choice'");
    assert.equal(created.totalSize, 0, 'nothing ran');
  });

  it('typeof-unmatched: attributes keeps the related record with its attributes, null answers null', async () => {
    for (const [side, , conn] of both()) {
      await conn.sobject('Lead').create({ LastName: `Typeof ${side}`, Company: 'Choice Co' });
      const unmatched = await conn.query<{ Owner: Record<string, unknown> | null }>(
        `SELECT Id, TYPEOF Owner WHEN Group THEN Name END FROM Lead WHERE LastName = 'Typeof ${side}'`,
      );
      const owner = unmatched.records[0].Owner;
      if (side === 'default') {
        assert.ok(owner, side);
        assert.deepEqual(Object.keys(owner), ['attributes']);
        assert.equal((owner.attributes as { type: string }).type, 'User');
      } else {
        assert.equal(owner, null, side);
      }
      // A branch that covers the type answers its fields on both sides.
      const matched = await conn.query<{ Owner: Record<string, unknown> }>(
        `SELECT Id, TYPEOF Owner WHEN User THEN Username END FROM Lead WHERE LastName = 'Typeof ${side}'`,
      );
      assert.match(String(matched.records[0].Owner.Username), /@/, side);
      const otherwise = await conn.query<{ Owner: Record<string, unknown> }>(
        `SELECT Id, TYPEOF Owner WHEN Group THEN Name ELSE Username END FROM Lead WHERE LastName = 'Typeof ${side}'`,
      );
      assert.match(String(otherwise.records[0].Owner.Username), /@/, side);
    }
  });

  it('list-metadata-unknown-type: empty lists nothing, fault is INVALID_TYPE', async () => {
    assert.deepEqual(await baseConn.metadata.list({ type: 'NoSuchType' }), []);
    // A type Salesforce has but the local org does not model lists nothing on both sides.
    assert.deepEqual(await otherConn.metadata.list({ type: 'Bot' }), []);
    await assert.rejects(
      otherConn.metadata.list({ type: 'NoSuchType' }),
      (error: Error & { name: string }) => {
        assert.match(`${error.name} ${error.message}`, /INVALID_TYPE/);
        assert.match(
          error.message,
          /Unknown type name 'NoSuchType' specified in ListMetadataQuery/,
        );
        return true;
      },
    );
  });

  it('retrieve-missing over jsforce: a package the org lacks is a warning, or fails the retrieve', async () => {
    const request = {
      apiVersion: 65,
      packageNames: ['Partner Kit'],
      unpackaged: { types: [{ name: 'ApexClass', members: ['*'] }] },
    };
    const results: Record<string, unknown>[] = [];
    for (const [, , conn] of both()) {
      const started = await conn.metadata.retrieve(request as never);
      const result = await waitFor(`retrieve ${started.id} done`, async () => {
        const status = await conn.metadata.checkRetrieveStatus(started.id);
        return String(status.done) === 'true' && (status as unknown as Record<string, unknown>);
      });
      results.push(result);
    }
    const [warned, failed] = results;
    assert.equal(warned.status, 'Succeeded');
    assert.equal(String(warned.success), 'true');
    assert.deepEqual(warned.messages, [
      { fileName: 'Partner Kit/package.xml', problem: "No package named 'Partner Kit' found" },
    ]);
    assert.ok(warned.zipFile);
    assert.equal(failed.status, 'Failed');
    assert.equal(String(failed.success), 'false');
    assert.equal(failed.errorStatusCode, 'INVALID_CROSS_REFERENCE_KEY');
    assert.equal(failed.errorMessage, "No package named 'Partner Kit' found");
    assert.ok(!failed.zipFile);
  });

  it('retrieve-missing with the sf CLI: warning retrieves what exists, fail fails the retrieve', async () => {
    const env = cliEnv();
    const project = await writeProject();
    try {
      await Promise.all([
        sfLogin(env, base.url, base.admin.accessToken, 'choice-default'),
        sfLogin(env, other.url, other.admin.accessToken, 'choice-alternative'),
      ]);
      const retrieve = (alias: string) =>
        run(
          process.execPath,
          [
            SF,
            'project',
            'retrieve',
            'start',
            '--metadata',
            'CustomObject:Account',
            'ApexClass:Missing',
            '--json',
            '-o',
            alias,
          ],
          env,
          project,
        );
      const [warned, failed] = await Promise.all([
        retrieve('choice-default'),
        retrieve('choice-alternative'),
      ]);
      interface Retrieved {
        status: number;
        result: {
          status: string;
          success: boolean;
          files: { type: string; fullName: string; state: string; error?: string }[];
          messages: { fileName: string; problem: string }[];
        };
      }
      const warning = JSON.parse(warned.stdout) as Retrieved;
      assert.equal(warned.code, 0, warned.stdout + warned.stderr);
      assert.equal(warning.result.status, 'Succeeded', warned.stdout);
      assert.ok(
        warning.result.files.some((f) => f.type === 'CustomObject' && f.fullName === 'Account'),
        'what exists is retrieved',
      );
      assert.deepEqual(warning.result.messages, [
        {
          fileName: 'unpackaged/package.xml',
          problem: "Entity of type 'ApexClass' named 'Missing' cannot be found",
        },
      ]);
      // The sf CLI (2.x) still exits 0 with --json; what it reports is the failed retrieve.
      const failure = JSON.parse(failed.stdout) as Retrieved;
      assert.equal(failure.result.status, 'Failed', failed.stdout);
      assert.equal(failure.result.success, false);
      assert.deepEqual(
        failure.result.files.map((f) => [f.type, f.fullName, f.state, f.error]),
        [
          [
            'ApexClass',
            'Missing',
            'Failed',
            "Entity of type 'ApexClass' named 'Missing' cannot be found",
          ],
        ],
        'nothing is retrieved',
      );
    } finally {
      await rm(project, { recursive: true, force: true });
      await rm(env.HOME!, { recursive: true, force: true });
    }
  });
});

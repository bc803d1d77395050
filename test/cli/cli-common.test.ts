import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { badInput, redact } from '../../scripts/cli/errors.ts';
import { Output, table } from '../../scripts/cli/output.ts';
import { soqlString } from '../../scripts/cli/soql.ts';

function sink(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      stream.text += chunk.toString();
      done();
    },
  }) as Writable & { text: string };
  stream.text = '';
  return stream;
}

describe('CLI common parts', () => {
  it('redacts access tokens, Authorization headers and SOAP session Ids', () => {
    const token = '00D000000000001!AQTeKsFpLFUmew4MU2lS_nxiYT2FJ.Jk31x0va';
    const text = `token ${token}; Authorization: Bearer abc.def\n<sessionId>${token}</sessionId>`;
    const out = redact(text);
    assert.ok(!out.includes('AQTeKs'));
    assert.ok(!out.includes('abc.def'));
    assert.equal(
      out,
      'token [redacted]; Authorization: Bearer [redacted]\n<sessionId>[redacted]</sessionId>',
    );
  });

  it('quotes SOQL strings so a value cannot end the literal', () => {
    assert.equal(soqlString("O'Brien \\ Co"), "'O\\'Brien \\\\ Co'");
    assert.equal(soqlString('a\nb'), "'a\\nb'");
  });

  it('prints one JSON document under --json, errors included, with the exit code', () => {
    const stdout = sink();
    const stderr = sink();
    const output = new Output({ json: true, stdout, stderr });
    output.info('progress');
    output.warn('careful');
    const code = output.fail(badInput('BadFlag', 'The flag --x is wrong.', 'Use --y.'));
    assert.equal(code, 2);
    assert.equal(stderr.text, '');
    assert.deepEqual(JSON.parse(stdout.text), {
      status: 2,
      name: 'BadFlag',
      message: 'The flag --x is wrong.',
      hint: 'Use --y.',
      warnings: ['careful'],
    });
  });

  it('prints people-facing errors with what to do, on stderr', () => {
    const stdout = sink();
    const stderr = sink();
    const code = new Output({ json: false, stdout, stderr }).fail(new Error('boom'));
    assert.equal(code, 1);
    assert.equal(stdout.text, '');
    assert.equal(stderr.text, 'Error (UnexpectedError): boom\n');
  });

  it('lays out tables with padded columns', () => {
    assert.equal(
      table(['A', 'Bee'], [['long cell', 'x']]),
      'A          Bee\n─────────  ───\nlong cell  x',
    );
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const bundle = 'force-app/main/default/lwc/widget';
let base: string;

/** A small project: one TypeScript component with its compiled JavaScript, and one class. */
before(() => {
  base = mkdtempSync(join(tmpdir(), 'check-build-'));
  cpSync('.forceignore', join(base, '.forceignore'));
  writeFileSync(
    join(base, 'sfdx-project.json'),
    JSON.stringify({
      packageDirectories: [{ path: 'force-app', default: true }],
      sourceApiVersion: '65.0',
    }),
  );
  mkdirSync(join(base, bundle, '__tests__'), { recursive: true });
  writeFileSync(
    join(base, bundle, 'widget.js-meta.xml'),
    '<?xml version="1.0" encoding="UTF-8"?><LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata"><apiVersion>65.0</apiVersion><isExposed>false</isExposed></LightningComponentBundle>',
  );
  mkdirSync(join(base, 'force-app/main/default/classes'), { recursive: true });
  writeFileSync(join(base, bundle, 'widget.ts'), 'export const answer: number = 42;\n');
  writeFileSync(join(base, bundle, 'widget.js'), 'export const answer = 42;\n');
  writeFileSync(
    join(base, bundle, '__tests__', 'widget.test.ts'),
    "import { answer } from '../widget';\n\nit('answers', () => expect(answer).toBe(42));\n",
  );
  const classes = join(base, 'force-app/main/default/classes');
  writeFileSync(join(classes, 'Widget.cls'), 'public with sharing class Widget {\n}\n');
  writeFileSync(
    join(classes, 'Widget.cls-meta.xml'),
    '<?xml version="1.0" encoding="UTF-8"?><ApexClass xmlns="http://soap.sforce.com/2006/04/metadata"><apiVersion>65.0</apiVersion><status>Active</status></ApexClass>',
  );
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(base, bundle, 'widget.ts'), past, past);
});
after(() => rmSync(base, { recursive: true, force: true }));

function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-build-case-'));
  cpSync(base, dir, { recursive: true, preserveTimestamps: true });
  return dir;
}

function check(root: string) {
  const run = spawnSync(process.execPath, ['scripts/check-build.ts', '--root', root], {
    encoding: 'utf8',
  });
  rmSync(root, { recursive: true, force: true });
  return { status: run.status, output: run.stdout + run.stderr };
}

test('a built project passes and its deploy set is listed', () => {
  const { status, output } = check(copy());
  assert.equal(status, 0, output);
  assert.match(output, /1 ApexClass, 1 LightningComponentBundle/);
});

test('TypeScript, tsconfig and tests in the deploy set fail the check', () => {
  const root = copy();
  writeFileSync(join(root, '.forceignore'), '# nothing ignored\n');
  writeFileSync(join(root, bundle, 'tsconfig.json'), '{}\n');
  const { status, output } = check(root);
  assert.equal(status, 1);
  assert.match(output, /deploy set holds TypeScript source: lwc\/widget\/widget\.ts/);
  assert.match(output, /deploy set holds a tsconfig: lwc\/widget\/tsconfig\.json/);
  assert.match(output, /deploy set holds a test: lwc\/widget\/__tests__\//);
});

test('a component whose compiled .js is missing or stale fails the check', () => {
  let root = copy();
  rmSync(join(root, bundle, 'widget.js'));
  let result = check(root);
  assert.equal(result.status, 1);
  assert.match(result.output, /lwc\/widget\/widget\.js: missing; run `npm run build`/);

  root = copy();
  const future = new Date(Date.now() + 60_000);
  utimesSync(join(root, bundle, 'widget.ts'), future, future);
  result = check(root);
  assert.equal(result.status, 1);
  assert.match(result.output, /widget\.js: older than its \.ts/);
});

test('a class without its -meta.xml fails the check', () => {
  const root = copy();
  rmSync(join(root, 'force-app/main/default/classes/Widget.cls-meta.xml'));
  const { status, output } = check(root);
  assert.equal(status, 1);
  assert.match(output, /classes\/Widget\.cls: no .*Widget\.cls-meta\.xml beside it/);
});

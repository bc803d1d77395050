import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { firstDifference } from '../scripts/apex-gate/format.ts';
import { findJava, useFastStartJvms } from '../scripts/apex-gate/java.ts';
import { checkPmd, PMD_RULES } from '../scripts/apex-gate/pmd.ts';
import { loadProject } from '../scripts/apex-gate/project.ts';
import { checkMetaXml, checkSyntax, parseApex } from '../scripts/apex-gate/syntax.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const GATE = path.join(REPO, 'scripts', 'check-apex.ts');
const FIXTURE = path.join(REPO, 'test', 'fixtures', 'apex-gate');
const CLASS = 'force-app/main/default/classes/PartnerGreeting.cls';

const tempDirs: string[] = [];
after(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A copy of the fixture project, with the repository's sourceApiVersion, in a fresh temp dir. */
async function copyProject(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'apex-gate-'));
  tempDirs.push(dir);
  await cp(FIXTURE, dir, { recursive: true });
  const repoProject = JSON.parse(await readFile(path.join(REPO, 'sfdx-project.json'), 'utf8')) as {
    sourceApiVersion: string;
  };
  const sfdxProject = {
    packageDirectories: [{ path: 'force-app', default: true }],
    namespace: '',
    sourceApiVersion: repoProject.sourceApiVersion,
  };
  await writeFile(path.join(dir, 'sfdx-project.json'), `${JSON.stringify(sfdxProject, null, 2)}\n`);
  return dir;
}

/** Replaces `before` (which must occur once) and returns the 1-based line where `marker` now is. */
async function plant(dir: string, before: string, after: string, marker: string): Promise<number> {
  const file = path.join(dir, CLASS);
  const source = await readFile(file, 'utf8');
  assert.equal(
    source.split(before).length,
    2,
    `the fixture has exactly one ${JSON.stringify(before)}`,
  );
  const planted = source.replace(before, () => after);
  await writeFile(file, planted);
  const line = planted.split('\n').findIndex((text) => text.includes(marker));
  assert.ok(line >= 0, `marker ${JSON.stringify(marker)} planted`);
  return line + 1;
}

interface GateRun {
  code: number | null;
  output: string;
  verdicts: Record<string, string>;
}

function runGate(root: string): Promise<GateRun> {
  return new Promise((resolve, reject) => {
    // Run from the copy so nothing depends on the repository being the current directory.
    const child = spawn(process.execPath, [GATE, '--root', root], { cwd: root, timeout: 60_000 });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const verdicts: Record<string, string> = {};
      for (const [, verdict, stage] of output.matchAll(/^(ok|FAIL) +(\w+) /gm)) {
        if (stage && verdict) verdicts[stage] = verdict;
      }
      resolve({ code, output, verdicts });
    });
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function assertProblem(run: GateRun, line: number, tag: string, message = ''): void {
  const pattern = new RegExp(
    `^${escape(CLASS)}:${line}:\\d+: .*${escape(message)}.* \\[${escape(tag)}\\]$`,
    'm',
  );
  assert.match(run.output, pattern);
}

function assertOnlyFailing(run: GateRun, stage: string): void {
  assert.equal(run.code, 1, run.output);
  const expected = { syntax: 'ok', semantic: 'ok', pmd: 'ok', format: 'ok', [stage]: 'FAIL' };
  assert.deepEqual(run.verdicts, expected, run.output);
}

test('the Apex gate on a copied project', { concurrency: 3 }, async (t) => {
  await Promise.all([
    t.test('passes the clean copy with every PMD rule loaded', async () => {
      const run = await runGate(await copyProject());
      assert.equal(run.code, 0, run.output);
      assert.deepEqual(run.verdicts, { syntax: 'ok', semantic: 'ok', pmd: 'ok', format: 'ok' });
      assert.match(run.output, new RegExp(`^ok +pmd +${PMD_RULES.length} rules on 2 sources`, 'm'));
      assert.doesNotMatch(run.output, /warning:/);
    }),

    t.test('fails loudly when PMD does not know a rule name', async () => {
      const project = await loadProject(await copyProject());
      useFastStartJvms();
      const { problems } = await checkPmd(project, findJava(), ['ApexCRUDViolation', 'NoSuchRule']);
      assert.deepEqual(
        problems.map((p) => `${p.severity}: ${p.message}`),
        [
          'error: PMD loaded 1 of 2 rules; missing: NoSuchRule (renamed or removed in this PMD version?)',
        ],
      );
    }),

    t.test('fails a syntax error at its line', async () => {
      const dir = await copyProject();
      const line = await plant(
        dir,
        `return 'Hello, ' + name`,
        `return 'Hello, ' name`,
        `'Hello, ' name`,
      );
      const run = await runGate(dir);
      assert.equal(run.code, 1, run.output);
      assert.equal(run.verdicts.syntax, 'FAIL', run.output);
      assertProblem(run, line, 'syntax/parser');
    }),

    t.test('fails an unknown field at its line', async () => {
      const dir = await copyProject();
      const line = await plant(dir, 'l.Company', 'l.NoSuchField__c', 'NoSuchField__c');
      const run = await runGate(dir);
      assertOnlyFailing(run, 'semantic');
      assertProblem(run, line, 'semantic/Missing', "Unknown field 'NoSuchField__c'");
    }),

    t.test('fails a SOQL injection at its line', async () => {
      const dir = await copyProject();
      const line = await plant(
        dir,
        '    return [SELECT Id, Company FROM Lead WHERE Company = :company WITH USER_MODE];\n',
        [
          '    return Database.query(',
          "      'SELECT Id, Company FROM Lead WHERE Company = \\'' + company + '\\'',",
          '      AccessLevel.USER_MODE',
          '    );\n',
        ].join('\n'),
        '+ company +',
      );
      const run = await runGate(dir);
      assertOnlyFailing(run, 'pmd');
      assertProblem(run, line, 'pmd/ApexSOQLInjection');
    }),

    t.test('fails an unformatted class at its first unformatted line', async () => {
      const dir = await copyProject();
      const line = await plant(
        dir,
        'greet(String name) {',
        'greet( String name ){',
        'greet( String',
      );
      const run = await runGate(dir);
      assertOnlyFailing(run, 'format');
      assertProblem(run, line, 'format/prettier', 'not formatted');
    }),
  ]);
});

test('the syntax stage sees lexer errors, which the parser alone misses', () => {
  const problems = parseApex("public class A {\n  String s = 'bad \\q escape';\n}\n", 'class');
  assert.ok(
    problems.some((p) => p.rule === 'lexer' && p.line === 2),
    JSON.stringify(problems),
  );
});

test('the syntax stage checks class metadata', async () => {
  assert.deepEqual(
    checkMetaXml('<ApexClass><apiVersion>65.0</apiVersion>', 'class').map((p) => p.rule),
    ['meta-xml'],
  );
  assert.deepEqual(
    checkMetaXml('<ApexClass><status>Active</status></ApexClass>', 'class').map((p) => p.rule),
    ['meta-api-version'],
  );
  assert.deepEqual(
    checkMetaXml('<ApexClass><apiVersion>65.0</apiVersion></ApexClass>', 'class'),
    [],
  );

  const dir = await copyProject();
  await rm(path.join(dir, `${CLASS}-meta.xml`));
  const { problems } = await checkSyntax(await loadProject(dir));
  assert.deepEqual(
    problems.map((p) => `${p.file}:${p.line} ${p.rule}`),
    [`${CLASS}:1 meta-missing`],
  );
});

test('the format stage points at the first differing line', () => {
  assert.deepEqual(firstDifference('a\nb c\n', 'a\nb  c\n'), { line: 2, column: 3 });
  assert.deepEqual(firstDifference('a\nb', 'a\nb\n'), { line: 2, column: 2 });
});

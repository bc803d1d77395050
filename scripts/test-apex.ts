/**
 * `npm run test:apex`: the package's Apex tests on a fresh local org. Deploys force-app in-process
 * (source-deploy-retrieve's zip, the org's own Metadata API deployer), runs every @IsTest class
 * through the local org's Apex runtime, prints each method's outcome with its stack trace, and line
 * coverage per class and for the whole package. Exits 1 when a test fails or the package's coverage
 * is below 75% (the platform's rule for deploying Apex to production).
 *
 *   npm run test:apex [-- [--source DIR]... [--seed demo|leads=N] [TestClass...]]
 *
 * --source deploys these package directories instead of force-app (repeatable); --seed runs the
 * tests in an org that already holds data (the demo org: users, queues, roles, licences in use),
 * as a deploy with RunLocalTests runs them in a sandbox or production org: tests see the org's
 * setup objects (users, queues, ...) but not its other records; class names limit the run to
 * those test classes.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { deployPackage } from '../localorg/apex/org/deployProject.ts';
import { apexService } from '../localorg/apex/org/service.ts';
import { percentCovered, runTests } from '../localorg/apex/org/testRunner.ts';
import { scratchOrg } from '../localorg/scratchOrg.ts';
import { parseSeedSpec } from '../localorg/seed/index.ts';

const MIN_COVERAGE = 75;
const root = resolve(import.meta.dirname, '..');
const { values, positionals: classes } = parseArgs({
  options: { source: { type: 'string', multiple: true }, seed: { type: 'string' } },
  allowPositionals: true,
});
const sources = values.source?.map((dir) => resolve(dir)) ?? [resolve(root, 'force-app')];
const seed = parseSeedSpec(values.seed ?? 'none');
if (!seed) {
  console.error(`Unknown --seed '${values.seed}': use demo, none or leads=N.`);
  process.exit(2);
}

const started = Date.now();
const { org, admin } = scratchOrg((line) => process.stderr.write(`${line}\n`), seed);
await deployPackage(org, admin, sources);
const service = apexService(org);
service.ensureLoaded();
if (service.problems.length) {
  for (const p of service.problems)
    console.error(`${p.file}.cls:${p.line}:${p.column}: ${p.problem}`);
  process.exit(1);
}
const deployedMs = Date.now() - started;
const result = runTests(service, admin, classes.length ? { classes } : {});

// A failed @TestSetup is reported on its own line; every test method of its class fails with it,
// as on the platform, and only test methods are counted.
let failed = 0;
let setupsFailed = 0;
let byClass = '';
for (const m of result.methods) {
  if (m.className !== byClass) {
    byClass = m.className;
    console.log(`\n${byClass}`);
  }
  const name = m.isTestSetup ? `${m.methodName} (@TestSetup)` : m.methodName;
  const figures = `${m.timeMs} ms, ${m.statements} statements, ${m.queries} queries, ${m.dmlStatements} DML`;
  if (m.outcome === 'Pass') {
    console.log(`  ✔ ${name} (${figures})`);
  } else {
    if (m.isTestSetup) setupsFailed++;
    else failed++;
    console.log(`  ✖ ${name} (${figures})\n      ${m.message}`);
    for (const line of (m.stackTrace ?? '').split('\n').filter(Boolean))
      console.log(`        ${line}`);
  }
}

console.log('\nLine coverage');
for (const c of result.coverage) {
  const total = c.covered.length + c.uncovered.length;
  const percent = total ? Math.round((c.covered.length / total) * 100) : 100;
  const missed = c.uncovered.length
    ? `  not covered: ${c.uncovered.slice(0, 12).join(', ')}${c.uncovered.length > 12 ? ', ...' : ''}`
    : '';
  console.log(
    `  ${c.name.padEnd(32)} ${String(percent).padStart(3)}%  ${c.covered.length}/${total}${missed}`,
  );
}
const overall = percentCovered(result.coverage);
const tests = result.methods.filter((m) => !m.isTestSetup).length;
console.log(
  `\nApex tests${seed.kind === 'demo' ? ` (org seeded: ${values.seed})` : ''}: ` +
    `${tests - failed} passed, ${failed} failed` +
    (setupsFailed ? ` (${setupsFailed} @TestSetup failed)` : '') +
    `; package coverage ${overall}%` +
    ` (deploy ${deployedMs} ms, tests ${result.totalTimeMs} ms)`,
);
if (overall < MIN_COVERAGE)
  console.log(
    `Coverage is below ${MIN_COVERAGE}%: the platform would refuse this package in production.`,
  );
org.store.close();
process.exit(failed > 0 || setupsFailed > 0 || overall < MIN_COVERAGE ? 1 : 0);

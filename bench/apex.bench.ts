/**
 * The local org's Apex runtime: `npm run bench:apex`. Prints three figures:
 * - the package's whole Apex test suite (deploy of force-app, then every test method, each in
 *   its own rolled-back transaction): the first run, and the best of three;
 * - `planAssignment` for 10,000 selected leads as the preview calls it (HTTP, the Aura route, the
 *   channel manager's session, the real Apex), median of five after a warm-up;
 * - the interpreter's speed on tight loops of anonymous Apex, in statements per second.
 */
import { join } from 'node:path';
import { deployPackage } from '../localorg/apex/org/deployProject.ts';
import { runAnonymousApex } from '../localorg/apex/org/anonymous.ts';
import { apexService } from '../localorg/apex/org/service.ts';
import { runTests } from '../localorg/apex/org/testRunner.ts';
import { startLocalOrg } from '../localorg/main.ts';
import { scratchOrg } from '../localorg/scratchOrg.ts';
import { roundRobinTenThousand } from './consoleRequests.ts';

const FORCE_APP = join(import.meta.dirname, '..', 'force-app');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (ms: number) => Math.round(ms * 10) / 10;

async function testSuite(): Promise<Record<string, number | string>> {
  const runs: { deployMs: number; testsMs: number; methods: number; failed: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const { org, admin } = scratchOrg(() => {});
    await deployPackage(org, admin, [FORCE_APP]);
    const service = apexService(org);
    service.ensureLoaded();
    const deployed = performance.now();
    const result = runTests(service, admin, {});
    const tests = result.methods.filter((m) => !m.isTestSetup);
    runs.push({
      deployMs: deployed - started,
      testsMs: performance.now() - deployed,
      methods: tests.length,
      failed: tests.filter((m) => m.outcome !== 'Pass').length,
    });
    org.store.close();
  }
  const best = runs.reduce((a, b) => (a.deployMs + a.testsMs <= b.deployMs + b.testsMs ? a : b));
  const first = runs[0];
  return {
    // The first run includes building the deploy zip with source-deploy-retrieve (then cached).
    suiteFirstRunSeconds: +((first.deployMs + first.testsMs) / 1000).toFixed(2),
    testMethods: best.methods,
    testsFailed: best.failed,
    suiteDeployMs: round(best.deployMs),
    suiteTestsMs: round(best.testsMs),
    suiteTotalSeconds: +((best.deployMs + best.testsMs) / 1000).toFixed(2),
  };
}

async function plan10k(): Promise<Record<string, number | string>> {
  const org = await startLocalOrg({ memory: true, seed: 'leads=20000', deploy: [FORCE_APP] });
  try {
    const manager = org.users.find((u) => u.kind === 'channel-manager' && u.active)!.accessToken!;
    const request = roundRobinTenThousand(org);
    const call = async () => {
      const started = performance.now();
      const response = await fetch(
        `${org.url}/localorg/apex/LeadAssignmentController/planAssignment`,
        {
          method: 'POST',
          headers: { Authorization: `Bearer ${manager}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ request }),
        },
      );
      const body = (await response.json()) as { total?: number; message?: string };
      if (response.status !== 200) throw new Error(`planAssignment: ${body.message}`);
      return { ms: performance.now() - started, total: body.total ?? 0 };
    };
    await call();
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < 5; i++) {
      const outcome = await call();
      times.push(outcome.ms);
      total = outcome.total;
    }
    return {
      plan10kLeads: total,
      plan10kMedianMs: round(median(times)),
      plan10kRunsMs: times.map(round).join(' '),
    };
  } finally {
    await org.close();
  }
}

function statementsPerSecond(): Record<string, number> {
  const { org, admin } = scratchOrg(() => {});
  const loops: Record<string, string> = {
    arithmetic: 'Integer s = 0;\nfor (Integer i = 0; i < 1000000; i++) {\n  s += i;\n}',
    collections:
      "List<String> xs = new List<String>();\nMap<String, Integer> m = new Map<String, Integer>();\nfor (Integer i = 0; i < 200000; i++) {\n  String k = 'k' + Math.mod(i, 100);\n  m.put(k, i);\n  xs.add(k);\n}",
    objects:
      "List<Account> rows = new List<Account>();\nfor (Integer i = 0; i < 200000; i++) {\n  Account a = new Account(Name = 'A' + i);\n  rows.add(a);\n  if (rows.size() > 100) rows.clear();\n}",
  };
  const figures: Record<string, number> = {};
  for (const [name, source] of Object.entries(loops)) {
    runAnonymousApex(org, admin, source);
    const started = performance.now();
    const result = runAnonymousApex(org, admin, source);
    const seconds = (performance.now() - started) / 1000;
    if (!result.success)
      throw new Error(`${name}: ${result.exceptionMessage ?? result.compileProblem}`);
    const statements = Number(/Statements executed[^:]*: (\d+)/.exec(result.log)?.[1] ?? 0);
    figures[`${name}StatementsPerSecond`] = Math.round(statements / seconds);
  }
  org.store.close();
  return figures;
}

const figures = {
  ...(await testSuite()),
  ...(await plan10k()),
  ...statementsPerSecond(),
};
console.table(Object.entries(figures).map(([figure, value]) => ({ figure, value })));
process.stdout.write(`${JSON.stringify(figures)}\n`);

/**
 * `channelkit org setup` without an org: the flags, the plan of steps (the scratch org path
 * included), the scratch org request handed to @salesforce/core (its calls replaced by fakes),
 * and the publish wait's deadline (a fake clock).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Org, ScratchOrgCreateOptions } from '@salesforce/core';
import { CliError, EXIT_BAD_INPUT } from '../../scripts/cli/errors.ts';
import {
  DEFAULT_DURATION_DAYS,
  DEFAULT_PUBLISH_WAIT_MINUTES,
  parseSetupFlags,
  planSetup,
  SCRATCH_DEFINITION_FILE,
} from '../../scripts/org-setup/plan.ts';
import type { SetupFlags } from '../../scripts/org-setup/plan.ts';
import { createScratchOrg } from '../../scripts/org-setup/scratch.ts';
import type { ScratchDeps } from '../../scripts/org-setup/scratch.ts';
import { publishAndWait, waitUntilLive } from '../../scripts/org-setup/site.ts';
import type { SiteApi } from '../../scripts/org-setup/site.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function refused(flags: SetupFlags, code: string): void {
  assert.throws(
    () => parseSetupFlags(flags),
    (error: unknown) =>
      error instanceof CliError && error.code === code && error.exitCode === EXIT_BAD_INPUT,
  );
}

describe('org setup flags', () => {
  it('an existing org: defaults', () => {
    assert.deepEqual(parseSetupFlags({ targetOrg: 'my-org' }), {
      targetOrg: 'my-org',
      scratch: null,
      demoData: false,
      redeploy: false,
      dryRun: false,
      publishWaitMinutes: DEFAULT_PUBLISH_WAIT_MINUTES,
    });
  });

  it('--scratch -v: the definition file, the duration, the alias', () => {
    const options = parseSetupFlags({
      scratch: true,
      targetDevHub: 'hub',
      alias: 'ck',
      durationDays: '3',
    });
    assert.equal(options.targetOrg, undefined);
    assert.deepEqual(options.scratch, {
      devHub: 'hub',
      definitionFile: SCRATCH_DEFINITION_FILE,
      durationDays: 3,
      alias: 'ck',
    });
    assert.equal(parseSetupFlags({ scratch: true, targetDevHub: 'hub' }).scratch?.durationDays, 7);
  });

  it('refuses contradictory or incomplete flags as bad input', () => {
    refused({}, 'MissingTargetOrg');
    refused({ scratch: true }, 'MissingDevHub');
    refused({ scratch: true, targetDevHub: 'hub', targetOrg: 'x' }, 'ScratchWithTargetOrg');
    refused({ targetOrg: 'x', targetDevHub: 'hub' }, 'ScratchOnlyFlag');
    refused({ targetOrg: 'x', alias: 'a' }, 'ScratchOnlyFlag');
    refused({ scratch: true, targetDevHub: 'hub', durationDays: '31' }, 'BadFlagValue');
    refused({ scratch: true, targetDevHub: 'hub', durationDays: 'two' }, 'BadFlagValue');
    refused({ targetOrg: 'x', wait: '0' }, 'BadFlagValue');
    refused({ targetOrg: 'x', wait: '-1' }, 'BadFlagValue');
  });
});

describe('org setup plan', () => {
  const ids = (flags: SetupFlags) => planSetup(parseSetupFlags(flags)).map((s) => s.id);

  it('an existing org: role, deploy, permission sets, publish, demo partner, in that order', () => {
    assert.deepEqual(ids({ targetOrg: 'x' }), [
      'role',
      'deploy',
      'permission-sets',
      'publish-site',
      'demo-partner',
    ]);
  });

  it('--demo-data adds the demo leads before the demo partner', () => {
    assert.deepEqual(ids({ targetOrg: 'x', demoData: true }), [
      'role',
      'deploy',
      'permission-sets',
      'publish-site',
      'demo-data',
      'demo-partner',
    ]);
  });

  it('--scratch -v DEVHUB creates the scratch org first, naming the definition, the hub, days and alias', () => {
    const plan = planSetup(
      parseSetupFlags({ scratch: true, targetDevHub: 'my-hub', alias: 'ck', durationDays: '1' }),
    );
    assert.deepEqual(
      plan.map((s) => s.id),
      ['scratch-org', 'role', 'deploy', 'permission-sets', 'publish-site', 'demo-partner'],
    );
    assert.equal(
      plan[0].title,
      `Create a scratch org from ${SCRATCH_DEFINITION_FILE} with Dev Hub my-hub (1 day, alias ck)`,
    );
    const plain = planSetup(parseSetupFlags({ scratch: true, targetDevHub: 'my-hub' }));
    assert.equal(
      plain[0].title,
      `Create a scratch org from ${SCRATCH_DEFINITION_FILE} with Dev Hub my-hub (${DEFAULT_DURATION_DAYS} days)`,
    );
  });
});

describe('org setup --scratch: the request to @salesforce/core', () => {
  const hub = { name: 'the hub' } as unknown as Org;

  function fakes(username: string | undefined) {
    const calls: { hub: string[]; create: ScratchOrgCreateOptions[] } = { hub: [], create: [] };
    const deps: ScratchDeps = {
      hubOrg: (devHub) => {
        calls.hub.push(devHub);
        return Promise.resolve(hub);
      },
      create: (options) => {
        calls.create.push(options);
        return Promise.resolve({ username, warnings: ['a warning'] });
      },
    };
    return { calls, deps };
  }

  it('opens the Dev Hub and creates the org from the project’s definition file', async () => {
    const { calls, deps } = fakes('test-abc@example.com');
    const created = await createScratchOrg(
      ROOT,
      { devHub: 'my-hub', definitionFile: SCRATCH_DEFINITION_FILE, durationDays: 3, alias: 'ck' },
      deps,
    );
    assert.deepEqual(created, { username: 'test-abc@example.com', warnings: ['a warning'] });
    assert.deepEqual(calls.hub, ['my-hub']);
    const [options] = calls.create;
    assert.equal(options.hubOrg, hub);
    assert.deepEqual(
      options.orgConfig,
      JSON.parse(await readFile(join(ROOT, SCRATCH_DEFINITION_FILE), 'utf8')),
    );
    assert.equal(options.durationDays, 3);
    assert.equal(options.alias, 'ck');
    assert.equal(options.setDefault, false);
    assert.ok(options.wait && options.wait.minutes > 0, 'waits for the Dev Hub');
  });

  it('a missing definition file is bad input, before the Dev Hub is opened', async () => {
    const { calls, deps } = fakes('x');
    await assert.rejects(
      createScratchOrg(
        ROOT,
        { devHub: 'h', definitionFile: 'config/none.json', durationDays: 1, alias: undefined },
        deps,
      ),
      (error: unknown) => error instanceof CliError && error.code === 'DefinitionFileMissing',
    );
    assert.deepEqual(calls.hub, []);
  });

  it('a Dev Hub it cannot open is bad input naming it; no username back is an error', async () => {
    const failing: ScratchDeps = {
      hubOrg: () => Promise.reject(new Error('No authorization information found for nohub.')),
      create: () => Promise.reject(new Error('not called')),
    };
    const request = {
      devHub: 'nohub',
      definitionFile: SCRATCH_DEFINITION_FILE,
      durationDays: 1,
      alias: undefined,
    };
    await assert.rejects(
      createScratchOrg(ROOT, request, failing),
      (error: unknown) =>
        error instanceof CliError && error.code === 'DevHubNotFound' && /nohub/.test(error.message),
    );
    await assert.rejects(
      createScratchOrg(ROOT, request, fakes(undefined).deps),
      (error: unknown) => error instanceof CliError && error.code === 'ScratchOrgNotCreated',
    );
  });
});

describe('org setup: publish and wait until live', () => {
  /** A site whose status reads come from `statuses` (the last repeats), on a fake clock. */
  function fakeSite(statuses: string[]) {
    let clock = 0;
    const log: string[] = [];
    const pauses: number[] = [];
    const api: SiteApi = {
      publish: (id) => {
        log.push(`publish ${id}`);
        return Promise.resolve({ message: 'publishing' });
      },
      status: (id) => {
        log.push(`status ${id}`);
        return Promise.resolve(statuses.shift() ?? 'UnderConstruction');
      },
    };
    const options = {
      now: () => clock,
      pause: (ms: number) => {
        pauses.push(ms);
        clock += ms;
        return Promise.resolve();
      },
    };
    return { api, log, pauses, options };
  }

  it('publishes once, then reads the status until it is Live, pausing longer each time', async () => {
    const site = fakeSite(['UnderConstruction', 'UnderConstruction', 'Live']);
    const result = await publishAndWait(site.api, '0DB1', 'Partners', {
      ...site.options,
      timeoutMs: 60_000,
      intervalMs: 1000,
    });
    assert.deepEqual(result, { message: 'publishing', reads: 3 });
    assert.deepEqual(site.log, ['publish 0DB1', 'status 0DB1', 'status 0DB1', 'status 0DB1']);
    assert.deepEqual(site.pauses, [1000, 1500]);
  });

  it('gives up at the deadline with SiteNotLive naming the site and its status', async () => {
    const site = fakeSite([]);
    await assert.rejects(
      waitUntilLive(site.api, '0DB1', 'Partners', {
        ...site.options,
        timeoutMs: 10_000,
        intervalMs: 1000,
        maxIntervalMs: 4000,
      }),
      (error: unknown) =>
        error instanceof CliError &&
        error.code === 'SiteNotLive' &&
        error.message === 'Partners is still UnderConstruction after 10 s.',
    );
    const waited = site.pauses.reduce((a, b) => a + b, 0);
    assert.equal(waited, 10_000, 'waits exactly to the deadline, never past it');
    assert.ok(Math.max(...site.pauses) <= 4000);
  });
});

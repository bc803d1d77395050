/**
 * The flag checks of `leads reassign` for --assignment-rule, --notify and counts (exit 2,
 * in-process).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_COUNT } from '../../lib/routing/leadRouting.ts';
import { to18 } from '../../lib/salesforce-id.ts';
import { CliError, EXIT_BAD_INPUT } from '../../scripts/cli/errors.ts';
import { parseReassignFlags } from '../../scripts/leads/flags.ts';
import type { ReassignFlags } from '../../scripts/leads/flags.ts';

const ids = { ids: 'leads.csv' };
const rule = to18(`01Q${'1'.repeat(12)}`);

function refused(flags: ReassignFlags, message: RegExp): void {
  assert.throws(
    () => parseReassignFlags(flags),
    (error: unknown) =>
      error instanceof CliError && error.exitCode === EXIT_BAD_INPUT && message.test(error.message),
  );
}

describe('leads reassign flags: --assignment-rule and --notify', () => {
  it('takes default or a rule Id (15 or 18 characters) and no owners', () => {
    const byDefault = parseReassignFlags({ ...ids, assignmentRule: 'default' });
    assert.equal(byDefault.method, 'assignmentRule');
    assert.equal(byDefault.assignmentRule, 'default');
    assert.deepEqual(byDefault.owners, []);
    assert.equal(
      parseReassignFlags({ ...ids, assignmentRule: rule.slice(0, 15) }).assignmentRule,
      rule,
    );
    assert.equal('notify' in byDefault, false, 'absent flags stay out of the journaled request');
  });

  it('refuses a second target, owner options and a malformed rule Id', () => {
    refused(
      { ...ids, assignmentRule: 'default', leastLoaded: 'A' },
      /Give one of --least-loaded, --assignment-rule, not several/,
    );
    refused(
      { ...ids, assignmentRule: 'default', weights: '1' },
      /--weights does not go with --assignment-rule/,
    );
    refused(
      { ...ids, assignmentRule: 'default', cap: '5', cursor: '1' },
      /--cap, --cursor do not go with --assignment-rule/,
    );
    refused(
      { ...ids, assignmentRule: 'default', strict: true },
      /--strict does not go with --assignment-rule/,
    );
    refused({ ...ids, assignmentRule: 'nope' }, /must be default or an assignment rule Id \(01Q/);
    refused(
      { ...ids, assignmentRule: to18(`00Q${'1'.repeat(12)}`) },
      /must be default or an assignment rule Id/,
    );
    refused(
      { ...ids, assignmentRule: `${rule.slice(0, 15)}ZZZ` },
      /must be default or an assignment rule Id/,
    );
  });

  it('--notify goes with owners, not with --api or --assignment-rule', () => {
    assert.equal(parseReassignFlags({ ...ids, to: 'Q', notify: true }).notify, true);
    refused(
      { ...ids, to: 'Q', notify: true, api: 'collections' },
      /--notify does not go with --api/,
    );
    refused(
      { ...ids, assignmentRule: 'default', notify: true },
      /--notify does not go with --assignment-rule/,
    );
  });
});

describe("leads reassign flags: counts within the routing core's limits", () => {
  const owners = { ...ids, roundRobin: 'A,B' };

  it('takes counts up to the largest the core (and Apex) can hold', () => {
    const top = String(MAX_COUNT);
    const request = parseReassignFlags({ ...owners, weights: `${top},0`, cap: top, cursor: top });
    assert.deepEqual(request.weights, [MAX_COUNT, 0]);
    assert.equal(request.cap, MAX_COUNT);
    assert.equal(request.cursor, MAX_COUNT);
  });

  it('refuses a larger count with the range, before it reaches the core', () => {
    const over = String(MAX_COUNT + 1);
    refused(
      { ...owners, cap: over },
      /^--cap must be a whole number from 0 to 2,147,483,647\. Got "2147483648"\.$/,
    );
    refused({ ...owners, cursor: '99999999999999999999' }, /--cursor must be .* to 2,147,483,647/);
    refused({ ...owners, weights: `1,${over}` }, /--weights must be .* to 2,147,483,647/);
    refused({ ...owners, cap: '-1' }, /^--cap must be a whole number of 0 or more\. Got "-1"\.$/);
    refused({ ...owners, cap: '2.5' }, /--cap must be a whole number of 0 or more/);
  });
});

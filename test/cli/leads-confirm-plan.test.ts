/**
 * The question a person at a terminal answers before a run changes anything (confirmPlan), asked
 * through the real readline prompt with the answer typed on stdin: how many leads it names (one
 * lead, or many with thousands separated), the rule a rule run names, and yes or no.
 */
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import type { PlanSummary } from '../../scripts/leads/plan.ts';
import { confirmationModeOf, confirmPlan } from '../../scripts/leads/stages/plan.ts';
import { capturedOutput } from '../support/inProcessLeads.ts';

/** Runs confirmPlan('ask') with `answer` typed at the prompt; returns what it decided and asked. */
async function ask(
  toChange: number,
  answer: string,
  rule: { id: string; name: string; active: boolean } | null = null,
): Promise<{ decided: string; screen: string }> {
  const input = new PassThrough();
  let screen = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      screen += chunk.toString();
      // Once the question is on the screen, the person types the answer.
      if (screen.includes('[y/N]')) input.write(`${answer}\n`);
      done();
    },
  });
  const stdin = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  const stdout = Object.getOwnPropertyDescriptor(process, 'stdout')!;
  Object.defineProperty(process, 'stdin', { value: input, configurable: true });
  Object.defineProperty(process, 'stdout', { value: output, configurable: true });
  try {
    const summary = { toChange } as PlanSummary;
    const decided = await confirmPlan('ask', capturedOutput().output, summary, rule);
    return { decided, screen };
  } finally {
    Object.defineProperty(process, 'stdin', stdin);
    Object.defineProperty(process, 'stdout', stdout);
  }
}

/** confirmationModeOf with stdin and stdout that are a terminal or not. */
function modeWith(stdinIsTTY: boolean, stdoutIsTTY: boolean, flags = {}): string {
  const stdin = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  const stdout = Object.getOwnPropertyDescriptor(process, 'stdout')!;
  Object.defineProperty(process, 'stdin', {
    value: Object.assign(new PassThrough(), { isTTY: stdinIsTTY }),
    configurable: true,
  });
  Object.defineProperty(process, 'stdout', {
    value: Object.assign(new PassThrough(), { isTTY: stdoutIsTTY }),
    configurable: true,
  });
  try {
    return confirmationModeOf(flags, capturedOutput().output);
  } finally {
    Object.defineProperty(process, 'stdin', stdin);
    Object.defineProperty(process, 'stdout', stdout);
  }
}

describe('whether a run asks', () => {
  it('asks only when both stdin and stdout are a terminal, and never under --yes', () => {
    assert.equal(modeWith(true, true), 'ask');
    assert.equal(modeWith(false, true), 'notTerminal');
    assert.equal(modeWith(true, false), 'notTerminal');
    assert.equal(modeWith(true, true, { yes: true }), 'yesFlag');
  });
});

describe('confirmPlan at a terminal', () => {
  it('asks to change the owner of the leads, with their number, and takes y as yes', async () => {
    const { decided, screen } = await ask(12345, 'y');
    assert.equal(decided, 'answeredYes');
    assert.equal(screen.startsWith('Change the owner of 12,345 leads? [y/N] '), true, screen);
  });

  it('names one lead as one, and anything but yes is a no', async () => {
    const { decided, screen } = await ask(1, 'n');
    assert.equal(decided, 'answeredNo');
    assert.equal(screen.startsWith('Change the owner of 1 lead? [y/N] '), true, screen);
    assert.equal((await ask(2, '')).decided, 'answeredNo');
  });

  it('a rule run asks to run the leads through the rule it names', async () => {
    const rule = { id: '01Q000000000001EAA', name: 'Channel Lead Routing', active: true };
    const { decided, screen } = await ask(3, 'yes', rule);
    assert.equal(decided, 'answeredYes');
    assert.equal(
      screen.startsWith('Run 3 leads through the assignment rule "Channel Lead Routing"? [y/N] '),
      true,
      screen,
    );
  });
});

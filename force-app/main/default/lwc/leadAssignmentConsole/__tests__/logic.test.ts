// The console's pure modules, case by case: what the component tests reach only through the DOM.
import contract from '../../../staticresources/LeadAssignmentContract.json';
import type {
  AssignmentBatch,
  AssignmentPlan,
  OwnerCandidate,
} from '../../../../../../types/leadAssignment';
import {
  assignmentProblem,
  blockingIssues,
  poolForMethod,
  toAssignmentRequest,
  toggleMember,
  type AssignmentDraft,
} from '../assignment';
import {
  batchSummary,
  canRetry,
  isUndoable,
  outcomeOf,
  progressPercent,
  toastFor,
} from '../batches';
import { sortFieldOf } from '../columns';
import { errorMessage } from '../errors';
import { EMPTY_FORM, filterProblem, isFiltered, toLeadFilters } from '../filters';
import { formatCount } from '../format';
import { sharedQueueText } from '../poolOptions';
import {
  planOwnerRows,
  planLeadRows,
  planSummary,
  planView,
  rotationNote,
  truncationNote,
} from '../plan';

const examples = contract.examples as unknown as {
  getOwnerCandidates: { result: OwnerCandidate[] };
  planAssignment: { result: AssignmentPlan };
  applyAssignment: { result: { batch: AssignmentBatch } };
};
const candidates = () => examples.getOwnerCandidates.result;
const byName = (name: string) =>
  candidates().find((owner) => owner.name === name) as OwnerCandidate;
const batch = (change: Partial<AssignmentBatch> = {}): AssignmentBatch => ({
  ...examples.applyAssignment.result.batch,
  ...change,
});
const plan = (change: Partial<AssignmentPlan> = {}): AssignmentPlan => ({
  ...examples.planAssignment.result,
  ...change,
});

const draft = (change: Partial<AssignmentDraft> = {}): AssignmentDraft => ({
  selection: { mode: 'rows', leadIds: ['00QDn0000000001AAA'] },
  method: 'roundRobin',
  pool: [{ ownerId: byName('Wingtip Solutions Leads').id, weight: '1', cap: '' }],
  notify: false,
  strictEligibility: false,
  assignmentRuleId: '',
  continueRotation: true,
  ...change,
});

describe('errorMessage', () => {
  it.each([
    ['an AuraHandledException body', { body: { message: 'No access.' } }, 'No access.'],
    ['a string', 'Plain text.', 'Plain text.'],
    ['a JavaScript error', new Error('Network down'), 'Network down'],
    [
      'page and field errors',
      {
        body: {
          pageErrors: [{ message: 'Locked.' }],
          fieldErrors: { OwnerId: [{ message: 'Bad owner.' }] },
        },
      },
      'Locked. Bad owner.',
    ],
    ['a list of bodies', { body: [{ message: 'One.' }, { message: 'Two.' }] }, 'One. Two.'],
    ['a list of errors, repeated', [new Error('Same.'), new Error('Same.')], 'Same.'],
    ['a number', 42, '42'],
    ['nothing useful', {}, 'Something went wrong. Try again.'],
    ['null', null, 'Something went wrong. Try again.'],
  ])('reads %s', (_what, error, expected) => {
    expect(errorMessage(error)).toBe(expected);
  });
});

describe('filters', () => {
  it('finds no problem and no filtering in the empty form', () => {
    expect(filterProblem(EMPTY_FORM)).toBeNull();
    expect(isFiltered(EMPTY_FORM)).toBe(false);
    expect(isFiltered({ ...EMPTY_FORM, search: '  ' })).toBe(false);
    expect(isFiltered({ ...EMPTY_FORM, search: 'ac' })).toBe(true);
    expect(isFiltered({ ...EMPTY_FORM, includeClosed: true })).toBe(true);
  });

  it('trims the search text and sends null for empty values', () => {
    expect(toLeadFilters({ ...EMPTY_FORM, search: '  acme ' }).search).toBe('acme');
    expect(toLeadFilters({ ...EMPTY_FORM, statuses: ['Open - Not Contacted'] }).statuses).toEqual([
      'Open - Not Contacted',
    ]);
  });

  it('sends the chosen owner as the ownerId filter, and counts it as filtering', () => {
    const jonas = { ...EMPTY_FORM, ownerId: '005Dn0000001001AAA', ownerName: 'Jonas Becker' };
    expect(toLeadFilters(EMPTY_FORM).ownerId).toBeNull();
    expect(toLeadFilters(jonas).ownerId).toBe('005Dn0000001001AAA');
    expect(isFiltered(jonas)).toBe(true);
  });

  it('maps only the searchable columns to sort fields', () => {
    expect(sortFieldOf('ownerName')).toBe('OwnerName');
    expect(sortFieldOf('leadSource')).toBeNull();
    expect(sortFieldOf('toString')).toBeNull();
  });
});

describe('assignment', () => {
  it('asks for a queue for the queue method, and rejects two owners for one-owner methods', () => {
    expect(assignmentProblem(draft({ method: 'queue', pool: [] }), candidates())).toBe(
      'Choose the queue.',
    );
    const two = toggleMember(toggleMember([], 'a', true, 'many'), 'b', true, 'many');
    expect(assignmentProblem(draft({ method: 'owner', pool: two }), candidates())).toBe(
      'Choose exactly one owner for this method.',
    );
  });

  it('refuses an ineligible owner, all-zero weights and a bad cap', () => {
    const sara = byName('Sara Lindqvist').id;
    expect(
      assignmentProblem(draft({ pool: [{ ownerId: sara, weight: '1', cap: '' }] }), candidates()),
    ).toBe('Sara Lindqvist cannot take leads: The user is inactive. Remove it from the owners.');
    const wingtip = byName('Wingtip Solutions Leads').id;
    expect(
      assignmentProblem(
        draft({ method: 'weighted', pool: [{ ownerId: wingtip, weight: '0', cap: '' }] }),
        candidates(),
      ),
    ).toBe('Give at least one owner a weight above 0.');
    expect(
      assignmentProblem(
        draft({ method: 'leastLoaded', pool: [{ ownerId: wingtip, weight: '1', cap: '2.5' }] }),
        candidates(),
      ),
    ).toBe(
      'The cap of Wingtip Solutions Leads must be a whole number of 0 or more, or blank for no cap.',
    );
  });

  it('names an owner it does not know by its Id, and lets the server judge it', () => {
    const pool = [{ ownerId: '005Dn0000009999AAA', weight: 'x', cap: '' }];
    expect(assignmentProblem(draft({ method: 'weighted', pool }), candidates())).toBe(
      'The weight of 005Dn0000009999AAA must be a whole number of 0 or more.',
    );
    expect(assignmentProblem(draft({ pool }), candidates())).toBeNull();
  });

  it('calls an owner without reasons but not eligible blocked all the same', () => {
    const odd = { ...byName('Lukas Weber'), eligible: false };
    expect(blockingIssues(odd, false)).toEqual(['Not eligible to own leads.']);
  });

  it('accepts an assignment rule Id and sends it', () => {
    const rule = draft({
      method: 'assignmentRule',
      pool: [],
      assignmentRuleId: ' 01QDn0000000001 ',
    });
    expect(assignmentProblem(rule, candidates())).toBeNull();
    expect(toAssignmentRequest(rule)).toMatchObject({
      pool: null,
      assignmentRuleId: '01QDn0000000001',
    });
  });

  it('empties the pool for the assignment rule', () => {
    expect(poolForMethod(draft().pool, 'assignmentRule', candidates())).toEqual([]);
  });
});

describe('batches', () => {
  it('grades outcomes: complete, partial, failed', () => {
    expect(outcomeOf(batch({ failed: 0, succeeded: 4 }))).toBe('success');
    expect(outcomeOf(batch())).toBe('partial');
    expect(outcomeOf(batch({ status: 'CompletedWithErrors', failed: 0 }))).toBe('partial');
    expect(outcomeOf(batch({ status: 'Failed' }))).toBe('failure');
    expect(outcomeOf(batch({ succeeded: 0, failed: 4 }))).toBe('failure');
  });

  it('toasts a failure as a sticky error', () => {
    expect(toastFor(batch({ succeeded: 0, failed: 3 }))).toEqual({
      title: 'Reassignment failed',
      message: '0 of 3 leads reassigned; 3 failed.',
      variant: 'error',
      mode: 'sticky',
    });
    expect(toastFor(batch({ failed: 0, succeeded: 4 })).mode).toBe('dismissible');
  });

  it('computes progress, empty batches included', () => {
    expect(progressPercent(batch({ status: 'Processing', total: 3, processed: 1 }))).toBe(33);
    expect(progressPercent(batch({ status: 'Queued', total: 0, processed: 0 }))).toBe(0);
    expect(progressPercent(batch({ total: 0, processed: 0 }))).toBe(100);
    expect(batchSummary(batch({ status: 'Queued', total: 1, processed: 0 }))).toBe(
      '0 of 1 lead processed…',
    );
  });

  it('undoes and retries only what makes sense', () => {
    expect(isUndoable(null)).toBe(false);
    expect(isUndoable(batch({ canUndo: false }))).toBe(false);
    expect(isUndoable(batch({ method: 'undo' }))).toBe(false);
    expect(isUndoable(batch({ status: 'Processing' }))).toBe(false);
    expect(isUndoable(batch())).toBe(true);
    expect(canRetry(null, [])).toBe(false);
  });
});

describe('plan', () => {
  it('describes owners with caps and issues', () => {
    const [owner] = plan().owners;
    const rows = planOwnerRows(
      plan({
        owners: [
          {
            ...owner,
            cap: 50,
            eligible: false,
            reasons: [{ code: 'INACTIVE_USER', message: 'The user is inactive.' }],
          },
        ],
      }),
    );
    expect(rows[0]).toMatchObject({
      eligibilityLabel: 'Not eligible. The user is inactive.',
      loadChange: '41 → 42 (cap 50)',
    });
  });

  it('counts a plan whose leads all have their planned owner as no change at all', () => {
    const base = plan();
    const kept = plan({
      assignments: base.assignments.map((row) => ({
        ...row,
        oldOwnerId: row.newOwnerId!,
        oldOwnerName: row.newOwnerName!,
        reason: 'UNCHANGED' as const,
      })),
      owners: base.owners.map((owner) => ({
        ...owner,
        assigned: 0,
        unchanged: 2,
        loadAfter: owner.loadBefore,
      })),
      toChange: 0,
      unchanged: 4,
    });
    const view = planView(kept, new Map());
    expect(view.summary).toBe(
      'No lead changes owner; 4 leads already have the planned owner and stay as they are.',
    );
    expect(view.toChange).toBe(0);
    expect(view.applyLabel).toBe('Apply to 0 leads');
    expect(view.ownerRows.map((row) => [row.loadChange, row.assigned, row.unchanged])).toEqual([
      ['41 → 41', 0, 2],
      ['37 → 37', 0, 2],
    ]);
    expect(view.leadRows[0].reasonLabel).toBe('Unchanged: already with this owner');
  });

  it('words an assignment-rule plan, whose owners the rule chooses', () => {
    const base = plan();
    const rulePlan = plan({
      method: 'assignmentRule',
      owners: [],
      toChange: 4,
      unchanged: 0,
      assignments: base.assignments.map((row) => ({
        ...row,
        newOwnerId: null,
        newOwnerName: null,
        reason: 'ASSIGNMENT_RULE' as const,
      })),
    });
    expect(planSummary(rulePlan)).toBe('4 leads will be assigned by the assignment rule.');
    expect(planLeadRows(rulePlan)[0]).toMatchObject({
      newOwnerLabel: 'Chosen by the assignment rule',
      reasonLabel: 'Assignment rule',
    });
    expect(truncationNote(rulePlan)).toBeNull();
  });

  it('explains a shared partner queue, for two partners or more, and nothing otherwise', () => {
    const queue = byName('Wingtip Solutions Leads');
    expect(sharedQueueText(queue)).toBeNull();
    expect(sharedQueueText({ ...queue, sharedAccountNames: ['Globex'] })).toBeNull();
    expect(
      sharedQueueText({ ...queue, sharedAccountNames: ['Globex', 'Initech', 'Wingtip'] }),
    ).toBe(
      "Shared by Globex, Initech and Wingtip: each partner sees the others' leads. Keep one partner account per queue.",
    );
  });

  it('counts in words', () => {
    expect(formatCount(1, 'lead')).toBe('1 lead');
    expect(formatCount(1234, 'lead')).toBe('1,234 leads');
    expect(formatCount(2, 'batch', 'batches')).toBe('2 batches');
  });
});

describe('the round-robin rotation', () => {
  it('asks to continue the rotation for round robin only, as the user chose', () => {
    expect(toAssignmentRequest(draft()).continueRotation).toBe(true);
    expect(toAssignmentRequest(draft({ continueRotation: false })).continueRotation).toBe(false);
    expect(toAssignmentRequest(draft({ method: 'weighted' }))).not.toHaveProperty(
      'continueRotation',
    );
  });

  it('says whose turn is first, and whether it continues an earlier run', () => {
    const rotation = { ownerId: '00GDn0000002002AAA', ownerName: 'Tailspin Toys Leads' };
    expect(
      rotationNote(plan({ rotation: { ...rotation, continuesBatchId: 'a01Dn0000004001AAA' } })),
    ).toBe(
      'The rotation continues where the last run with these owners stopped: Tailspin Toys Leads gets the first lead.',
    );
    expect(rotationNote(plan({ rotation: { ...rotation, continuesBatchId: null } }))).toBe(
      'The rotation starts with Tailspin Toys Leads.',
    );
    expect(rotationNote(plan({ method: 'weighted', rotation: null }))).toBeNull();
  });
});

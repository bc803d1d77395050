/**
 * What the offboarding panel shows and decides: the preview of an OffboardingPlan in words, the
 * typed confirmation, each step's progress as the run goes, and whether a call moved the
 * offboarding on. The component makes the calls; the Apex decides what each step does.
 */
import type {
  OffboardingPlan,
  OffboardingResult,
  OffboardingStepKey,
  QueueInfo,
} from '../../../../../types/partnerOnboarding';
import { formatCount } from './format';

export type StepProgress = 'todo' | 'waiting' | 'running' | 'done' | 'failed';

export interface StepRow {
  key: OffboardingStepKey;
  number: number;
  label: string;
  status: StepProgress;
  statusLabel: string;
  iconName: string;
  iconVariant: string;
  detail: string;
  failures: { key: string; text: string }[];
  hasFailures: boolean;
}

/** A call the server refused: which step it was for, and its message. */
export interface StepFailure {
  step: OffboardingStepKey;
  message: string;
}

const STATUS_VIEW: Record<StepProgress, { iconName: string; label: string; variant: string }> = {
  todo: { iconName: 'utility:clock', label: 'To do', variant: '' },
  waiting: { iconName: 'utility:hourglass', label: 'Waiting', variant: 'warning' },
  running: { iconName: 'utility:sync', label: 'Running', variant: '' },
  done: { iconName: 'utility:success', label: 'Done', variant: 'success' },
  failed: { iconName: 'utility:error', label: 'Failed', variant: 'error' },
};

const OWNER_TYPES: Record<string, string> = {
  partnerUser: 'partner user',
  partnerQueue: 'partner queue',
  internalUser: 'user',
  internalQueue: 'queue',
};

/** Offboarding needs the account's name typed exactly; the server trims it, and so does this. */
export function confirmationMatches(typed: string, accountName: string): boolean {
  return typed.trim() === accountName;
}

/** Whether the plan's next step can run (a problem stops only the leads step, as in the Apex). */
export function canRun(plan: OffboardingPlan): boolean {
  if (plan.nextStep === 'done') return false;
  if (plan.nextStep === 'leads') return plan.ready && !plan.runningBatchId;
  return true;
}

export function stepRows(
  plan: OffboardingPlan,
  results: Partial<Record<OffboardingStepKey, OffboardingResult>>,
  runningStep: OffboardingStepKey | null,
  failure: StepFailure | null,
): StepRow[] {
  return plan.steps.map((step, index) => {
    const result = results[step.key];
    let status: StepProgress = step.status;
    let detail = result?.message ?? step.detail;
    if (runningStep === step.key) {
      status = 'running';
    } else if (failure?.step === step.key) {
      status = 'failed';
      detail = failure.message;
    } else if (result && result.failures.length > 0 && step.status !== 'done') {
      status = 'failed';
    }
    const view = STATUS_VIEW[status];
    const failures = (runningStep === step.key ? [] : (result?.failures ?? [])).map((text, n) => ({
      key: `${step.key}-${n}`,
      text,
    }));
    return {
      key: step.key,
      number: index + 1,
      label: step.label,
      status,
      statusLabel: view.label,
      iconName: view.iconName,
      iconVariant: view.variant,
      detail,
      failures,
      hasFailures: failures.length > 0,
    };
  });
}

/** A lead reassignment (this offboarding's, or another of the caller's) runs in the background. */
export function leadsWaiting(plan: OffboardingPlan): boolean {
  return plan.steps.some((s) => s.key === 'leads' && s.status === 'waiting');
}

/** How far the offboarding is, for the progress bar. */
export function progress(plan: OffboardingPlan): { value: number; label: string } {
  const done = plan.steps.filter((s) => s.status === 'done').length;
  const value = plan.steps.length ? Math.round((done / plan.steps.length) * 100) : 0;
  return { value, label: `${done} of ${plan.steps.length} offboarding steps done` };
}

/**
 * A call that did not move the offboarding on: the step it ran is still the next one (a lead
 * reassignment running in the background, or rows the platform refused). The run stops there.
 */
export function stalled(ran: OffboardingStepKey, result: OffboardingResult): boolean {
  return result.plan.nextStep === ran;
}

/** The preview in one sentence: what is left, in order, with IsPartner last. */
export function previewSummary(plan: OffboardingPlan): string {
  if (plan.nextStep === 'done') {
    return `${plan.account.name} is offboarded: its partner users are inactive and out of their queues, and it is no longer a partner account. Nothing is left to do.`;
  }
  const active = plan.users.filter((u) => u.isActive).length;
  const parts: string[] = [];
  if (plan.openLeads > 0) parts.push(`reassign ${formatCount(plan.openLeads, 'open lead')}`);
  if (active > 0) parts.push(`deactivate ${formatCount(active, 'partner user')}`);
  if (plan.memberships.length > 0) {
    parts.push(`remove ${formatCount(plan.memberships.length, 'queue membership')}`);
  }
  if (plan.account.isPartner) parts.push('then, last, set IsPartner to false');
  return `Offboarding ${plan.account.name} will ${parts.join(', ')}.`;
}

/**
 * Where the offboarding starts when some steps need nothing more (an earlier run did them, or
 * there was nothing to do): the steps recompute from the org, so it continues there.
 */
export function resumeText(plan: OffboardingPlan): string | null {
  const next = plan.steps.find((s) => s.key === plan.nextStep);
  const done = plan.steps.filter((s) => s.status === 'done').length;
  if (!next || done === 0) return null;
  const steps = done === 1 ? '1 step is' : `${done} steps are`;
  return `${steps} done already; the offboarding continues with "${next.label}".`;
}

/** The leads section: who gets them, how many, and why an owner cannot take them. */
export function leadOwnerRows(plan: OffboardingPlan) {
  return plan.leadOwners.map((owner) => ({
    key: owner.ownerId,
    name: owner.name,
    typeText: OWNER_TYPES[owner.type] ?? owner.type,
    leadsText: formatCount(owner.leads, 'lead'),
    eligible: owner.eligible,
    reasonsText: owner.reasons.join(' '),
    rowClass: owner.eligible ? '' : 'slds-text-color_error',
  }));
}

export function leadsText(plan: OffboardingPlan): string {
  if (plan.openLeads === 0) return "No open lead is owned by the partner's users.";
  const parts = [`${formatCount(plan.openLeads, 'open lead')} owned by the partner's users`];
  if (plan.unplacedLeads > 0)
    parts.push(`${formatCount(plan.unplacedLeads, 'lead')} cannot be placed`);
  const text = parts.join('; ');
  return plan.leadsRunAsBatch
    ? `${text}. They move in the background (Batch Apex); the offboarding continues once they have.`
    : `${text}. They move in one reassignment you can undo in the lead-assignment console.`;
}

export function userRows(plan: OffboardingPlan) {
  return plan.users.map((user) => ({
    key: user.id,
    name: user.name,
    username: user.username,
    stateText: user.isActive ? 'Active: will be deactivated' : 'Inactive',
    leadsText: formatCount(user.openLeads, 'open lead'),
  }));
}

export function membershipRows(plan: OffboardingPlan) {
  return plan.memberships.map((m) => ({
    key: m.id,
    queueName: m.queueName,
    userName: m.userName ?? m.userId,
  }));
}

/**
 * Who may take the leads: the account's owner (the Apex default) or a lead queue, except the
 * queues the partner's users are leaving (their leads would sit in a queue nobody works).
 */
export function ownerOptions(
  plan: OffboardingPlan,
  queues: QueueInfo[],
): { label: string; value: string }[] {
  const leaving = new Set(plan.memberships.map((m) => m.queueName));
  const owner = plan.account.ownerName
    ? `The account's owner, ${plan.account.ownerName}`
    : "The account's owner";
  return [
    { label: owner, value: '' },
    ...queues
      .filter((queue) => !leaving.has(queue.name))
      .map((queue) => ({ label: `Queue: ${queue.name}`, value: queue.id })),
  ];
}

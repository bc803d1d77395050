/** The wizard's steps, in order, as lightning-progress-indicator shows them. */
export type StepName = 'readiness' | 'account' | 'contacts' | 'users' | 'review';

export const STEPS: readonly { value: StepName; label: string }[] = [
  { value: 'readiness', label: 'Readiness' },
  { value: 'account', label: 'Partner account' },
  { value: 'contacts', label: 'Contacts' },
  { value: 'users', label: 'Partner users' },
  { value: 'review', label: 'Review and send' },
];

export function stepIndex(step: StepName): number {
  return STEPS.findIndex((entry) => entry.value === step);
}

export function stepLabel(step: StepName): string {
  return STEPS[stepIndex(step)].label;
}

export function isStep(value: unknown): value is StepName {
  return STEPS.some((entry) => entry.value === value);
}

/** The step after (or before) this one; the same step at either end. */
export function neighbour(step: StepName, offset: 1 | -1): StepName {
  const index = Math.min(STEPS.length - 1, Math.max(0, stepIndex(step) + offset));
  return STEPS[index].value;
}

/** "Step 2 of 5: Partner account", for the heading and the screen reader. */
export function stepTitle(step: StepName): string {
  return `Step ${stepIndex(step) + 1} of ${STEPS.length}: ${stepLabel(step)}`;
}

/** Rows and wording of the preview: what planAssignment says will happen, per owner and per lead. */
import type {
  AssignmentPlan,
  PlanReason,
  PlannedAssignment,
  UnplacedReason,
} from '../../../../../types/leadAssignment';
import { OWNER_TYPE_LABELS } from './columns';
import { formatCount, formatNumber } from './format';

export const UNPLACED_REASON_LABELS: Record<UnplacedReason, string> = {
  INVALID_LEAD_ID: 'Not a lead Id.',
  DUPLICATE_LEAD: 'Selected twice.',
  NOT_FOUND: 'Not found, converted, or not visible to you.',
  NO_ELIGIBLE_OWNER: 'No eligible owner in the pool.',
  ALL_OWNERS_AT_CAPACITY: 'Every owner in the pool is at its cap.',
};

const PLAN_REASON_LABELS: Record<PlanReason, string> = {
  DIRECT: 'Direct',
  ROUND_ROBIN: 'Round robin',
  WEIGHTED: 'Weighted round robin',
  LEAST_LOADED: 'Least loaded',
  ASSIGNMENT_RULE: 'Assignment rule',
};

export interface PlanOwnerRow {
  ownerId: string;
  name: string;
  typeLabel: string;
  eligibilityLabel: string;
  loadChange: string;
  assigned: number;
}

export interface PlanLeadRow extends PlannedAssignment {
  newOwnerLabel: string;
  reasonLabel: string;
}

export interface UnplacedRow {
  leadId: string;
  label: string;
  reasonLabel: string;
}

export function planOwnerRows(plan: AssignmentPlan): PlanOwnerRow[] {
  return plan.owners.map((owner) => {
    const issues = owner.eligible ? owner.warnings : owner.reasons;
    const status = owner.eligible ? 'Eligible' : 'Not eligible';
    const cap = owner.cap == null ? '' : ` (cap ${formatNumber(owner.cap)})`;
    return {
      ownerId: owner.ownerId,
      name: owner.name,
      typeLabel: OWNER_TYPE_LABELS[owner.type],
      eligibilityLabel: [status, ...issues.map((issue) => issue.message)].join('. '),
      loadChange: `${formatNumber(owner.loadBefore)} → ${formatNumber(owner.loadAfter)}${cap}`,
      assigned: owner.assigned,
    };
  });
}

export function planLeadRows(plan: AssignmentPlan): PlanLeadRow[] {
  return plan.assignments.map((assignment) => ({
    ...assignment,
    newOwnerLabel: assignment.newOwnerName ?? 'Chosen by the assignment rule',
    reasonLabel: PLAN_REASON_LABELS[assignment.reason],
  }));
}

/** Unplaced leads, named when the list has loaded them. */
export function unplacedRows(plan: AssignmentPlan, names: Map<string, string>): UnplacedRow[] {
  return plan.unplaced.map(({ leadId, reason }) => ({
    leadId,
    label: names.get(leadId) ?? leadId,
    reasonLabel: UNPLACED_REASON_LABELS[reason],
  }));
}

export function placedCount(plan: AssignmentPlan): number {
  return Math.max(plan.total - plan.unplaced.length, 0);
}

/** One sentence for the preview's heading and the screen-reader announcement. */
export function planSummary(plan: AssignmentPlan): string {
  const placed = placedCount(plan);
  const owners = plan.owners.filter((owner) => owner.assigned > 0).length;
  const head =
    plan.method === 'assignmentRule'
      ? `${formatCount(placed, 'lead')} will be assigned by the assignment rule`
      : `${formatCount(placed, 'lead')} will go to ${formatCount(owners, 'owner')}`;
  const unplaced =
    plan.unplaced.length > 0
      ? `; ${formatCount(plan.unplaced.length, 'lead')} cannot be placed`
      : '';
  const batch = plan.runsAsBatch ? ' Applying runs in the background with progress.' : '';
  return `${head}${unplaced}.${batch}`;
}

/** Set when the per-lead table shows only the first rows of a larger plan. */
export function truncationNote(plan: AssignmentPlan): string | null {
  const shown = plan.assignments.length;
  const planned = placedCount(plan);
  return shown < planned
    ? `Showing the first ${formatNumber(shown)} of ${formatNumber(planned)} planned leads.`
    : null;
}

/** Everything the preview shows of a plan, computed once when the plan arrives. */
export interface PlanView {
  summary: string;
  ownerRows: PlanOwnerRow[];
  hasOwners: boolean;
  leadRows: PlanLeadRow[];
  hasLeads: boolean;
  truncationNote: string | null;
  unplaced: UnplacedRow[];
  unplacedHeading: string | null;
  placed: number;
  applyLabel: string;
}

export function planView(plan: AssignmentPlan, names: Map<string, string>): PlanView {
  const ownerRows = planOwnerRows(plan);
  const leadRows = planLeadRows(plan);
  const unplaced = unplacedRows(plan, names);
  const placed = placedCount(plan);
  return {
    summary: planSummary(plan),
    ownerRows,
    hasOwners: ownerRows.length > 0,
    leadRows,
    hasLeads: leadRows.length > 0,
    truncationNote: truncationNote(plan),
    unplaced,
    unplacedHeading:
      unplaced.length > 0 ? `Cannot be placed (${formatNumber(unplaced.length)})` : null,
    placed,
    applyLabel: `Apply to ${formatCount(placed, 'lead')}`,
  };
}

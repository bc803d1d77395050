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
  UNCHANGED: 'Unchanged: already with this owner',
};

export interface PlanOwnerRow {
  ownerId: string;
  name: string;
  typeLabel: string;
  eligibilityLabel: string;
  loadChange: string;
  /** Leads that change owner to this one. */
  assigned: number;
  /** Leads already with this owner: they stay, and are not written. */
  unchanged: number;
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
      unchanged: owner.unchanged ?? 0,
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

/** Leads already with their planned owner: shown, never written. */
export function unchangedCount(plan: AssignmentPlan): number {
  return plan.unchanged ?? 0;
}

/** Leads whose owner applying the plan changes. */
export function toChangeCount(plan: AssignmentPlan): number {
  return plan.toChange ?? Math.max(placedCount(plan) - unchangedCount(plan), 0);
}

/** One sentence for the preview's heading and the screen-reader announcement. */
export function planSummary(plan: AssignmentPlan): string {
  const placed = placedCount(plan);
  const changing = toChangeCount(plan);
  const unchanged = unchangedCount(plan);
  const owners = plan.owners.filter((owner) => owner.assigned > 0).length;
  const head =
    plan.method === 'assignmentRule'
      ? `${formatCount(placed, 'lead')} will be assigned by the assignment rule`
      : changing === 0
        ? 'No lead changes owner'
        : `${formatCount(changing, 'lead')} will go to ${formatCount(owners, 'owner')}`;
  const kept =
    unchanged > 0
      ? `; ${formatCount(unchanged, 'lead')} already ${unchanged === 1 ? 'has' : 'have'} the planned owner and ${unchanged === 1 ? 'stays' : 'stay'} as ${unchanged === 1 ? 'it is' : 'they are'}`
      : '';
  const unplaced =
    plan.unplaced.length > 0
      ? `; ${formatCount(plan.unplaced.length, 'lead')} cannot be placed`
      : '';
  const batch = plan.runsAsBatch ? ' Applying runs in the background with progress.' : '';
  return `${head}${kept}${unplaced}.${batch}`;
}

/** Where a round robin starts: the rotation it continues, or its first owner; null otherwise. */
export function rotationNote(plan: AssignmentPlan): string | null {
  const rotation = plan.rotation;
  if (!rotation) return null;
  return rotation.continuesBatchId
    ? `The rotation continues where the last run with these owners stopped: ${rotation.ownerName} gets the first lead.`
    : `The rotation starts with ${rotation.ownerName}.`;
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
  rotationNote: string | null;
  unplaced: UnplacedRow[];
  unplacedHeading: string | null;
  placed: number;
  /** Leads applying changes: the placed ones less those already with their planned owner. */
  toChange: number;
  applyLabel: string;
}

export function planView(plan: AssignmentPlan, names: Map<string, string>): PlanView {
  const ownerRows = planOwnerRows(plan);
  const leadRows = planLeadRows(plan);
  const unplaced = unplacedRows(plan, names);
  const placed = placedCount(plan);
  const toChange = toChangeCount(plan);
  return {
    summary: planSummary(plan),
    ownerRows,
    hasOwners: ownerRows.length > 0,
    leadRows,
    hasLeads: leadRows.length > 0,
    truncationNote: truncationNote(plan),
    rotationNote: rotationNote(plan),
    unplaced,
    unplacedHeading:
      unplaced.length > 0 ? `Cannot be placed (${formatNumber(unplaced.length)})` : null,
    placed,
    toChange,
    applyLabel: `Apply to ${formatCount(toChange, 'lead')}`,
  };
}

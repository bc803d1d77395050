/** The flags of `channelkit leads reassign`, checked before anything connects or changes. */
import { countProblem, type RoutingMethod } from '../../lib/routing/leadRouting.ts';
import { normalizeId } from '../../lib/salesforce-id.ts';
import { badInput } from '../cli/errors.ts';

export interface ReassignFlags {
  targetOrg?: string;
  where?: string;
  ids?: string;
  to?: string;
  roundRobin?: string;
  weights?: string;
  leastLoaded?: string;
  cap?: string;
  cursor?: string;
  strict?: boolean;
  dryRun?: boolean;
  plan?: string;
  journal?: string;
  json?: boolean;
  api?: string;
  notify?: boolean;
  assignmentRule?: string;
  includeClosed?: boolean;
  yes?: boolean;
}

export type ApplyApi = 'auto' | 'collections' | 'bulk';

export interface ReassignRequest {
  /** includeClosed only when given, so journals of runs without it still match on resume. */
  selection: { where: string; includeClosed?: true } | { ids: string };
  /** assignmentRule: the org's rule picks each owner (owners is empty). */
  method: RoutingMethod | 'assignmentRule';
  owners: string[];
  weights: number[] | null;
  cap: number | null;
  cursor: number;
  strict: boolean;
  api: ApplyApi;
  /** Send Salesforce's owner-change e-mail (through the Channel Kit Apex endpoint). */
  notify?: true;
  /** `default` (the active Lead rule) or an AssignmentRule Id. */
  assignmentRule?: string;
}

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** A count flag (--cap, --cursor, one of --weights) within the routing core's limits. */
function wholeNumber(flag: string, value: string): number {
  const count = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  const problem = countProblem(count, flag);
  if (problem !== null) {
    throw badInput('BadFlag', `${problem} Got "${value}".`, `For example ${flag} 100.`);
  }
  return count;
}

export function parseReassignFlags(flags: ReassignFlags): ReassignRequest {
  const selections = [
    flags.where !== undefined && '--where',
    flags.ids !== undefined && '--ids',
  ].filter(Boolean);
  if (selections.length !== 1) {
    throw badInput(
      'BadFlag',
      selections.length === 0
        ? 'Say which leads: --where or --ids.'
        : 'Give --where or --ids, not both.',
      "For example --where \"Status = 'Open - Not Contacted' AND Country = 'Germany'\" or --ids leads.csv (a CSV with an Id column).",
    );
  }
  if (flags.includeClosed && flags.ids !== undefined) {
    throw badInput(
      'BadFlag',
      '--include-closed goes with --where: an --ids file is an explicit list, taken as it is (closed leads included).',
      'Drop --include-closed.',
    );
  }
  const targets = [
    flags.to !== undefined && '--to',
    flags.roundRobin !== undefined && '--round-robin',
    flags.leastLoaded !== undefined && '--least-loaded',
    flags.assignmentRule !== undefined && '--assignment-rule',
  ].filter(Boolean);
  if (targets.length !== 1) {
    throw badInput(
      'BadFlag',
      targets.length === 0
        ? 'Say who gets the leads: --to, --round-robin, --least-loaded or --assignment-rule.'
        : `Give one of ${targets.join(', ')}, not several.`,
      'For example --to 005... (a user or queue), --round-robin "Partner Pool A,Partner Pool B", or --assignment-rule default.',
    );
  }
  if (flags.assignmentRule !== undefined) return parseRuleRequest(flags);
  if (flags.weights !== undefined && flags.roundRobin === undefined) {
    throw badInput(
      'BadFlag',
      '--weights goes with --round-robin.',
      'Drop --weights, or use --round-robin with it.',
    );
  }
  const method: RoutingMethod =
    flags.to !== undefined
      ? 'direct'
      : flags.leastLoaded !== undefined
        ? 'leastLoaded'
        : flags.weights !== undefined
          ? 'weighted'
          : 'roundRobin';
  const owners = list(flags.to ?? flags.roundRobin ?? flags.leastLoaded ?? '');
  if (method === 'direct' && owners.length !== 1) {
    throw badInput(
      'BadFlag',
      `--to takes one owner; got ${owners.length}.`,
      'Use --round-robin to share leads among several owners.',
    );
  }
  if (owners.length === 0)
    throw badInput(
      'BadFlag',
      `${targets[0]} names no owner.`,
      'Give user Ids, usernames or queue names, separated by commas.',
    );
  let weights: number[] | null = null;
  if (flags.weights !== undefined) {
    weights = list(flags.weights).map((w) => wholeNumber('--weights', w));
    if (weights.length !== owners.length) {
      throw badInput(
        'BadFlag',
        `--weights has ${weights.length} numbers for ${owners.length} owners.`,
        'Give one weight per --round-robin owner, in the same order, e.g. --weights 3,1.',
      );
    }
    if (weights.every((w) => w === 0))
      throw badInput(
        'BadFlag',
        'Every weight is 0, so nobody would get a lead.',
        'Give at least one owner a weight above 0.',
      );
  }
  return {
    selection: selectionOf(flags),
    method,
    owners,
    weights,
    cap: flags.cap === undefined ? null : wholeNumber('--cap', flags.cap),
    cursor: flags.cursor === undefined ? 0 : wholeNumber('--cursor', flags.cursor),
    strict: flags.strict ?? false,
    api: parseNotifyApi(flags),
    // Only when given, so journals of runs without it still match on resume.
    ...(flags.notify ? { notify: true as const } : {}),
  };
}

const selectionOf = (flags: ReassignFlags): ReassignRequest['selection'] =>
  flags.where !== undefined
    ? {
        where: flags.where.trim(),
        ...(flags.includeClosed ? { includeClosed: true as const } : {}),
      }
    : { ids: flags.ids! };

/** `--assignment-rule default|ID`: the rule picks owners, so owner options do not apply. */
function parseRuleRequest(flags: ReassignFlags): ReassignRequest {
  const ownerOptions = [
    flags.weights !== undefined && '--weights',
    flags.cap !== undefined && '--cap',
    flags.cursor !== undefined && '--cursor',
    flags.strict !== undefined && '--strict',
  ].filter(Boolean);
  if (ownerOptions.length > 0) {
    throw badInput(
      'BadFlag',
      `${ownerOptions.join(', ')} ${ownerOptions.length === 1 ? 'does' : 'do'} not go with --assignment-rule: the rule picks the owners.`,
      `Drop ${ownerOptions.join(', ')}, or name owners with --to, --round-robin or --least-loaded.`,
    );
  }
  if (flags.notify) {
    throw badInput(
      'BadFlag',
      '--notify does not go with --assignment-rule: the notify endpoint sets the owners you name, with assignment rules off.',
      "Drop --notify (the rule's own e-mail templates notify owners), or name owners with --to, --round-robin or --least-loaded.",
    );
  }
  const value = flags.assignmentRule!.trim();
  const id = normalizeId(value);
  if (value !== 'default' && !(id && id.startsWith('01Q'))) {
    throw badInput(
      'BadFlag',
      `--assignment-rule must be default or an assignment rule Id (01Q..., 15 or 18 characters); got "${value}".`,
      "Use --assignment-rule default for the org's active lead rule, or list rule Ids with `sf data query -q \"SELECT Id, Name, Active FROM AssignmentRule WHERE SobjectType = 'Lead'\"`.",
    );
  }
  return {
    selection: selectionOf(flags),
    method: 'assignmentRule',
    owners: [],
    weights: null,
    cap: null,
    cursor: 0,
    strict: false,
    api: parseApi(flags.api),
    assignmentRule: value === 'default' ? value : id!,
  };
}

/** With --notify the changes go through the Channel Kit endpoint, so --api has no say. */
export function parseNotifyApi(flags: { api?: string; notify?: boolean }): ApplyApi {
  const api = parseApi(flags.api);
  if (flags.notify && flags.api !== undefined) {
    throw badInput(
      'BadFlag',
      '--notify does not go with --api: changes that send the owner-change e-mail go through the Channel Kit Apex endpoint, 200 a call.',
      'Drop --api.',
    );
  }
  return api;
}

function parseApi(value: string | undefined): ApplyApi {
  if (value === undefined) return 'auto';
  if (value === 'auto' || value === 'collections' || value === 'bulk') return value;
  throw badInput(
    'BadFlag',
    `--api must be auto, collections or bulk; got "${value}".`,
    'Leave it out to let channelkit choose by the number of leads.',
  );
}

/** The flags of `channelkit leads reassign`, checked before anything connects or changes. */
import type { RoutingMethod } from '../../force-app/main/default/lwc/leadRouting/leadRouting.ts';
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
}

export type ApplyApi = 'auto' | 'collections' | 'bulk';

export interface ReassignRequest {
  selection: { where: string } | { ids: string };
  method: RoutingMethod;
  owners: string[];
  weights: number[] | null;
  cap: number | null;
  cursor: number;
  strict: boolean;
  api: ApplyApi;
}

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

function wholeNumber(flag: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) {
    throw badInput(
      'BadFlag',
      `${flag} must be a whole number of 0 or more; got "${value}".`,
      `For example ${flag} 100.`,
    );
  }
  return Number(value);
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
  if (flags.where !== undefined && flags.where.trim() === '') {
    throw badInput(
      'BadFlag',
      '--where is empty.',
      'Give a SOQL condition on Lead, e.g. --where "LeadSource = \'Web\'".',
    );
  }
  const targets = [
    flags.to !== undefined && '--to',
    flags.roundRobin !== undefined && '--round-robin',
    flags.leastLoaded !== undefined && '--least-loaded',
  ].filter(Boolean);
  if (targets.length !== 1) {
    throw badInput(
      'BadFlag',
      targets.length === 0
        ? 'Say who gets the leads: --to, --round-robin or --least-loaded.'
        : `Give one of ${targets.join(', ')}, not several.`,
      'For example --to 005... (a user or queue), or --round-robin "Partner Pool A,Partner Pool B".',
    );
  }
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
    selection: flags.where !== undefined ? { where: flags.where.trim() } : { ids: flags.ids! },
    method,
    owners,
    weights,
    cap: flags.cap === undefined ? null : wholeNumber('--cap', flags.cap),
    cursor: flags.cursor === undefined ? 0 : wholeNumber('--cursor', flags.cursor),
    strict: flags.strict ?? false,
    api: parseApi(flags.api),
  };
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

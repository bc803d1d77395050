/**
 * Fault specifications, as given to `org local --fault SPEC` (repeatable), `LOCALORG_FAULTS`
 * (specs separated by `;` or whitespace) or `startLocalOrg({ faults })`:
 *
 *   latency=MS | latency=MIN-MAX           delay every request (uniform in MIN..MAX ms)
 *   5xx=[METHOD:][PATH:]RATE[:STATUS]      answer matching requests with 500/502/503/504 (default 503)
 *   reset=[METHOD:][PATH:]RATE             drop the connection of matching requests without an answer
 *   expire-sessions[=EVERY]                end every access token every EVERY (default 60s; 500ms, 30s, 5m)
 *   lock-rows=RATE                         fail existing records written by Bulk ingest and
 *                                          sObject Collections with UNABLE_TO_LOCK_ROW
 *   fail-bulk-job[=KIND[:N]]               fail Bulk jobs (KIND ingest, query or all; default all):
 *                                          ingest jobs after N batches of 10,000 (default 0)
 *
 * PATH is a glob over the request path without its query string (`*` matches anything, `/`
 * included), e.g. `/services/data/*\/query*`; METHOD is GET, POST, PUT, PATCH, DELETE or `*`;
 * RATE is a probability from 0 to 1. Random choices are drawn from a generator seeded by
 * `--fault-seed` (default 1), so a run is repeatable.
 */

export type FaultSpec =
  | { kind: 'latency'; minMs: number; maxMs: number }
  | { kind: '5xx'; target: RequestTarget; rate: number; status: number }
  | { kind: 'reset'; target: RequestTarget; rate: number }
  | { kind: 'expire-sessions'; everyMs: number }
  | { kind: 'lock-rows'; rate: number }
  | { kind: 'fail-bulk-job'; jobs: 'ingest' | 'query' | 'all'; afterBatches: number };

/** Which requests a fault applies to. */
export interface RequestTarget {
  /** Upper-case method, or null for any. */
  method: string | null;
  /** The path glob as given ('*' for every path). */
  path: string;
  pattern: RegExp;
}

export const DEFAULT_SESSION_LIFETIME_MS = 60_000;
export const DEFAULT_FAULT_SEED = 1;

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', '*']);
const SERVER_ERRORS = new Set([500, 502, 503, 504]);

export const FAULT_SYNTAX =
  'latency=MS[-MAX], 5xx=[METHOD:][PATH:]RATE[:STATUS], reset=[METHOD:][PATH:]RATE, ' +
  'expire-sessions[=EVERY], lock-rows=RATE, fail-bulk-job[=ingest|query|all[:N]]';

export class FaultSpecError extends Error {
  constructor(spec: string, reason: string) {
    super(`invalid fault '${spec}': ${reason} (faults: ${FAULT_SYNTAX})`);
    this.name = 'FaultSpecError';
  }
}

function rateOf(spec: string, text: string | undefined): number {
  if (text === undefined || !/^(?:0|1|0?\.\d+|1\.0+)$/.test(text)) {
    throw new FaultSpecError(spec, `the rate must be a number from 0 to 1, got '${text ?? ''}'`);
  }
  return Number(text);
}

function wholeNumber(spec: string, text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new FaultSpecError(spec, `${what} must be a whole number`);
  return Number(text);
}

/** `500ms`, `30s`, `5m` or a bare number of milliseconds. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+)(ms|s|m)?$/.exec(text);
  if (!m) return null;
  const unit = m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 1;
  return Number(m[1]) * unit;
}

/** A path glob as an anchored, case-insensitive pattern. */
export function globPattern(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}

/** `[METHOD:][PATH:]RATE[:STATUS]` split into its parts. */
function requestFault(
  spec: string,
  value: string,
  withStatus: boolean,
): { target: RequestTarget; rate: number; status: number } {
  const parts = value.split(':');
  let method: string | null = null;
  if (parts.length > 1 && METHODS.has(parts[0].toUpperCase())) {
    const m = parts.shift()!.toUpperCase();
    method = m === '*' ? null : m;
  }
  let status = 503;
  if (withStatus && parts.length > 1 && /^\d{3}$/.test(parts[parts.length - 1])) {
    status = Number(parts.pop());
    if (!SERVER_ERRORS.has(status)) {
      throw new FaultSpecError(spec, 'the status must be 500, 502, 503 or 504');
    }
  }
  const rate = rateOf(spec, parts.pop());
  const path = parts.length ? parts.join(':') : '*';
  if (parts.length > 1 || (path !== '*' && !path.startsWith('/'))) {
    throw new FaultSpecError(spec, `the path must start with '/' (or be '*'), got '${path}'`);
  }
  return { target: { method, path, pattern: globPattern(path) }, rate, status };
}

/** Parses one fault; throws FaultSpecError with the syntax on anything it does not understand. */
export function parseFaultSpec(spec: string): FaultSpec {
  const eq = spec.indexOf('=');
  const name = (eq < 0 ? spec : spec.slice(0, eq)).trim().toLowerCase();
  const value = eq < 0 ? undefined : spec.slice(eq + 1).trim();
  switch (name) {
    case 'latency': {
      const m = value === undefined ? null : /^(\d+)(?:-(\d+))?$/.exec(value);
      if (!m)
        throw new FaultSpecError(spec, 'give the delay in ms: latency=200 or latency=100-300');
      const minMs = Number(m[1]);
      const maxMs = m[2] === undefined ? minMs : Number(m[2]);
      if (maxMs < minMs) throw new FaultSpecError(spec, 'the maximum is below the minimum');
      return { kind: 'latency', minMs, maxMs };
    }
    case '5xx': {
      if (!value) throw new FaultSpecError(spec, 'give at least a rate: 5xx=0.1');
      return { kind: '5xx', ...requestFault(spec, value, true) };
    }
    case 'reset': {
      if (!value) throw new FaultSpecError(spec, 'give at least a rate: reset=0.05');
      const { target, rate } = requestFault(spec, value, false);
      return { kind: 'reset', target, rate };
    }
    case 'expire-sessions': {
      if (value === undefined)
        return { kind: 'expire-sessions', everyMs: DEFAULT_SESSION_LIFETIME_MS };
      const everyMs = parseDuration(value);
      if (everyMs === null || everyMs < 10) {
        throw new FaultSpecError(spec, 'give the interval as 500ms, 30s or 5m (at least 10ms)');
      }
      return { kind: 'expire-sessions', everyMs };
    }
    case 'lock-rows':
      return { kind: 'lock-rows', rate: rateOf(spec, value) };
    case 'fail-bulk-job': {
      if (value === undefined || value === '') {
        return { kind: 'fail-bulk-job', jobs: 'all', afterBatches: 0 };
      }
      const [jobs, after, ...rest] = value.split(':');
      if (jobs !== 'ingest' && jobs !== 'query' && jobs !== 'all') {
        throw new FaultSpecError(spec, `the job kind must be ingest, query or all, got '${jobs}'`);
      }
      if (rest.length) throw new FaultSpecError(spec, 'expected fail-bulk-job=KIND[:N]');
      const afterBatches = after === undefined ? 0 : wholeNumber(spec, after, 'N');
      return { kind: 'fail-bulk-job', jobs, afterBatches };
    }
    default:
      throw new FaultSpecError(spec, `unknown fault '${name}'`);
  }
}

/** Parses a list of specs (strings are parsed, parsed specs pass through). */
export function parseFaultSpecs(specs: readonly (FaultSpec | string)[]): FaultSpec[] {
  return specs.map((s) => (typeof s === 'string' ? parseFaultSpec(s) : s));
}

/** `LOCALORG_FAULTS`: specs separated by `;` or whitespace. */
export function faultSpecsFromEnv(value: string | undefined): string[] {
  return (value ?? '').split(/[;\s]+/).filter(Boolean);
}

export function parseFaultSeed(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) {
    throw new Error(`invalid fault seed '${value}': use a whole number from 0 to 4294967295`);
  }
  return Number(value);
}

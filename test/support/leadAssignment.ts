/**
 * Calling the package's LeadAssignmentController on the local org over HTTP as the component does, the
 * shared contract fixtures, and a check that a result has exactly an example's shape.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import type { LeadAssignmentApi } from '../../types/leadAssignment.d.ts';

export type MethodName = keyof LeadAssignmentApi;

export interface ContractFixtures {
  examples: { [M in MethodName]: { request: unknown; result: unknown } };
  errors: {
    method: MethodName;
    request: unknown;
    message: string;
    as?: 'partnerUser';
    needsOrgIds?: boolean;
  }[];
}

export const contract = JSON.parse(
  readFileSync(
    new URL(
      '../../force-app/main/default/staticresources/LeadAssignmentContract.json',
      import.meta.url,
    ),
    'utf8',
  ),
) as ContractFixtures;

export interface Reply<T> {
  status: number;
  body: T;
}

/** POSTs `{"request": ...}` to the controller with a user's token, as Lightning calls it. */
export async function callRaw(
  org: RunningLocalOrg,
  method: string,
  request: unknown,
  token: string,
): Promise<Reply<unknown>> {
  const response = await fetch(`${org.url}/localorg/apex/LeadAssignmentController/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ request }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** Calls a method that must succeed and returns its typed result. */
export async function call<M extends MethodName>(
  org: RunningLocalOrg,
  method: M,
  request: LeadAssignmentApi[M]['request'] | Record<string, unknown>,
  token: string,
): Promise<LeadAssignmentApi[M]['result']> {
  const reply = await callRaw(org, method, request, token);
  assert.equal(reply.status, 200, `${method}: ${JSON.stringify(reply.body)}`);
  return reply.body as LeadAssignmentApi[M]['result'];
}

/**
 * Calls a method that must fail and returns its message. Lightning answers 500 for every Apex
 * exception; an AuraHandledException's body has no stack trace, any other exception's has one.
 */
export async function callError(
  org: RunningLocalOrg,
  method: string,
  request: unknown,
  token: string,
  exceptionType = 'System.AuraHandledException',
): Promise<string> {
  const reply = await callRaw(org, method, request, token);
  assert.equal(reply.status, 500, `${method}: ${JSON.stringify(reply.body)}`);
  const body = reply.body as { message: string; exceptionType: string };
  const keys = ['exceptionType', 'isUserDefinedException', 'message'];
  if (exceptionType !== 'System.AuraHandledException') keys.push('stackTrace');
  assert.deepEqual(Object.keys(body).sort(), keys, JSON.stringify(body));
  assert.equal(body.exceptionType, exceptionType, JSON.stringify(body));
  return body.message;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** Why `actual` does not have `example`'s shape, or null when it does. */
function shapeProblem(
  actual: unknown,
  example: unknown,
  path: string,
  inElement = false,
): string | null {
  if (kind(actual) !== kind(example)) {
    return `${path}: ${kind(actual)} where the example has ${kind(example)}`;
  }
  if (Array.isArray(example) && Array.isArray(actual)) {
    if (example.length === 0) return null;
    // An empty list would match any example vacuously: outside the elements of a list (whose
    // own lists, e.g. a candidate's warnings, may well be empty) the example's must be seen.
    if (actual.length === 0 && !inElement) {
      return `${path}: empty where the example has ${example.length}`;
    }
    for (const [i, item] of actual.entries()) {
      const problems = example.map((e) => shapeProblem(item, e, `${path}[${i}]`, true));
      if (!problems.includes(null)) return problems[0];
    }
    return null;
  }
  if (kind(example) === 'object') {
    const a = actual as Record<string, unknown>;
    const e = example as Record<string, unknown>;
    // Lightning leaves null properties out of a result: a key whose example value is null may
    // be absent; every other key must be there, and no key the example does not have.
    const keys = Object.keys(e).sort();
    const required = keys.filter((k) => e[k] !== null);
    const present = Object.keys(a).sort();
    if (present.some((k) => !keys.includes(k)) || required.some((k) => !present.includes(k))) {
      return `${path}: keys ${present.join(',')} where the example has ${keys.join(',')} (${required.join(',')} required)`;
    }
    for (const key of present) {
      const problem = shapeProblem(a[key], e[key], `${path}.${key}`, inElement);
      if (problem) return problem;
    }
  }
  return null;
}

/**
 * Same keys recursively and the same value types as the example; each array element must match
 * one of the example's elements (they show the variants, e.g. a user and a queue).
 */
export function assertShape(actual: unknown, example: unknown, label: string): void {
  const problem = shapeProblem(actual, example, label);
  assert.equal(problem, null, problem ?? '');
}

/** Replaces every occurrence of the map's keys (example Ids) in a JSON value. */
export function withIds<T>(value: T, ids: Map<string, string>): T {
  let json = JSON.stringify(value);
  for (const [from, to] of ids) json = json.split(from).join(to);
  return JSON.parse(json) as T;
}

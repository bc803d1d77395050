// The preview's `@salesforce/apex`: every `@salesforce/apex/Class.method` import becomes
// `apexMethod('Class', 'method')`, which POSTs its parameters to the local org, where the Apex
// runtime runs the package's @AuraEnabled method (`/localorg/apex/Class/method`) as the current
// persona. Like Lightning's transport it works imperatively and with @wire, keeps the answers of
// `cacheable=true` methods in a client cache keyed by the exact parameters (checked before any
// call, imperative ones too, until refreshApex fetches a wired value again), and rejects with
// Lightning's error: `{ status, body: { message, exceptionType, stackTrace, ... }, ok: false }`.
import { currentSession } from './session';
import type { DataCallback, WireAdapter } from './wire';

export interface ApexErrorBody {
  message: string;
  exceptionType: string;
  isUserDefinedException?: boolean;
  /** Absent for an AuraHandledException. */
  stackTrace?: string;
}

/** What an Apex call rejects with in Lightning (a fetch-response error). */
export interface ApexError {
  status: number;
  statusText: string;
  ok: false;
  body: ApexErrorBody;
  headers: Record<string, string>;
  errorType: 'fetchResponse';
}

type Params = Record<string, unknown>;

function apexError(status: number, statusText: string, body: ApexErrorBody): ApexError {
  return { status, statusText, ok: false, body, headers: {}, errorType: 'fetchResponse' };
}

/** The message of a local-org error answer: Lightning's `{message}` or Salesforce's `[{message}]`. */
function messageOf(payload: unknown): string | null {
  const first: unknown = Array.isArray(payload) ? payload[0] : payload;
  if (first && typeof first === 'object' && 'message' in first) {
    return String((first as { message: unknown }).message);
  }
  return null;
}

/** JSON with object keys sorted, so that equal parameters give one cache key. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v as Params).sort(([a], [b]) => (a < b ? -1 : 1)));
  });
}

/**
 * Answers of cacheable methods by user, method and parameters. An entry is only replaced by a
 * refresh: Lightning's refresh interval is unspecified, and a component must not rely on one.
 */
const clientCache = new Map<string, unknown>();

function cacheKey(userId: string, className: string, methodName: string, params: Params): string {
  return `${userId} ${className}.${methodName} ${canonical(params)}`;
}

/** Each caller gets its own copy: changing an answer must not change the cache. */
function copy<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/** Empties the client cache (for tests of the bridge). */
export function clearApexCache(): void {
  clientCache.clear();
}

export async function callApex(
  className: string,
  methodName: string,
  params: Params = {},
  refresh = false,
): Promise<unknown> {
  const session = currentSession();
  if (!session) {
    throw apexError(401, 'Unauthorized', {
      message: 'Choose a persona in the header first.',
      exceptionType: 'System.AuraHandledException',
    });
  }
  const key = cacheKey(session.userId, className, methodName, params);
  if (!refresh && clientCache.has(key)) return copy(clientCache.get(key));
  let response: Response;
  try {
    response = await fetch(
      `/localorg/apex/${encodeURIComponent(className)}/${encodeURIComponent(methodName)}`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${session.accessToken}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(params),
      },
    );
  } catch (error) {
    throw apexError(0, 'Network Error', {
      message: `Cannot reach the local org (${error instanceof Error ? error.message : String(error)}). Is npm start still running?`,
      exceptionType: 'System.CalloutException',
    });
  }
  const text = await response.text();
  let payload: unknown = null;
  try {
    payload = text ? JSON.parse(text) : null;
  } catch {
    payload = null;
  }
  if (response.ok) {
    if (response.headers.get('X-Apex-Cacheable') === 'true') clientCache.set(key, payload);
    return copy(payload);
  }
  if (response.status === 401) {
    throw apexError(401, response.statusText, {
      message: 'Your session has ended: choose the persona again in the header.',
      exceptionType: 'System.AuraHandledException',
    });
  }
  const body = (payload && typeof payload === 'object' ? payload : {}) as Partial<ApexErrorBody>;
  throw apexError(response.status, response.statusText, {
    ...body,
    message:
      messageOf(payload) ?? `${className}.${methodName} failed with HTTP ${response.status}.`,
    exceptionType: typeof body.exceptionType === 'string' ? body.exceptionType : 'System.Exception',
  });
}

interface Provisioned {
  data: unknown;
  error: unknown;
}

/** Provisioned values, for refreshApex. */
const adapters = new WeakMap<object, ApexWireAdapter>();

class ApexWireAdapter implements WireAdapter {
  private readonly className: string;
  private readonly methodName: string;
  private readonly callback: DataCallback<Provisioned>;
  private config: Params | null = null;
  /** Only the answer to the latest request is delivered. */
  private sequence = 0;

  constructor(className: string, methodName: string, callback: DataCallback<Provisioned>) {
    this.className = className;
    this.methodName = methodName;
    this.callback = callback;
  }

  connect(): void {}

  disconnect(): void {
    this.sequence++;
  }

  update(config: Params): void {
    this.config = config;
    // As on the platform: nothing is fetched while a parameter is still undefined.
    if (Object.values(config).some((value) => value === undefined)) return;
    this.fetch(false);
  }

  /** Provisions the method's value: from the client cache, or (refresh) from the server. */
  async fetch(refresh: boolean): Promise<void> {
    if (!this.config) return;
    const sequence = ++this.sequence;
    let value: Provisioned;
    try {
      value = {
        data: await callApex(this.className, this.methodName, this.config, refresh),
        error: undefined,
      };
    } catch (error) {
      value = { data: undefined, error };
    }
    if (sequence !== this.sequence) return;
    adapters.set(value, this);
    this.callback(value);
  }
}

export type ApexMethod = ((params?: Params) => Promise<unknown>) & {
  new (callback: DataCallback<Provisioned>): ApexWireAdapter;
};

/** One `@salesforce/apex/Class.method` import: a function, and a wire adapter when called with `new`. */
export function apexMethod(className: string, methodName: string): ApexMethod {
  function method(this: unknown, arg?: Params | DataCallback<Provisioned>): unknown {
    if (new.target) {
      return new ApexWireAdapter(className, methodName, arg as DataCallback<Provisioned>);
    }
    return callApex(className, methodName, (arg as Params | undefined) ?? {});
  }
  return method as unknown as ApexMethod;
}

/** `refreshApex(wiredValue)`: fetches a wired method's value from the server and re-caches it. */
export function refreshApex(value: unknown): Promise<void> {
  const adapter = value && typeof value === 'object' ? adapters.get(value) : undefined;
  return adapter ? adapter.fetch(true) : Promise.resolve();
}

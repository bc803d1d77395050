// The preview's `@salesforce/apex`: every `@salesforce/apex/Class.method` import becomes
// `apexMethod('Class', 'method')`, which POSTs its parameters to the local org's TypeScript twin
// (`/localorg/apex/Class/method`) as the current persona. It works imperatively and with @wire,
// and rejects as Lightning does: `{ status, body: { message, exceptionType }, ok: false }`.
import { currentSession } from './session';
import type { DataCallback, WireAdapter } from './wire';

export interface ApexErrorBody {
  message: string;
  exceptionType: string;
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

/** The message of a local-org error answer: the twin's `{message}` or Salesforce's `[{message}]`. */
function messageOf(payload: unknown): string | null {
  const first: unknown = Array.isArray(payload) ? payload[0] : payload;
  if (first && typeof first === 'object' && 'message' in first) {
    return String((first as { message: unknown }).message);
  }
  return null;
}

export async function callApex(
  className: string,
  methodName: string,
  params: Params = {},
): Promise<unknown> {
  const session = currentSession();
  if (!session) {
    throw apexError(401, 'Unauthorized', {
      message: 'Choose a persona in the header first.',
      exceptionType: 'System.AuraHandledException',
    });
  }
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
  if (response.ok) return payload;
  if (response.status === 401) {
    throw apexError(401, response.statusText, {
      message: 'Your session has ended: choose the persona again in the header.',
      exceptionType: 'System.AuraHandledException',
    });
  }
  const body = payload as Partial<ApexErrorBody> | null;
  throw apexError(response.status, response.statusText, {
    message:
      messageOf(payload) ?? `${className}.${methodName} failed with HTTP ${response.status}.`,
    exceptionType:
      body && typeof body.exceptionType === 'string' ? body.exceptionType : 'System.Exception',
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
    this.fetch();
  }

  async fetch(): Promise<void> {
    if (!this.config) return;
    const sequence = ++this.sequence;
    let value: Provisioned;
    try {
      value = {
        data: await callApex(this.className, this.methodName, this.config),
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

/** `refreshApex(wiredValue)`: fetches a wired method's value again. */
export function refreshApex(value: unknown): Promise<void> {
  const adapter = value && typeof value === 'object' ? adapters.get(value) : undefined;
  return adapter ? adapter.fetch() : Promise.resolve();
}

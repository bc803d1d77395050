// `lightning/uiRecordApi` in the preview: the UI API is not served by the local org, so the
// adapters provide an error a component can show and the functions reject with it.
import type { DataCallback, WireAdapter } from '../wire';

const UNAVAILABLE = {
  status: 501,
  body: { message: 'The UI API (lightning/uiRecordApi) is not available in the local preview.' },
};

class UnavailableAdapter implements WireAdapter {
  private readonly callback: DataCallback;

  constructor(callback: DataCallback) {
    this.callback = callback;
  }

  connect(): void {}

  update(): void {
    this.callback({ data: undefined, error: UNAVAILABLE });
  }

  disconnect(): void {}
}

export const getRecord = UnavailableAdapter;
export const getRecords = UnavailableAdapter;

export function getFieldValue(record: unknown, field: string | { fieldApiName: string }): unknown {
  const name = typeof field === 'string' ? field.split('.').pop() : field.fieldApiName;
  const fields = (record as { fields?: Record<string, { value: unknown }> } | null)?.fields;
  return name && fields?.[name] ? fields[name].value : undefined;
}

const unavailable = (): Promise<never> => Promise.reject(UNAVAILABLE);
export const updateRecord = unavailable;
export const createRecord = unavailable;
export const deleteRecord = unavailable;

export function notifyRecordUpdateAvailable(): Promise<void> {
  return Promise.resolve();
}

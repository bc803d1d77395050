// The wire adapter protocol (as LWC's engine calls it), for the preview's own adapters; the
// component lint rules forbid importing these types from 'lwc'.
export type DataCallback<T = unknown> = (value: T) => void;

export interface WireAdapter {
  connect(): void;
  update(config: Record<string, unknown>): void;
  disconnect(): void;
}

// `lightning/navigation` in the preview: there is no Lightning router, so Navigate only logs the
// page reference and GenerateUrl answers a local hash URL.
import type { PageReference } from 'lightning/navigation';
import type { DataCallback, WireAdapter } from '../wire';

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

function urlOf(ref: PageReference): string {
  const recordId = ref.attributes?.recordId;
  return typeof recordId === 'string' ? `#/record/${recordId}` : `#/${ref.type}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript requires any[] in a mixin's base type
type Constructor = new (...args: any[]) => object;

function mixin<T extends Constructor>(Base: T) {
  return class extends Base {
    [Navigate](ref: PageReference): void {
      console.info('[preview] navigation is not available here:', JSON.stringify(ref));
    }

    [GenerateUrl](ref: PageReference): Promise<string> {
      return Promise.resolve(urlOf(ref));
    }
  };
}

export const NavigationMixin = Object.assign(mixin, { Navigate, GenerateUrl });

/** Provides the shell's current page as a standard__navItemPage reference. */
export class CurrentPageReference implements WireAdapter {
  private readonly callback: DataCallback<PageReference>;

  constructor(callback: DataCallback<PageReference>) {
    this.callback = callback;
  }

  connect(): void {
    const page = window.location.hash.replace(/^#\/?/, '') || 'home';
    this.callback({ type: 'standard__navItemPage', attributes: { apiName: page }, state: {} });
  }

  update(): void {}

  disconnect(): void {}
}

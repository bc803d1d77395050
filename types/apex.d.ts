// One declaration per Apex method the components call, typed so it works both with @wire and
// imperatively: `((params) => Promise<T>) & WireAdapterConstructor`. Added as the components
// that call them are written; each has a TypeScript twin in the local org with the same contract.
import type { WireAdapterConstructor } from 'lwc';

export type ApexMethod<Params, Result> = ((params: Params) => Promise<Result>) &
  WireAdapterConstructor;

// Ambient declarations for the platform modules our components import. The platform supplies
// them at run time (and sfdx-lwc-jest stubs them in unit tests); nothing here depends on the
// editor-generated .sfdx folder.

declare module 'lightning/platformShowToastEvent' {
  export interface ShowToastEventDetail {
    title?: string;
    message: string;
    messageData?: (string | { url: string; label: string })[];
    variant?: 'info' | 'success' | 'warning' | 'error';
    mode?: 'dismissible' | 'pester' | 'sticky';
  }
  export class ShowToastEvent extends CustomEvent<ShowToastEventDetail> {
    constructor(detail: ShowToastEventDetail);
  }
}

declare module 'lightning/navigation' {
  export interface PageReference {
    type: string;
    attributes?: Record<string, unknown>;
    state?: Record<string, string | undefined>;
  }
  export const CurrentPageReference: import('lwc').WireAdapterConstructor;
  // A mixin: `class X extends NavigationMixin(LightningElement)`.
  export const NavigationMixin: {
    <T extends new (...args: any[]) => object>(
      base: T,
    ): T &
      (new (...args: any[]) => {
        [NavigationMixin.Navigate](pageReference: PageReference, replace?: boolean): void;
        [NavigationMixin.GenerateUrl](pageReference: PageReference): Promise<string>;
      });
    readonly Navigate: unique symbol;
    readonly GenerateUrl: unique symbol;
  };
}

declare module 'lightning/uiRecordApi' {
  import type { WireAdapterConstructor } from 'lwc';
  export interface RecordInput {
    apiName?: string;
    fields: Record<string, unknown>;
  }
  export const getRecord: WireAdapterConstructor;
  export const getRecords: WireAdapterConstructor;
  export function getFieldValue(record: unknown, field: string | FieldId): unknown;
  export function updateRecord(recordInput: RecordInput): Promise<unknown>;
  export function createRecord(recordInput: RecordInput): Promise<unknown>;
  export function deleteRecord(recordId: string): Promise<void>;
  export function notifyRecordUpdateAvailable(items: { recordId: string }[]): Promise<void>;
  export interface FieldId {
    objectApiName: string;
    fieldApiName: string;
  }
}

declare module '@salesforce/schema/*' {
  const reference: { objectApiName: string; fieldApiName?: string };
  export default reference;
}

declare module '@salesforce/label/*' {
  const label: string;
  export default label;
}

declare module '@salesforce/user/Id' {
  const userId: string;
  export default userId;
}

// `lightning/platformShowToastEvent` in the preview: the platform's event (same name and flags);
// the app shell listens for it and shows an SLDS toast.
import type { ShowToastEventDetail } from 'lightning/platformShowToastEvent';

export const SHOW_TOAST_EVENT = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent<ShowToastEventDetail> {
  constructor(detail: ShowToastEventDetail) {
    super(SHOW_TOAST_EVENT, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

// `@salesforce/user/Id` in the preview: the persona the page was rendered for (the shell
// re-creates the page after a persona switch, so components read the new value).
import { currentSession } from '../session';

let userId = currentSession()?.userId ?? '';

export function setCurrentUserId(id: string): void {
  userId = id;
}

export { userId as default };

/** `GET /services/data/vXX.X/localorg/outbox`: the e-mails the org sent (admins only). */
import { ApiError } from '../errors.ts';
import type { Router } from '../http/router.ts';
import { sessionOf } from '../http/types.ts';
import type { LocalOrg } from '../org.ts';
import { listOutbox } from '../outbox.ts';

export function registerOutboxRoutes(router: Router, org: LocalOrg): void {
  router.get('/services/data/:version/localorg/outbox', (ctx) => {
    if (!sessionOf(ctx).isAdmin) {
      throw new ApiError(
        403,
        'INSUFFICIENT_ACCESS',
        'The outbox is only available to administrators',
      );
    }
    const messages = listOutbox(org.store);
    return { status: 200, body: { totalSize: messages.length, messages } };
  });
}

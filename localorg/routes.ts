/** Every route of the local org, in matching order. */
import { registerAnonymousApexRoutes } from './apex/org/anonymous.ts';
import { registerApexRestRoutes } from './apex/org/apexRest.ts';
import { registerAuraRoutes } from './apex/org/aura.ts';
import { registerBulkRoutes } from './bulk/routes.ts';
import { Router } from './http/router.ts';
import { registerMetadataRoutes } from './metadata/routes.ts';
import type { LocalOrg } from './org.ts';
import { registerPreviewRoutes } from './preview.ts';
import { registerCollectionRoutes } from './rest/collections.ts';
import { registerCompositeRoutes } from './rest/composite.ts';
import { registerOAuthRoutes } from './rest/oauth.ts';
import { registerOutboxRoutes } from './rest/outbox.ts';
import { registerQueryRoutes } from './rest/query.ts';
import { registerConnectSiteRoutes } from './sites/connect.ts';
import { registerSObjectRoutes } from './rest/sobjects.ts';
import { registerVersionRoutes } from './rest/versions.ts';
import { registerToolingRoutes } from './tooling/routes.ts';

export function buildRouter(org: LocalOrg): Router {
  const router = new Router();
  registerOAuthRoutes(router, org);
  registerVersionRoutes(router, org);
  registerSObjectRoutes(router, org);
  registerQueryRoutes(router, org);
  registerToolingRoutes(router, org);
  registerCollectionRoutes(router, org);
  registerCompositeRoutes(router, org);
  registerOutboxRoutes(router, org);
  registerConnectSiteRoutes(router, org);
  registerApexRestRoutes(router, org);
  registerBulkRoutes(router, org);
  registerMetadataRoutes(router, org);
  registerAuraRoutes(router, org);
  registerAnonymousApexRoutes(router, org);
  registerPreviewRoutes(router, org);
  return router;
}

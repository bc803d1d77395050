/** Bulk API 2.0 routes: ingest and query jobs, served by the org's Bulk service. */
import type { Router } from '../http/router.ts';
import type { LocalOrg } from '../org.ts';
import { registerIngestRoutes } from './ingest/routes.ts';
import { registerQueryJobRoutes } from './query/routes.ts';
import { bulkServiceFor } from './service.ts';

export function registerBulkRoutes(router: Router, org: LocalOrg): void {
  const service = bulkServiceFor(org);
  registerIngestRoutes(router, service);
  registerQueryJobRoutes(router, service);
}

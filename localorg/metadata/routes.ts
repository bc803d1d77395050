/** Routes of the Metadata API: the SOAP endpoint and the REST deployRequest resource. */
import type { Router } from '../http/router.ts';
import type { LocalOrg } from '../org.ts';
import { registerDeployRequestRoutes } from './rest/deployRequest.ts';
import { metadataService } from './service.ts';
import { soapHandler } from './soap/handler.ts';

export function registerMetadataRoutes(router: Router, org: LocalOrg): void {
  const service = metadataService(org);
  // The session is in the SOAP header, not a Bearer header: the handler checks it.
  router.post('/services/Soap/m/:soapVersion', soapHandler(service), { auth: false });
  registerDeployRequestRoutes(router, service);
}

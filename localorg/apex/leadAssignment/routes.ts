/**
 * `POST /localorg/apex/LeadAssignmentController/{method}` with `{"request": {...}}`, exactly what
 * the component passes to the Apex method: 200 with the result, 400 with an AuraHandledException
 * body for contract errors, 404 for a method the controller does not have. Bearer sessions, like
 * every API route; the browser preview calls it from the same origin.
 */
import { ApiError } from '../../errors.ts';
import type { Router } from '../../http/router.ts';
import { sessionOf } from '../../http/types.ts';
import type { LocalOrg } from '../../org.ts';
import { ContractFailure } from './errors.ts';
import { isObject } from './input.ts';
import { leadAssignmentService } from './service.ts';

export const CONTROLLER_PATH = '/localorg/apex/LeadAssignmentController';

export function registerLeadAssignmentRoutes(router: Router, org: LocalOrg): void {
  const service = leadAssignmentService(org);
  router.post(`${CONTROLLER_PATH}/:method`, async (ctx) => {
    const method = ctx.params.method;
    if (!service.has(method)) {
      throw new ApiError(
        404,
        'NOT_FOUND',
        `LeadAssignmentController has no AuraEnabled method ${method}.`,
      );
    }
    try {
      const body = await ctx.json();
      if (body !== null && !isObject(body)) {
        throw new ContractFailure('The body must be {"request": {...}}.');
      }
      const result = service.call(method, sessionOf(ctx), body?.request);
      return { status: 200, body: result };
    } catch (error) {
      if (error instanceof ContractFailure) return { status: 400, body: error.toBody() };
      throw error;
    }
  });
}

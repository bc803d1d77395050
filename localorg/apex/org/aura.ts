/**
 * @AuraEnabled methods as Lightning calls them (LWC Developer Guide, "Call Apex Methods", "Handle
 * Errors from Apex"): `POST /localorg/apex/{Class}/{method}` with the parameters by name, as the
 * browser preview's `@salesforce/apex` bridge sends them. The caller needs access to the class
 * (profile or permission set); parameters are converted to the method's types as Lightning does;
 * the result comes back with only @AuraEnabled members and without null properties. Any exception
 * answers 500 with Lightning's error body: an AuraHandledException gives its message and no
 * stack trace; any other exception its type, message and stack trace.
 */
import type { Session } from '../../auth/session.ts';
import { ApiError } from '../../errors.ts';
import type { Router } from '../../http/router.ts';
import { sessionOf } from '../../http/types.ts';
import type { LocalOrg } from '../../org.ts';
import { UserAccess } from '../../permissions.ts';
import { auraParameter, auraResult } from '../runtime/auraJson.ts';
import type { MethodInfo } from '../runtime/classes.ts';
import { ApexThrow, SYNC_LIMITS } from '../runtime/context.ts';
import { callMethod } from '../runtime/invoke.ts';
import { apexService } from './service.ts';

export interface AuraErrorBody {
  message: string;
  exceptionType?: string;
  isUserDefinedException?: boolean;
  stackTrace?: string;
}

export type AuraOutcome =
  { status: 200; body: unknown; cacheable: boolean } | { status: 404 | 500; body: AuraErrorBody };

function auraEnabled(method: MethodInfo): boolean {
  return method.annotations.some((a) => a.name === 'auraenabled');
}

/** `@AuraEnabled(cacheable=true)`: Lightning may answer repeat calls from its client cache. */
export function isCacheable(method: MethodInfo): boolean {
  const annotation = method.annotations.find((a) => a.name === 'auraenabled');
  return annotation?.params.cacheable?.toLowerCase() === 'true';
}

/** A cacheable method may not change data: its first DML statement exceeds a limit of 0. */
const CACHEABLE_LIMITS = { ...SYNC_LIMITS, dmlStatements: 0 };

export function invokeAura(
  org: LocalOrg,
  session: Session,
  className: string,
  methodName: string,
  params: Record<string, unknown>,
): AuraOutcome {
  const service = apexService(org);
  service.ensureLoaded();
  const cls = service.runtime.classNamed(className);
  const method = cls
    ?.findMethods(methodName.toLowerCase())
    .find((m) => m.isStatic && auraEnabled(m) && m.owner === cls);
  if (!cls || !method) {
    return {
      status: 404,
      body: {
        message: `Unable to find Apex action class referenced as '${className}.${methodName}'.`,
      },
    };
  }
  if (!new UserAccess(org.store, session).canAccessClass(cls.name)) {
    return {
      status: 500,
      body: {
        message: `You do not have access to the Apex class named '${cls.name}'.`,
        exceptionType: 'System.NoAccessException',
        isUserDefinedException: false,
        stackTrace: '',
      },
    };
  }
  const cacheable = isCacheable(method);
  const ctx = service.newContext(session, cacheable ? CACHEABLE_LIMITS : SYNC_LIMITS);
  try {
    const body = service.transaction(ctx, (frame) => {
      const args = method.params.map((p) =>
        auraParameter(
          frame,
          params[p.name] ?? params[p.name.toLowerCase()] ?? null,
          p.type,
          p.name,
        ),
      );
      const value = callMethod(frame, method, null, args);
      return method.returnType.kind === 'void' ? null : auraResult(value, frame);
    });
    return { status: 200, body, cacheable };
  } catch (error) {
    if (!(error instanceof ApexThrow)) throw error;
    return { status: 500, body: errorBody(error) };
  }
}

function errorBody(error: ApexThrow): AuraErrorBody {
  const exception = error.exception;
  const handled = exception.cls.isSystem && exception.cls.name === 'AuraHandledException';
  const message = exception.native?.message ?? '';
  // Lightning's body for an AuraHandledException has no stack trace (LWC Developer Guide,
  // "Handle Errors from Apex"); that it names the type is unconfirmed.
  if (handled)
    return { message, exceptionType: exception.cls.typeName, isUserDefinedException: false };
  return {
    message,
    exceptionType: exception.cls.typeName,
    isUserDefinedException: !exception.cls.isSystem,
    stackTrace: (exception.native?.stackTrace ?? []).join('\n'),
  };
}

export const AURA_PATH = '/localorg/apex';

export function registerAuraRoutes(router: Router, org: LocalOrg): void {
  router.post(`${AURA_PATH}/:className/:method`, async (ctx) => {
    const body = await ctx.json();
    if (body !== null && (typeof body !== 'object' || Array.isArray(body))) {
      throw new ApiError(
        400,
        'JSON_PARSER_ERROR',
        'The body must be a JSON object of the parameters by name.',
      );
    }
    const outcome = invokeAura(
      org,
      sessionOf(ctx),
      ctx.params.className,
      ctx.params.method,
      (body ?? {}) as Record<string, unknown>,
    );
    // The preview's bridge keeps a cacheable method's answers in its client cache, as Lightning.
    const headers: Record<string, string> =
      outcome.status === 200 && outcome.cacheable ? { 'X-Apex-Cacheable': 'true' } : {};
    return { status: outcome.status, body: outcome.body, headers };
  });
}

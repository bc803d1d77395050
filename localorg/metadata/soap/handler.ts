/**
 * `POST /services/Soap/m/{version}`: the Metadata API's SOAP endpoint. The session comes from
 * `<SessionHeader><sessionId>`; deploy, checkDeployStatus, cancelDeploy, retrieve,
 * checkRetrieveStatus and listMetadata are served, anything else is a SOAP fault.
 */
import type { Session } from '../../auth/session.ts';
import { ApiError } from '../../errors.ts';
import { MAX_API_VERSION, MIN_API_VERSION } from '../../http/server.ts';
import type { Handler, HttpResponse, RequestContext } from '../../http/types.ts';
import { normalizeId } from '../../ids.ts';
import { DeployOptionsError, parseDeployOptions } from '../deploy/options.ts';
import { asyncResult, deployResult } from '../deploy/view.ts';
import { MAX_LIST_QUERIES, listMetadata, listQueries } from '../retrieve/list.ts';
import { RetrieveRequestError, parseRetrieveRequest } from '../retrieve/request.ts';
import { RETRIEVE_PREFIX, retrieveAsyncResult } from '../retrieve/retriever.ts';
import type { MetadataService } from '../service.ts';
import {
  SoapFault,
  faultResponse,
  invalidSessionFault,
  parseSoapRequest,
  soapResponse,
} from './envelope.ts';
import type { SoapRequest } from './envelope.ts';

/** Metadata API calls the local org knows of but does not serve. */
const UNSERVED = new Set([
  'describeMetadata',
  'describeValueType',
  'readMetadata',
  'createMetadata',
  'updateMetadata',
  'upsertMetadata',
  'deleteMetadata',
  'renameMetadata',
  'deployRecentValidation',
]);

const MAX_REQUEST_BYTES = 50 * 1024 * 1024;

function checkVersion(version: string): void {
  const m = /^(\d+)\.0$/.exec(version);
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= MIN_API_VERSION && n <= MAX_API_VERSION)) {
    throw new SoapFault(
      'UNSUPPORTED_API_VERSION',
      'UNSUPPORTED_API_VERSION: Invalid Api version specified on URL',
    );
  }
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function deployId(value: unknown, prefix = '0Af', noun = 'deploy'): string {
  const id = normalizeId(asString(value));
  if (!id || !id.startsWith(prefix)) {
    throw new SoapFault(
      'INVALID_ID_FIELD',
      `INVALID_ID_FIELD: Invalid ${noun} Id: ${asString(value)}`,
    );
  }
  return id;
}

function operate(service: MetadataService, session: Session, request: SoapRequest): HttpResponse {
  const deployer = service.deployer;
  const { operation, args } = request;
  switch (operation) {
    case 'deploy': {
      const zip = Buffer.from(request.zipFile ?? '', 'base64');
      if (zip.length === 0) {
        throw new SoapFault('soapenv:Client', 'The deploy call needs a ZipFile');
      }
      let options;
      try {
        options = parseDeployOptions(args.DeployOptions as Record<string, unknown> | undefined);
      } catch (error) {
        if (error instanceof DeployOptionsError)
          throw new SoapFault('soapenv:Client', error.message);
        throw error;
      }
      return soapResponse('deploy', asyncResult(deployer.start(session, zip, options)));
    }
    case 'checkDeployStatus': {
      const id = deployId(args.asyncProcessId);
      const record = deployer.status(id);
      if (!record)
        throw new SoapFault('INVALID_ID_FIELD', `INVALID_ID_FIELD: Invalid deploy Id: ${id}`);
      const includeDetails = asString(args.includeDetails).toLowerCase() === 'true';
      return soapResponse('checkDeployStatus', deployResult(record, includeDetails));
    }
    case 'cancelDeploy': {
      const id = deployId(args.id ?? args.String);
      const record = deployer.cancel(session, id);
      if (!record)
        throw new SoapFault('INVALID_ID_FIELD', `INVALID_ID_FIELD: Invalid deploy Id: ${id}`);
      return soapResponse('cancelDeploy', {
        done: record.status !== 'Canceling' && record.status !== 'InProgress',
        id: record.id,
      });
    }
    case 'retrieve': {
      let retrieveRequest;
      try {
        retrieveRequest = parseRetrieveRequest(args);
      } catch (error) {
        if (error instanceof RetrieveRequestError)
          throw new SoapFault('soapenv:Client', error.message);
        throw error;
      }
      const record = service.retriever.start(session, retrieveRequest);
      return soapResponse('retrieve', retrieveAsyncResult(record));
    }
    case 'checkRetrieveStatus': {
      const id = deployId(args.asyncProcessId ?? args.id, RETRIEVE_PREFIX, 'retrieve');
      const record = service.retriever.status(id);
      if (!record)
        throw new SoapFault('INVALID_ID_FIELD', `INVALID_ID_FIELD: Invalid retrieve Id: ${id}`);
      // includeZip (API 34 and later) defaults to true.
      const includeZip = asString(args.includeZip).toLowerCase() !== 'false';
      return soapResponse('checkRetrieveStatus', service.retriever.result(record, includeZip));
    }
    case 'listMetadata': {
      const queries = listQueries(args);
      if (queries.length > MAX_LIST_QUERIES) {
        throw new SoapFault(
          'soapenv:Client',
          `listMetadata takes at most ${MAX_LIST_QUERIES} ListMetadataQuery per call`,
        );
      }
      const listed = listMetadata(service.org, queries, service.retriever.userName);
      return soapResponse(
        'listMetadata',
        listed.map((p) => ({ ...p })),
      );
    }
    default:
      if (UNSERVED.has(operation)) {
        throw new SoapFault(
          'UNKNOWN_EXCEPTION',
          `UNKNOWN_EXCEPTION: The local org does not serve the Metadata API call ${operation}`,
        );
      }
      throw new SoapFault(
        'soapenv:Client',
        `No operation available for request {http://soap.sforce.com/2006/04/metadata}${operation}`,
      );
  }
}

async function readRequest(ctx: RequestContext): Promise<string> {
  const length = Number(ctx.headers['content-length'] ?? 0);
  const tooLarge = new SoapFault(
    'EXCEEDED_MAX_SIZE_REQUEST',
    `EXCEEDED_MAX_SIZE_REQUEST: Maximum size of request reached. Maximum size of request is ${MAX_REQUEST_BYTES} bytes.`,
  );
  if (length > MAX_REQUEST_BYTES) throw tooLarge;
  try {
    return (await ctx.body()).toString('utf8');
  } catch (error) {
    if (error instanceof ApiError && error.status === 413) throw tooLarge;
    throw error;
  }
}

export function soapHandler(service: MetadataService): Handler {
  const org = service.org;
  return async (ctx) => {
    try {
      checkVersion(ctx.params.soapVersion);
      const request = parseSoapRequest(await readRequest(ctx));
      const session = request.sessionId ? org.sessionForToken(request.sessionId) : undefined;
      if (!session) throw invalidSessionFault();
      const used = org.countApiRequest();
      if (used > org.config.apiLimit) {
        throw new SoapFault(
          'REQUEST_LIMIT_EXCEEDED',
          'REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.',
        );
      }
      if (!session.isAdmin) {
        throw new SoapFault(
          'INSUFFICIENT_ACCESS',
          'INSUFFICIENT_ACCESS: use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions',
        );
      }
      return operate(service, session, request);
    } catch (error) {
      if (error instanceof SoapFault) return faultResponse(error);
      org.config.log(
        `error in the Metadata API: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return faultResponse(
        new SoapFault(
          'UNKNOWN_EXCEPTION',
          'UNKNOWN_EXCEPTION: An unexpected error occurred. Please check the local org log.',
        ),
      );
    }
  };
}
